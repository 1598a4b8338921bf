"""Values every page's frame shows."""

from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse

from .display import LARGE, STANDARD, display_large


def site_identity(request):
    """The site's identity for the footer (SITE_* settings): 主办单位, 联系电话, 网站标识码, ICP 备案号,
    the 依申请公开 and accessibility links. Unset ones are left out."""
    return {"site": settings.SITE_IDENTITY}


def display_mode(request):
    """长者模式 (portal/display.py): whether it is on, and the link that switches it, back to this page
    (for a page that answered a form, the page the form was on: its address takes no GET)."""
    large = display_large(request)
    back = request.get_full_path() if request.method in ("GET", "HEAD") else request.headers.get("Referer", "/")
    query = urlencode({"mode": STANDARD if large else LARGE, "next": back})
    return {"display": {"large": large, "switch": f"{reverse('display')}?{query}"}}
