"""Values every page's frame shows."""

from django.conf import settings


def site_identity(request):
    """The site's identity for the footer (SITE_* settings): 主办单位, 联系电话, 网站标识码, ICP 备案号,
    the 依申请公开 and accessibility links. Unset ones are left out."""
    return {"site": settings.SITE_IDENTITY}
