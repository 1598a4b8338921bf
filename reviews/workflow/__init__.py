"""The review workflow and its records: submit, withdraw, return, approve, publish, correct.

The transitions are declared in transitions.py; the services that take them (one transaction
each, audited) are in services.py; what the gate reads (return reasons and their answers) in
selectors.py.
"""

from .services import (  # noqa: F401
    TransitionRefused,
    publish_due,
    report_publish,
    report_start_correction,
    report_submit,
    report_withdraw,
    return_reasons_reply,
    review_approve,
    review_return,
)
from .selectors import return_count  # noqa: F401
