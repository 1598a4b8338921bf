"""What the site's frame shows of reviews: the signed-in user's unread notices (the bell)."""

from functools import cache

from .notices.selectors import notices_unread_count


def notices(request):
    """{"notices_unread": a callable the template calls once, when it shows the bell}: no query
    for anonymous visitors or pages that do not show it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notices_unread": cache(lambda: notices_unread_count(user=user))}
