"""The reviewer's dashboard at /review/: every department of the reviewer's scope for a year.

Who may see it: finance bureau reviewers, and only the departments of their region (and
departments assigned to them). Accountants and administrators get 403, anonymous visitors
the login page. Bulk actions refuse (404) any department id outside the reviewer's scope.
"""

import zipfile
from io import BytesIO

from django.conf import settings
from django.contrib import messages
from django.core.mail import send_mail
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views import View
from django.views.generic import TemplateView
from django_tables2 import RequestConfig

from disclosures.excel.writer import workbook_write
from disclosures.models import ReportVersion, VersionState
from disclosures.regions import region_profile
from disclosures.selectors import departments_for_user, version_tables
from disclosures.views.workbook import xlsx_response
from portal.accounts.models import Role, User
from portal.accounts.permissions import ReviewerRequiredMixin

from .dashboard import (
    DashboardFilter,
    DashboardTable,
    dashboard_default_year,
    dashboard_rows,
    dashboard_totals,
    dashboard_workbook,
    dashboard_years,
    state_label,
)
from .notices.selectors import accountants_without_email
from .selectors import deadlines_for_year
from .workflow import TransitionRefused, review_approve

MIN_YEAR, MAX_YEAR = 2000, 2100
DASHBOARD_PAGE_SIZE = 50
NO_EMAIL_LISTED = 10  # the to-do names this many accountants without an e-mail address, then says how many more


def selected_year(request, data):
    """The year asked for (GET or POST `year`), else the latest year with reports."""
    try:
        year = int(data.get("year", ""))
    except ValueError:
        year = None
    if year is None or not MIN_YEAR <= year <= MAX_YEAR:
        year = dashboard_default_year(user=request.user)
    return year


def dashboard_table(request, *, year, today=None, paginate=True):
    """The filter and the sorted table for a request (the page and the Excel download share it).

    The page shows DASHBOARD_PAGE_SIZE rows a page: the database filters, sorts, counts and
    cuts them; the Excel download (paginate=False) has every row."""
    today = today or timezone.localdate()
    rows = dashboard_rows(user=request.user, year=year, today=today)
    filterset = DashboardFilter(request.GET or None, queryset=rows)
    table = DashboardTable(filterset.qs, deadlines=deadlines_for_year(year=year), today=today)
    RequestConfig(request, paginate={"per_page": DASHBOARD_PAGE_SIZE} if paginate else False).configure(table)
    return filterset, table


class DashboardView(ReviewerRequiredMixin, TemplateView):
    """Who may see it: reviewers (their scope only); others 403, anonymous to login."""

    template_name = "review/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = selected_year(self.request, self.request.GET)
        query = self.request.GET.copy()
        query["year"] = year
        # The table's sort and page links are built from request.GET: with the year in it they
        # keep the year as well as the filter, the sort and the page.
        self.request.GET = query
        filterset, table = dashboard_table(self.request, year=year)
        years = sorted(set(dashboard_years(user=self.request.user)) | {year}, reverse=True)
        totals = dashboard_totals(rows=filterset.qs)
        no_email = list(accountants_without_email(user=self.request.user))
        context.update(
            no_email_count=len(no_email),
            no_email_listed=no_email[:NO_EMAIL_LISTED],
            year=year,
            years=years,
            filter=filterset,
            table=table,
            deadlines=table.deadlines,
            today=table.today,
            query=query.urlencode(),
            total=totals["total"],
            late_count=totals["late"],
        )
        return context


class DashboardExcelView(ReviewerRequiredMixin, View):
    """Who may see it: reviewers; the dashboard's rows as filtered and sorted, as .xlsx."""

    def get(self, request):
        year = selected_year(request, request.GET)
        _, table = dashboard_table(request, year=year, paginate=False)
        data = dashboard_workbook(table=table, year=year)
        return xlsx_response(data, f"{year}年度部门决算审核情况.xlsx")


class DashboardBulkView(ReviewerRequiredMixin, View):
    """Who may see it: reviewers. POST only (CSRF-protected): a bulk action on the selected
    departments. Any id outside the reviewer's scope refuses the whole request with 404."""

    http_method_names = ["post"]

    def post(self, request):
        year = selected_year(request, request.POST)
        back = reverse("review:index") + "?" + _safe_query(request.POST.get("query", ""), year)
        try:
            ids = {int(value) for value in request.POST.getlist("ids")}
        except ValueError:
            raise Http404("部门不存在") from None
        departments = list(departments_for_user(user=request.user).filter(pk__in=ids).select_related("parent"))
        if len(departments) != len(ids):
            raise Http404("所选部门不在您的审核范围内")
        if not departments:
            messages.warning(request, "请先勾选部门。")
            return redirect(back)
        action = request.POST.get("action")
        if action == "remind":
            self.remind(request, departments=departments, year=year)
            return redirect(back)
        if action == "approve":
            self.approve(request, departments=departments, year=year)
            return redirect(back)
        if action == "zip":
            response = self.zip(request, departments=departments, year=year)
            return response or redirect(back)
        messages.error(request, "未知的操作。")
        return redirect(back)

    def remind(self, request, *, departments, year):
        """Mail the accountants of each selected department not yet published; nothing is recorded."""
        deadlines = deadlines_for_year(year=year)
        newest = _newest_versions(departments=departments, year=year)
        sent_departments, recipients_total, skipped, no_mail = 0, 0, [], []
        for department in departments:
            version = newest.get(department.pk)
            if version is not None and version.state == VersionState.PUBLISHED:
                skipped.append(department.name)
                continue
            recipients = sorted(
                User.objects.filter(role=Role.ACCOUNTANT, is_active=True, departments=department)
                .exclude(email="")
                .values_list("email", flat=True)
            )
            if not recipients:
                no_mail.append(department.name)
                continue
            state = state_label(version) if version else "未填报"
            send_mail(
                subject=f"【催报提醒】{department.name}{year}年度部门决算",
                message=(
                    f"{department.name}：\n\n"
                    f"贵单位{year}年度部门决算目前状态为“{state}”。\n"
                    f"报送截止日期：{deadlines.submit:%Y年%m月%d日}；公开截止日期：{deadlines.publish:%Y年%m月%d日}。\n"
                    "请尽快登录部门决算公开平台完成填报、提交和公开。\n\n"
                    f"{request.user}（财政局审核人）"
                ),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=recipients,
            )
            sent_departments += 1
            recipients_total += len(recipients)
        if sent_departments:
            messages.success(request, f"已向{sent_departments}个部门的{recipients_total}位填报人发送催报提醒。")
        if skipped:
            messages.info(request, "已公开，未提醒：" + "、".join(skipped))
        if no_mail:
            messages.warning(request, "没有填报人电子邮箱，未能提醒：" + "、".join(no_mail))

    def approve(self, request, *, departments, year):
        """Approve each selected department's submitted version; each one is its own guarded
        transition (refused while an error is open), the others are named and left as they are."""
        newest = _newest_versions(departments=departments, year=year)
        approved, skipped, refused = [], [], []
        for department in departments:
            version = newest.get(department.pk)
            if version is None or version.state != VersionState.SUBMITTED:
                skipped.append(department.name)
                continue
            try:
                review_approve(version=version, user=request.user, expected_state=VersionState.SUBMITTED)
            except TransitionRefused as exc:
                refused.append(f"{department.name}（{exc}）")
            else:
                approved.append(department.name)
        if approved:
            messages.success(request, f"已审核通过{len(approved)}份报告：" + "、".join(approved))
        if skipped:
            messages.info(request, "未提交，未审核：" + "、".join(skipped))
        if refused:
            messages.error(request, "未能审核：" + "；".join(refused))

    def zip(self, request, *, departments, year):
        """The newest version's nine tables of each selected department with a report, as one zip."""
        newest = _newest_versions(departments=departments, year=year)
        buffer = BytesIO()
        names, missing = 0, []
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for department in departments:
                version = newest.get(department.pk)
                if version is None:
                    missing.append(department.name)
                    continue
                data = workbook_write(
                    tables=version_tables(version=version),
                    department_name=department.name,
                    year=year,
                    profile=region_profile(region=department.region),
                )
                archive.writestr(f"{year}年度{department.name}部门决算公开表（第{version.number}版）.xlsx", data)
                names += 1
        if not names:
            messages.warning(request, "所选部门均未填报，没有可下载的报表。")
            return None
        response = HttpResponse(buffer.getvalue(), content_type="application/zip")
        response["Content-Disposition"] = content_disposition_header(True, f"{year}年度部门决算公开表（{names}个部门）.zip")
        response["X-Content-Type-Options"] = "nosniff"
        return response


def _newest_versions(*, departments, year):
    """{department id: its newest version of the year} for the departments with a report."""
    newest = {}
    versions = (
        ReportVersion.objects.filter(report__department__in=departments, report__year=year)
        .select_related("report")
        .order_by("report__department_id", "-number")
    )
    for version in versions:
        newest.setdefault(version.report.department_id, version)
    return newest


def _safe_query(query, year):
    """The dashboard's own filter/sort parameters to return to, and nothing else."""
    from django.http import QueryDict

    kept = QueryDict(mutable=True)
    given = QueryDict(query)
    for key in ("state", "late", "q", "sort", "page"):
        if key in given:
            kept[key] = given[key][:100]
    kept["year"] = year
    return kept.urlencode()
