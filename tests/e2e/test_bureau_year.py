"""A finance bureau runs its year from the browser, starting from an empty database that holds
only the administrator's account (issue 21, "Done when"):

the administrator loads a directory of 200 units, opens 2025 by copying 2024 (calendar, rules,
checklist, a report with its version 1 for every unit, created by a run whose page shows it
done), creates an accountant and a reviewer; the accountant signs in and uploads 2025's
workbook, and the reviewer sees the report. No shell step: only the start page and the login
page are addresses typed. Then (the text written and the report submitted through the services,
which the full-flow test does in the browser) the reviewer returns it, and the accountant sees
the bell's unread notice, on a desktop and on a phone.
"""

import re
from base64 import b32decode

import pytest
from django.conf import settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from openpyxl import Workbook

from disclosures.demo.synthetic import consistent_tables
from disclosures.excel.writer import workbook_write
from disclosures.models import Department, Report, ReportVersion, VersionState
from portal.accounts.models import Role, User
from reviews.models import ChecklistTemplate, Notice, NoticeKind, RuleSet, Severity, YearOpeningRun
from reviews.services import finding_explain
from reviews.workflow import report_submit
from tests.factories import GOOD_LINES, PASSWORD, complete_version

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

UNITS = 200
DEPARTMENT = "武汉市蔡甸区城乡居民养老保险办公室"
DEPARTMENT_CODE = "420114001001"
HEADER = ["单位代码", "单位名称", "上级单位代码", "区划代码", "区划名称", "单位类型", "是否一级预算单位", "联系人", "电话", "电子邮箱"]


def directory_file(path):
    """The bureau's directory: 20 主管部门 of 蔡甸区, each with 9 units; one of them the unit whose
    workbook is uploaded."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "单位目录"
    sheet.append(["蔡甸区2025年度部门决算单位目录"])
    sheet.append(HEADER)
    for head in range(1, 21):
        head_code = f"420114{head:03d}"
        sheet.append([head_code, f"武汉市蔡甸区第{head}局", "", "420114", "蔡甸区", "行政", "是", f"局联系人{head}",
                      f"027-8494{head:04d}", f"ju{head}@caidian.example.org"])
        for unit in range(1, 10):
            code = f"{head_code}{unit:03d}"
            name = DEPARTMENT if code == DEPARTMENT_CODE else f"武汉市蔡甸区第{head}局下属{unit}号单位"
            sheet.append([code, name, head_code, "420114", "蔡甸区", "事业", "否", f"联系人{head}-{unit}",
                          f"027-8495{head:02d}{unit:02d}", f"u{head}x{unit}@caidian.example.org"])
    workbook.save(path)
    return path


def log_in(page, username, password=PASSWORD):
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="登录").click()
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def log_out(page):
    page.get_by_role("button", name="退出").click()
    page.wait_for_load_state()


def admin_messages(page):
    box = page.locator("ul.messagelist")
    return box.inner_text() if box.count() else ""


def two_factor_if_required(page):
    """Where administrators need a code (OTP_REQUIRED_FOR_ADMINS, on in production), the admin
    sends the administrator to enrol an authenticator: read its key from the page, as an app would."""
    if "/accounts/two-factor/" not in page.url:
        return
    secret = page.locator("code.secret").inner_text()
    page.fill("#id_code", f"{totp(b32decode(secret)):06d}")
    page.get_by_role("button", name="绑定验证器").click()
    page.wait_for_load_state()


@pytest.fixture
def administrator(transactional_db):
    assert not Department.objects.exists() and not RuleSet.objects.exists() and not User.objects.exists()
    user = User.objects.create_superuser(username="admin", password=PASSWORD, email="admin@caidian.example.org")
    user.role = Role.ADMIN
    user.save(update_fields=["role"])
    return user


def test_a_bureau_runs_its_year_from_the_browser(administrator, live_server, browser, screenshots, tmp_path):
    directory = directory_file(tmp_path / "蔡甸区单位目录.xlsx")
    workbook = tmp_path / "养老保险办公室2025年度部门决算.xlsx"
    workbook.write_bytes(workbook_write(tables=consistent_tables(GOOD_LINES), department_name=DEPARTMENT, year=2025))
    page = browser()

    # ---- the administrator signs in and lands in the admin, which carries the portal's name
    page.goto(live_server.url + "/")
    log_in(page, "admin")
    if "/admin/" not in page.url:
        page.get_by_role("navigation", name="主导航").get_by_role("link", name="系统管理").click()
        page.wait_for_load_state()
    two_factor_if_required(page)
    if "/admin/" not in page.url:
        page.get_by_role("navigation", name="主导航").get_by_role("link", name="系统管理").click()
    if settings.OTP_REQUIRED_FOR_ADMINS:
        assert TOTPDevice.objects.filter(user=administrator, confirmed=True).exists()
    assert page.locator("#site-name").inner_text() == "部门决算公开平台 · 系统管理"
    assert "Django" not in page.content()
    screenshots(page, "admin-index")

    # ---- loads the directory of 200 units: preview, then confirm
    page.get_by_role("link", name="部门/单位").first.click()
    page.get_by_role("link", name="从单位目录导入").click()
    page.set_input_files("#id_file", str(directory))
    page.get_by_role("button", name="上传并预览").click()
    page.wait_for_load_state()
    summary = page.locator("#directory-summary").inner_text()
    assert "将新建 200 个单位、更新 0 个单位、新建 1 个区域" in summary, summary
    assert page.locator("#directory-creates tbody tr").count() == UNITS
    screenshots(page, "directory-preview")
    assert not Department.objects.exists()  # nothing written before the confirmation
    page.get_by_role("button", name="确认导入").click()
    page.wait_for_load_state()
    assert "单位目录已导入：新建 200 个单位、更新 0 个，新建 1 个区域" in admin_messages(page)
    screenshots(page, "directory-imported")

    # ---- opens 2025 by copying 2024
    page.get_by_role("link", name="首页").click()
    page.get_by_role("link", name="年度时间安排").click()
    page.get_by_role("link", name="开启新年度").click()
    page.fill("#id_year", "2025")
    page.fill("#id_source_year", "2024")
    page.fill("#id_submit_deadline", "2026-05-31")
    page.fill("#id_approval_date", "2026-06-20")
    page.fill("#id_publish_deadline", "2026-07-10")
    assert page.get_by_label("全部在用单位（200个）").is_checked()
    screenshots(page, "open-year-form")
    page.get_by_role("button", name="核对变动").click()
    page.wait_for_load_state()
    comparison = page.locator("#year-comparison").inner_text()
    for text in ("2024年度（参照）", "2025年度 开启后", "复制2024年度的规则集", "“2025年度部门决算公开审核规则”，80条规则", "复制2024年度的自查表", "54项",
                 "为200个单位新建2025年度报告（各含第1版草稿）", "报送截止 2026-05-31；批复 2026-06-20；公开截止 2026-07-10"):
        assert text in comparison, text
    screenshots(page, "open-year-preview")
    assert not Report.objects.exists()
    # the 200 reports are created by a run (here, under the test settings, before the page
    # answers; in a deployment in the background while its page polls): allow a loaded machine's time
    with page.expect_navigation(timeout=120_000):
        page.get_by_role("button", name="确认开启2025年度").click(no_wait_after=True)
    page.wait_for_load_state()
    assert "开启2025年度：建立报告" in page.locator("h1").inner_text()
    assert "2025年度已开启，200个单位的报告已建立（新建200个）" in page.locator("#year-open-result").inner_text()
    assert page.locator("#year-open-status").inner_text() == "已完成：新建200个报告（共200个单位）"
    assert "复制2024年度的80条规则" in page.locator("#year-open-done").inner_text()
    screenshots(page, "year-opened")
    assert YearOpeningRun.objects.get(year=2025).status == "done"
    page.get_by_role("link", name="返回年度时间安排").click()
    assert Report.objects.filter(year=2025).count() == UNITS
    assert ReportVersion.objects.filter(report__year=2025, number=1, state=VersionState.DRAFT).count() == UNITS
    assert RuleSet.objects.get(year=2025, active=True).rules.count() == 80 and ChecklistTemplate.objects.filter(year=2025).exists()

    # ---- opening it again changes nothing
    page.get_by_role("link", name="开启新年度").click()
    page.fill("#id_year", "2025")
    page.fill("#id_source_year", "2024")
    page.fill("#id_submit_deadline", "2026-05-31")
    page.fill("#id_approval_date", "2026-06-20")
    page.fill("#id_publish_deadline", "2026-07-10")
    page.get_by_role("button", name="核对变动").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="没有变动，完成").click()
    page.wait_for_load_state()
    assert "2025年度此前已按这些设置开启，没有变动" in admin_messages(page)
    assert Report.objects.filter(year=2025).count() == UNITS and RuleSet.objects.filter(year=2025).count() == 1
    assert YearOpeningRun.objects.count() == 1

    # ---- creates an accountant for the unit and the district's reviewer, one page each
    page.get_by_role("link", name="首页").click()
    page.get_by_role("link", name="用户").first.click()
    page.get_by_role("link", name="增加 用户").click()
    page.fill("#id_username", "kuaiji")
    page.fill("#id_display_name", "李娟")
    page.fill("#id_email", "lijuan@caidian.example.org")
    page.select_option("#id_role", label="部门会计（填报人）")
    page.fill("#id_departments_input", "城乡居民养老")
    page.select_option("#id_departments_from", label=DEPARTMENT)
    page.click("#id_departments_add")
    page.fill("#id_password1", "蔡甸决算-会计2025")
    page.fill("#id_password2", "蔡甸决算-会计2025")
    screenshots(page, "add-accountant")
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_load_state()
    assert "已创建部门会计（填报人）账户“kuaiji”" in admin_messages(page)

    page.get_by_role("link", name="用户").last.click()
    page.get_by_role("link", name="增加 用户").click()
    page.fill("#id_username", "shenhe")
    page.fill("#id_display_name", "张伟")
    page.fill("#id_email", "zhangwei@caidian.example.org")
    page.select_option("#id_role", label="财政局审核人")
    page.select_option("#id_region", label="蔡甸区")
    page.fill("#id_password1", "蔡甸决算-审核2025")
    page.fill("#id_password2", "蔡甸决算-审核2025")
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_load_state()
    assert "已创建财政局审核人账户“shenhe”" in admin_messages(page)
    screenshots(page, "reviewer-created")
    accountant = User.objects.get(username="kuaiji")
    assert accountant.role == Role.ACCOUNTANT and [d.code for d in accountant.departments.all()] == [DEPARTMENT_CODE]

    # ---- the accountant signs in and uploads 2025's workbook
    page.goto(live_server.url + "/")
    log_out(page)
    log_in(page, "kuaiji", "蔡甸决算-会计2025")
    assert page.locator("h1").inner_text() == "填报工作台"
    page.get_by_role("link", name=DEPARTMENT).click()
    assert re.search(r"2025", page.locator("h1").inner_text()), page.locator("h1").inner_text()
    page.get_by_role("link", name="上传 Excel").click()
    page.set_input_files("#id_file", str(workbook))
    page.get_by_role("button", name="上传并导入").click()
    page.wait_for_load_state()
    assert f"已从“{workbook.name}”导入九张公开表" in page.locator("ul.messages").inner_text()
    assert "本年度审核规则未载入" not in page.content()  # the year has its rules and checklist
    screenshots(page, "accountant-uploaded")
    version = ReportVersion.objects.get(report__department__code=DEPARTMENT_CODE, report__year=2025)
    assert version.source_filename == workbook.name and version.cells.exists()

    assert page.locator("#notice-bell").get_attribute("aria-label") == "通知：没有未读"

    # ---- the accountant writes the text, answers the checklist and submits (the services: the
    # full-flow test does this in the browser)
    complete_version(version)
    for finding in version.findings.filter(severity=Severity.WARNING, explanation=""):
        finding_explain(finding=finding, text="已核对，数据无误。", user=accountant)
    report_submit(version=version, user=accountant)

    # ---- the reviewer signs in, sees it among the district's 2025 reports and returns it
    log_out(page)
    log_in(page, "shenhe", "蔡甸决算-审核2025")
    assert DEPARTMENT in page.content()
    screenshots(page, "reviewer-workspace")
    page.get_by_role("link", name=DEPARTMENT).click()
    form = page.locator("form.return-form")
    form.locator("textarea[name=reason]").fill("请补充公开09表“三公”经费的说明。")
    form.locator("input[name=confirm]").check()
    form.get_by_role("button", name="退回修改").click()
    page.wait_for_load_state()
    assert "已退回填报人" in page.locator("ul.messages").inner_text()
    assert Notice.objects.filter(user=accountant, kind=NoticeKind.RETURNED).count() == 1
    log_out(page)

    # ---- the accountant sees the bell's unread notice, on a desktop ...
    log_in(page, "kuaiji", "蔡甸决算-会计2025")
    bell = page.locator("#notice-bell")
    assert bell.get_attribute("aria-label") == "通知：1条未读" and bell.locator(".bell-count").inner_text() == "1"
    screenshots(page, "bell-desktop")
    bell.click()
    page.wait_for_load_state()
    item = page.locator("#notices li.notice-item.unread")
    assert item.count() == 1 and "退回" in item.inner_text() and "请补充公开09表“三公”经费的说明。" in item.inner_text()
    screenshots(page, "notices-desktop")

    # ... and on a phone, where the bell stays in the header
    phone = browser(phone=True)
    phone.goto(live_server.url + "/")
    log_in(phone, "kuaiji", "蔡甸决算-会计2025")
    bell = phone.locator("#notice-bell")
    assert bell.is_visible() and bell.locator(".bell-count").inner_text() == "1"
    box = bell.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= phone.viewport_size["width"]  # not off the screen
    screenshots(phone, "bell-phone")
    bell.click()
    phone.wait_for_load_state()
    screenshots(phone, "notices-phone")
    phone.locator("#notices li.notice-item").get_by_role("button", name="查看").click()  # read, then the report
    phone.wait_for_load_state()
    assert re.search(r"2025", phone.locator("h1").inner_text()) and "退回" in phone.content()
    assert phone.locator("#notice-bell").get_attribute("aria-label") == "通知：没有未读"
    screenshots(phone, "report-phone")
    page.reload()
    assert page.locator("#notice-bell .bell-count").count() == 0
    assert not page.problems, page.problems
    assert not phone.problems, phone.problems
