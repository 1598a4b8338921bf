"""The public page “检查一份决算公开文件” at /check/: anyone uploads one published PDF and sees
its findings at once. Nothing is stored unless the visitor asks to keep the result, which then
has an address of its own to share.

Who may see it: everyone, signed in or not (audience PUBLIC). Its limits: a request over
PUBLIC_CHECK_MAX_BYTES is refused with 413 before it is read (portal/upload_limit.py), a PDF of
more than PUBLIC_CHECK_MAX_PAGES pages is refused, and each client address may start
PUBLIC_CHECK_PER_HOUR checks an hour (429 beyond; counted in the database, so shared by every
process: reviews/inspections/public.py).
"""

from django.conf import settings
from django.core import signing
from django.http import Http404
from django.shortcuts import redirect, render
from django.views import View

from disclosures.published.pages import PdfError, is_pdf
from portal.accounts.permissions import Audience
from portal.accounts.throttle import client_ip

from .inspections.public import (
    check_allowed,
    kept_check,
    kept_check_save,
    kept_until,
    minutes_until_allowed,
    public_check,
    result_signed,
)
from .inspections.uploads import safe_name
from .rules.engine import SEVERITY_LABELS

TEMPLATE = "public/check.html"
REQUEST_MARGIN = 64 * 1024  # the form's other fields and the multipart framing


def _megabytes(size):
    mb = size / (1024 * 1024)
    return f"{mb:.1f} MB" if mb < 10 else f"{mb:.0f} MB"


def _limits():
    return {
        "size_limit": _megabytes(settings.PUBLIC_CHECK_MAX_BYTES),
        "pages_limit": settings.PUBLIC_CHECK_MAX_PAGES,
        "per_hour": settings.PUBLIC_CHECK_PER_HOUR,
        "keep_days": settings.PUBLIC_CHECK_KEEP_DAYS,
    }


def result_context(result):
    """What the result's template shows: counts, and the findings grouped by part in order."""
    findings = result.get("findings", [])
    parts = []
    for finding in findings:
        finding["severity_label"] = SEVERITY_LABELS.get(finding.get("severity"), "")
        if not parts or parts[-1][0] != finding.get("part"):
            parts.append((finding.get("part"), []))
        parts[-1][1].append(finding)
    errors = sum(1 for f in findings if f.get("severity") == "error")
    rounding = sum(1 for f in findings if f.get("rounding"))
    return {
        "result": result,
        "finding_parts": parts,
        "errors": errors,
        "rounding": rounding,
        "warnings": sum(1 for f in findings if f.get("severity") != "error" and not f.get("rounding")),
        "tables_found": sum(1 for t in result.get("tables", []) if t.get("found")),
    }


class PublicCheckView(View):
    """Who may see it: everyone. GET: the upload form; POST (CSRF-protected): one PDF checked
    at once and its findings shown, nothing stored; within the size, page and rate limits."""

    audience = Audience.PUBLIC
    max_request_bytes = staticmethod(lambda: settings.PUBLIC_CHECK_MAX_BYTES + REQUEST_MARGIN)

    def get(self, request):
        return render(request, TEMPLATE, _limits())

    def _refuse(self, request, message, status=400):
        return render(request, TEMPLATE, {**_limits(), "error": message}, status=status)

    def post(self, request):
        upload = request.FILES.get("file")
        if upload is None:
            return self._refuse(request, "请选择要检查的PDF文件。")
        name = safe_name(upload.name)
        if upload.size > settings.PUBLIC_CHECK_MAX_BYTES:
            return self._refuse(request, f"文件超过{_megabytes(settings.PUBLIC_CHECK_MAX_BYTES)}的上限。", status=413)
        data = upload.read(settings.PUBLIC_CHECK_MAX_BYTES + 1)
        if len(data) > settings.PUBLIC_CHECK_MAX_BYTES:
            return self._refuse(request, f"文件超过{_megabytes(settings.PUBLIC_CHECK_MAX_BYTES)}的上限。", status=413)
        if not is_pdf(data):
            return self._refuse(request, "只能检查PDF文件。")
        address = client_ip(request)
        if not check_allowed(address=address):
            minutes = minutes_until_allowed(address=address)
            return self._refuse(
                request, f"检查次数已达上限（每小时{settings.PUBLIC_CHECK_PER_HOUR}次），请{minutes}分钟后再试。", status=429
            )
        try:
            result = public_check(data=data, name=name)
        except PdfError as exc:
            return self._refuse(request, f"{name}：{exc}", status=422)
        context = {**_limits(), **result_context(result), "signed": result_signed(result), "kept": None}
        return render(request, TEMPLATE, context)


class PublicCheckKeepView(View):
    """Who may see it: everyone (POST only, CSRF-protected): keeps the result a check just showed
    (signed by the server, within the hour; anything else 400) and goes to its address."""

    audience = Audience.PUBLIC
    http_method_names = ["post"]

    def post(self, request):
        try:
            kept = kept_check_save(signed=request.POST.get("signed", ""))
        except signing.BadSignature:
            return render(request, TEMPLATE, {**_limits(), "error": "检查结果已过期（超过1小时）或无效，请重新检查后再保存。"}, status=400)
        return redirect("check:result", token=kept.token)


class PublicCheckResultView(View):
    """Who may see it: everyone holding its address (the token in it is random); an unknown
    token, or a result kept longer than PUBLIC_CHECK_KEEP_DAYS, is 404. A kept result, as it was shown."""

    audience = Audience.PUBLIC

    def get(self, request, token):
        kept = kept_check(token=token)
        if kept is None:
            raise Http404("没有这个检查结果")
        context = {**result_context(kept.result), "kept": kept, "kept_until": kept_until(kept)}
        return render(request, "public/check_result.html", {**context, "keep_days": settings.PUBLIC_CHECK_KEEP_DAYS})
