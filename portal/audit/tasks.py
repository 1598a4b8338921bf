from celery import shared_task

import portal.celery  # noqa: F401  (the app these tasks are sent with; portal/__init__.py does not load it)


@shared_task(name="audit.anchor_head")
def anchor_head():
    """beat, once a day: anchor the audit chain's head outside the database."""
    from .anchors import audit_anchor

    anchor = audit_anchor()
    return {"seq": anchor.seq, "hash": anchor.hash}
