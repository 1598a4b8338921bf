"""The unit directory in the admin: upload, preview every change, then confirm (or not).

The preview keeps the file's rows in the session, under a token the confirmation posts back;
the confirmation checks the rows again against the database and applies them only when the
changes are still exactly the ones shown (otherwise it shows the new preview).
"""

import uuid

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

from .directory.contacts import ADD_DEPARTMENTS, CREATE, contact_accounts_plan
from .directory.plan import directory_plan
from .directory.reader import DirectoryError, DirectoryFile, directory_read
from .directory.services import DirectoryChanged, contact_accounts_create, directory_apply

SESSION_KEY = "directory_import"
MAX_DIRECTORY_UPLOAD = 5 * 1024 * 1024


class DirectoryUploadForm(forms.Form):
    file = forms.FileField(
        label="单位目录文件（.xlsx 或 .csv）",
        help_text="列：单位代码、单位名称、上级单位代码、区划代码、区划名称、单位类型（行政/事业）、是否一级预算单位、"
        "联系人、电话、电子邮箱。导入前会列出每一处变动，确认后才写入。",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_DIRECTORY_UPLOAD:
            raise forms.ValidationError("文件超过5MB，请确认是单位目录。")
        return upload


class DirectoryImportAdminMixin:
    """For the Department admin: 从单位目录导入, with its preview; and the action making
    accountants' accounts from the selected units' contacts, with its own preview."""

    actions = ("contact_accounts",)

    @admin.action(description="为所选单位的联系人建立会计账户")
    def contact_accounts(self, request, queryset):
        """Who may use it: administrators allowed to add users."""
        return self._contact_accounts(request, list(queryset.order_by("code")), selected=True)

    def contact_accounts_view(self, request):
        """Who may see it: administrators allowed to add users. Every active unit's contact."""
        response = self._contact_accounts(request, list(self.model.objects.filter(active=True).order_by("code")), selected=False)
        return response or redirect("admin:accounts_user_changelist")

    def _contact_accounts(self, request, departments, *, selected):
        if not request.user.has_perm("accounts.add_user"):
            raise PermissionDenied
        if request.method == "POST" and "confirm" in request.POST:
            plan = contact_accounts_create(
                departments=departments, user=request.user, protocol=request.scheme, domain=request.get_host()
            )
            created = sum(1 for a in plan if a.verdict == CREATE)
            added = sum(1 for a in plan if a.verdict == ADD_DEPARTMENTS)
            messages.success(
                request, f"已新建 {created} 个会计账户（设置密码的链接已发到各自的电子邮箱），{added} 个已有账户追加了负责的部门。"
            )
            return None
        plan = contact_accounts_plan(departments=departments)
        return self._directory_page(
            request,
            "contact_accounts.html",
            title="为单位联系人建立会计账户",
            plan=plan,
            departments=departments,
            changes=any(a.verdict in (CREATE, ADD_DEPARTMENTS) for a in plan),
            action_checkbox_name=helpers.ACTION_CHECKBOX_NAME,
            selected=selected,
        )

    def get_urls(self):
        urls = [
            path("import/", self.admin_site.admin_view(self.directory_import_view), name="disclosures_department_import"),
            path(
                "contact-accounts/",
                self.admin_site.admin_view(self.contact_accounts_view),
                name="disclosures_department_contact_accounts",
            ),
        ]
        return urls + super().get_urls()

    def _directory_page(self, request, template, **context):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "从单位目录导入",
            **context,
        }
        return TemplateResponse(request, f"admin/disclosures/department/{template}", context)

    def _preview(self, request, directory, plan, *, changed=False):
        token = uuid.uuid4().hex
        request.session[SESSION_KEY] = {"token": token, "directory": directory.as_dict(), "digest": plan.digest()}
        return self._directory_page(
            request, "import_preview.html", plan=plan, token=token, changed=changed, title="核对单位目录的变动"
        )

    def directory_import_view(self, request):
        """Who may see it: administrators allowed to add and change departments."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        if request.method == "POST" and "confirm" in request.POST:
            return self._directory_confirm(request)
        form = DirectoryUploadForm(request.POST or None, request.FILES or None)
        problems = []
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                directory = directory_read(fileobj=upload, filename=upload.name)
            except DirectoryError as exc:
                problems = exc.problems
            else:
                plan = directory_plan(directory=directory)
                if plan.problems:
                    problems = plan.problems
                else:
                    return self._preview(request, directory, plan)
        return self._directory_page(request, "import.html", form=form, problems=problems)

    def _directory_confirm(self, request):
        stored = request.session.get(SESSION_KEY) or {}
        if not stored or stored.get("token") != request.POST.get("token"):
            messages.error(request, "预览已过期或已在别处确认，请重新上传单位目录。")
            return redirect("admin:disclosures_department_import")
        directory = DirectoryFile.from_dict(stored["directory"])
        try:
            plan = directory_apply(directory=directory, user=request.user, expected_digest=stored["digest"])
        except DirectoryChanged as exc:
            return self._preview(request, directory, exc.plan, changed=True)
        except DirectoryError as exc:
            request.session.pop(SESSION_KEY, None)
            form = DirectoryUploadForm()
            return self._directory_page(request, "import.html", form=form, problems=exc.problems)
        request.session.pop(SESSION_KEY, None)
        if plan.changes:
            messages.success(
                request,
                f"单位目录已导入：新建 {len(plan.creates)} 个单位、更新 {len(plan.updates)} 个，新建 {len(plan.regions)} 个区域。",
            )
        else:
            messages.info(request, "单位目录与现有数据一致，没有变动。")
        return redirect("admin:disclosures_department_changelist")
