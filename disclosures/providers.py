"""What disclosures asks of the apps above it, which it never imports.

disclosures shows things it does not keep: the stored findings of a version (kept by reviews,
shown in the 说明 editor), the cells a reviewer returned (highlighted in the table editor) and
the self-inspection checklist (an attachment of the PDF). reviews registers one function for
each at start-up (ReviewsConfig.ready -> reviews/receivers.py); without it, each gives nothing,
so disclosures works (and is tested) on its own. Announcements the other way are signals
(signals.py).
"""

_providers = {}

NAMES = {
    # version -> [finding objects with .pk, .position, .cells (list of dicts)]
    "findings": list,
    # version, table number -> {(row, column): the reviewer's reason}
    "returned_cells": dict,
    # version -> [{no, group, category, text, answer, remark}], [] unless published with the report
    "checklist_rows": list,
}


def provider_register(name, function):
    if name not in NAMES:
        raise KeyError(f"unknown provider {name!r}")
    _providers[name] = function


def provided(name, **kwargs):
    """What the registered provider gives for `kwargs`, or an empty value when none is registered."""
    function = _providers.get(name)
    return function(**kwargs) if function else NAMES[name]()
