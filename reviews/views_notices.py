"""The user's notices (通知): the list, newest first, and marking them read.

Who may see them: any signed-in user, their own notices only; someone else's notice is not found
(404), whatever the role."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import TemplateView

from portal.accounts.permissions import Audience

from .notices.selectors import notice_for_user, notices_for_user, notices_unread_count
from .notices.services import notice_mark_read, notices_mark_all_read

PAGE_SIZE = 30


class NoticeListView(LoginRequiredMixin, TemplateView):
    """Who may see it: any signed-in user; their own notices only."""

    audience = Audience.SIGNED_IN
    template_name = "notices/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(notices_for_user(user=self.request.user).select_related("report__department"), PAGE_SIZE).get_page(
            self.request.GET.get("page")
        )
        context.update(page=page, notices=page.object_list, unread=notices_unread_count(user=self.request.user))
        return context


class NoticeReadView(LoginRequiredMixin, View):
    """Who may see it: the notice's own user (others 404). POST marks it read, then goes to `next`
    when it is an address of this site (the notice's link), else back to the list."""

    audience = Audience.OWNER
    http_method_names = ["post"]

    def post(self, request, notice_id):
        notice = notice_for_user(user=request.user, pk=notice_id)
        if notice is None:
            raise Http404("没有这条通知")
        notice_mark_read(notice=notice, user=request.user)
        target = request.POST.get("next", "")
        if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
            return redirect(target)
        return redirect("notices:index")


class NoticeReadAllView(LoginRequiredMixin, View):
    """Who may see it: any signed-in user. POST marks every unread notice of their own read."""

    audience = Audience.SIGNED_IN
    http_method_names = ["post"]

    def post(self, request):
        count = notices_mark_all_read(user=request.user)
        messages.success(request, f"已将{count}条通知标为已读。" if count else "没有未读通知。")
        return redirect("notices:index")
