"""The nine tables in the PDF as published: the line above each table, the 栏次 row, the note,
公开06表 in its side-by-side blocks, and long tables across pages (headers repeated, no row split)."""

import csv
import io
import re

import pypdf
import pytest
from django.db import transaction
from django.utils import timezone

from disclosures.models import VersionState
from disclosures.pdf.render import version_pdf_bytes
from disclosures.tables.spec import TABLES, table_spec
from portal.accounts.models import Role
from reviews.services import findings_refresh
from tests.factories import GOOD_LINES, make_department, make_region, make_report, make_user

from .conftest import pdftotext

pytestmark = pytest.mark.django_db

DEPARTMENT = "武汉市蔡甸区城乡居民养老保险办公室"
FUNCTION_CODES = "disclosures/reference_data/function_codes_2024.csv"


def squeeze(text):
    return re.sub(r"\s+", "", text)


def table_pages(pages, number):
    """The squeezed pages a table of 第二部分 is on (each table starts a page): from its title
    to the page before the next table's (or 第三部分's)."""
    title = squeeze(f"{table_spec(number).code} {table_spec(number).name}")
    end = squeeze(f"{table_spec(number + 1).code} {table_spec(number + 1).name}") if number < 9 else "第三部分"
    start = next(i for i, page in enumerate(pages) if title in page and i > 2)
    stop = next(i for i, page in enumerate(pages) if end in page and i > start)
    return pages[start:stop]


def test_every_table_has_its_unit_line_and_its_note(rendered_demo):
    pages = [squeeze(p) for p in rendered_demo.text.split("\f")]
    for spec in TABLES:
        text = "".join(table_pages(pages, spec.number))
        assert f"编制单位：{DEPARTMENT}2024年度金额单位：万元" in text, spec.code
        assert f"注：{spec.note}" in text, spec.code


def test_the_columns_row_numbers_every_column(rendered_demo):
    lines = [re.sub(r"\s+", " ", line).strip() for line in rendered_demo.text.splitlines()]
    assert "栏次 1 栏次 2" in lines  # 公开01表: income 1, expenditure 2
    assert "栏次 1 2 3 4 5 6 7" in lines  # 公开02表
    assert "栏次 1 栏次 2 3 4 5" in lines  # 公开04表
    assert "1 2 3 4 5 6 7 8 9 10 11 12" in lines  # 公开09表


def test_table_04_heads_its_four_fund_columns_with_one_final_amount_heading(rendered_demo):
    pages = [squeeze(page.extract_text()) for page in rendered_demo.reader.pages]  # drawing order
    (first, *_) = table_pages(pages, 4)
    assert "项目行次决算数项目行次决算数小计一般公共预算财政拨款政府性基金预算财政拨款国有资本经营预算财政拨款" in first


def test_table_06_is_in_its_published_blocks_on_one_page(rendered_demo):
    pages = [squeeze(p) for p in rendered_demo.text.split("\f")]
    (page,) = table_pages(pages, 6)
    assert "人员经费公用经费" in page
    # the three blocks side by side: 301 | 302 | 310, then their first 款
    assert "301工资福利支出165.78302商品和服务支出14.82310资本性支出" in page
    assert "30101基本工资33.4830201办公费2.4831002办公设备购置" in page
    assert "人员经费合计177.78公用经费合计14.82" in page
    index = next(i for i, p in enumerate(pages) if p is page)
    box = rendered_demo.reader.pages[index].mediabox
    assert box.width > box.height


def long_lines(count):
    """`count` real 项 codes, each name lengthened to four or more lines of its cell (a cell of
    fewer lines cannot split anyway: orphans and widows keep two lines together)."""
    with open(FUNCTION_CODES, encoding="utf-8") as fh:
        codes = [(r["code"], r["name"]) for r in csv.DictReader(fh) if len(r["code"]) == 7]
    return [
        (code, f"{name}（科目名称较长，须在单元格内折成四行以上，用以检验表格行不跨页拆分）", f"{100000 + i * 1234}.00", f"{5000 + i * 77}.00")
        for i, (code, name) in enumerate(codes[:count])
    ]


@pytest.fixture(scope="module")
def long_report(django_db_setup, django_db_blocker):
    """A draft whose code tables run over several pages, rendered once (its rows rolled back)."""
    lines = long_lines(40)
    with django_db_blocker.unblock(), transaction.atomic():
        _, version = make_report(make_department(make_region(), name=DEPARTMENT), lines=lines)
        pdf = version_pdf_bytes(version=version)
        transaction.set_rollback(True)
    return lines, pdf


def drawn_pages(pdf):
    """Each page's text in drawing order (pypdf), squeezed: a cell's lines stay together."""
    return [squeeze(page.extract_text()) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def test_a_long_table_repeats_its_header_rows_on_every_page(long_report):
    _, pdf = long_report
    spread = table_pages(drawn_pages(pdf), 3)
    assert len(spread) >= 3
    for page in spread:
        assert "科目编码科目名称本年支出合计基本支出项目支出上缴上级支出经营支出对附属单位补助支出栏次123456" in page


def test_no_row_is_split_across_pages(long_report):
    lines, pdf = long_report
    spread = table_pages(drawn_pages(pdf), 3)
    assert len(spread) >= 3
    for code, name, _, _ in lines:
        on = [page for page in spread if code in page]
        assert len(on) == 1, f"{code} on {len(on)} pages"
        assert squeeze(name) in on[0], f"{code} {name} split across pages"


def test_zero_code_rows_are_left_out_of_the_published_tables_but_kept_for_the_reviewer(client):
    region = make_region()
    department = make_department(region, name=DEPARTMENT)
    report, version = make_report(department, lines=GOOD_LINES + [("2080150", "事业运行", "0.00", "0.00")])
    findings_refresh(version=version)

    pdf_text = squeeze("".join(drawn_pages(version_pdf_bytes(version=version))))
    assert "2080505机关事业单位基本养老保险缴费支出" in pdf_text
    assert "2080150" not in pdf_text and "事业运行" not in pdf_text  # not in 02, 03 or 05

    client.force_login(make_user(Role.REVIEWER, region=region))
    page = client.get(f"/review/reports/{report.pk}/").content.decode()
    assert 'id="t3-2080150-total"' in page  # the row the F-ZERO finding links to
    assert "公开03表列示了全为零的科目：2080150" in page and "公开的报告中不显示这些行" in page

    type(version).objects.filter(pk=version.pk).update(state=VersionState.PUBLISHED, published_at=timezone.now())
    public = client.get(f"/reports/{department.code}/2024/").content.decode()
    assert "机关事业单位基本养老保险缴费支出" in public and "2080150" not in public
