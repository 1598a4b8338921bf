"""Plain functions that build the objects tests need, in the real database."""

import itertools

from disclosures.demo.synthetic import consistent_tables
from disclosures.models import Department, Region, ReportVersion, VersionState
from disclosures.services import report_create, report_published_version_refresh, version_replace_tables
from portal.accounts.models import Role, User

PASSWORD = "correct-horse-battery-staple"
SAMPLE_DEPARTMENT = "武汉市蔡甸区城乡居民社会养老保险办公室"  # the 编制单位 of the sample workbook
_counter = itertools.count(1)

GOOD_LINES = [
    ("2080109", "社会保险经办机构", "0.00", "309600.00"),
    ("2080505", "机关事业单位基本养老保险缴费支出", "173500.00", "0.00"),
    ("2101102", "事业单位医疗", "54100.00", "0.00"),
    ("2210201", "住房公积金", "146100.00", "0.00"),
]


def make_region(name="蔡甸区", parent=None):
    return Region.objects.create(code=f"9{next(_counter):05d}", name=name, parent=parent)


def make_department(region, name=None, parent=None):
    n = next(_counter)
    return Department.objects.create(region=region, code=f"D{n:06d}", name=name or f"测试部门{n}", parent=parent)


def make_user(role, *, departments=(), region=None, username=None):
    user = User.objects.create_user(
        username=username or f"{role}{next(_counter)}", password=PASSWORD, role=role, region=region
    )
    if role == Role.ADMIN:
        user.is_staff = user.is_superuser = True
        user.save()
    if departments:
        user.departments.set(departments)
    return user


COMPLETE_TEXT = "本部门按规定如实说明本部分情况。"


def complete_version(version):
    """Write plain text in every section and answer the checklist's accountant items “是”, as an
    accountant finishing a report would: nothing is left for the completeness checks. The
    year's checklist is loaded when its data file exists. The findings are recomputed."""
    from disclosures.models import NarrativeSection
    from reviews.checklist.auto import CHECKLIST_DATA_DIR
    from reviews.models import ChecklistTemplate
    from reviews.services import checklist_answers_import, checklist_template_load, findings_refresh

    NarrativeSection.objects.filter(version=version).exclude(key__startswith="prior_year.").update(body=COMPLETE_TEXT)
    year = version.report.year
    template = ChecklistTemplate.objects.filter(year=year).first()
    if template is None and (CHECKLIST_DATA_DIR / f"checklist_{year}.json").exists():
        template = checklist_template_load(year=year)
    if template is None:
        findings_refresh(version=version)
        return version
    answers = [{"no": item.no, "answer": "是"} for item in template.items.filter(mode="accountant")]
    checklist_answers_import(version=version, answers=answers)
    return version


def make_report(department, *, year=2024, state=VersionState.DRAFT, lines=GOOD_LINES, complete=True):
    """A report with consistent tables; `complete`: its text written and checklist answered too."""
    report, version = report_create(department=department, year=year)
    version_replace_tables(version=version, tables=consistent_tables(lines).values())
    if complete:
        complete_version(version)
    if state == VersionState.PUBLISHED:
        from django.utils import timezone

        ReportVersion.objects.filter(pk=version.pk).update(state=state, published_at=timezone.now())
        report_published_version_refresh(report=report)
    elif state != VersionState.DRAFT:
        ReportVersion.objects.filter(pk=version.pk).update(state=state)
    version.refresh_from_db()
    return report, version
