from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from .permissions import Audience, audience


@login_required
@audience(Audience.SIGNED_IN)
def home(request):
    """Who may see it: any signed-in user; sends each role to its own area."""
    user = request.user
    if user.is_portal_admin:
        return redirect("admin:index")
    if user.is_reviewer:
        return redirect("review:index")
    if user.is_accountant:
        return redirect("workspace:index")
    return redirect("public:home")
