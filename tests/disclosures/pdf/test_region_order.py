"""render_report --region: the tables in the region's print order, under its titles, read back from the PDF."""

import io
import re

import pytest
from django.core.management import call_command

from disclosures.models import Region
from disclosures.pdf import engine, fonts
from tests.factories import make_department, make_report

from .conftest import pdftotext

pytestmark = pytest.mark.django_db

THREE_PUBLIC = "财政拨款三公经费支出决算表"
FUND = "政府性基金预算财政拨款收入支出决算表"
CAPITAL_SHANGHAI = "国有资本经营预算财政拨款收入支出决算表"


def rendered(tmp_path, *args):
    if fonts.build_fonts():
        engine.reset()
    city = Region.objects.create(code="310000", name="上海市")
    department = make_department(Region.objects.create(code="310107", name="普陀区", parent=city))
    make_report(department)
    out = tmp_path / "report.pdf"
    call_command(
        "render_report", "--department", department.code, "--year", "2024", "--out", str(out), *args, stdout=io.StringIO()
    )
    return re.sub(r"[\s“”\"]", "", pdftotext(out.read_bytes(), layout=False))


def test_a_shanghai_department_prints_three_public_expenses_seventh(tmp_path):
    text = rendered(tmp_path)
    assert f"七、{THREE_PUBLIC}（表7）" in text
    assert f"九、{CAPITAL_SHANGHAI}（表9）" in text
    assert text.index(THREE_PUBLIC, text.index("第二部分") + 200) < text.rindex(FUND)


def test_region_hubei_keeps_the_projects_order(tmp_path):
    text = rendered(tmp_path, "--region", "湖北省")
    assert f"七、{FUND}（表7）" in text and f"九、{THREE_PUBLIC}（表9）" in text
