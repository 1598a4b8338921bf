"""What disclosures announces to the apps above it (reviews), which it never imports.

version_content_changed: a version's tables, text, last-year totals or evaluations were
    written; sent inside the writing transaction, after the write, with `version` (the locked,
    refreshed row). Receivers recompute what they derive from the content (reviews: the
    findings), in the same transaction, so a failing receiver undoes the write.
document_rendered: a RenderedDocument was rendered and stored, with `document`; sent outside
    any transaction (reviews: publication follows approval once the PDF exists).
"""

from django.dispatch import Signal

version_content_changed = Signal()
document_rendered = Signal()


def content_changed(*, version):
    version_content_changed.send(sender=type(version), version=version)
