"""review_pdf: a published disclosure's PDF read and checked, each finding with its page.

The portal's own PDF of the demo report gives the same table and text findings as review_report
on the stored version; the real Putuo PDF (Shanghai) gives exactly the findings written beside it;
a scan without a text layer is refused, naming OCR as the way forward.
"""

import io
import json
import re
import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from PIL import Image

from disclosures.demo.loader import CAIDIAN_CODE
from disclosures.pdf import engine, fonts
from disclosures.pdf.render import html_pdf_bytes, version_pdf_html
from disclosures.selectors import published_version

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parents[1] / "fixtures" / "published"
PUTUO = FIXTURES / "putuo-shegongbu-2024.pdf"
PUTUO_EXPECTED = FIXTURES / "putuo-shegongbu-2024.expected.toml"
COMPARED_PARTS = ("表格", "情况说明")


def run(*args):
    """(exit status, stdout, stderr) of a management command."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
        status = 0
    except SystemExit as exc:
        status = exc.code
    return status, out.getvalue(), err.getvalue()


def page_text(pdf, page):
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page), "-", "-"], input=pdf, capture_output=True, check=True)
    return re.sub(r"\s+", "", done.stdout.decode("utf-8"))


@dataclass
class DemoReview:
    pdf: bytes
    report: dict  # review_report --json of the stored version
    status: int  # review_pdf's exit status
    result: dict  # review_pdf --json of its PDF


class _Rollback(Exception):
    pass


@pytest.fixture(scope="module")
def demo_review(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo loaded, its PDF rendered and both reviews run, in a transaction rolled back."""
    if fonts.build_fonts():
        engine.reset()
    path = tmp_path_factory.mktemp("pdf") / "demo.pdf"
    found = {}
    with django_db_blocker.unblock():
        name = str(connection.settings_dict["NAME"])
        assert "memory" in name or "test" in name, name
        try:
            with transaction.atomic():
                call_command("load_demo", stdout=io.StringIO())
                version = published_version(department_code=CAIDIAN_CODE, year=2024)
                found["pdf"] = html_pdf_bytes(version_pdf_html(version=version))
                path.write_bytes(found["pdf"])
                _, out, _ = run("review_report", "--department", CAIDIAN_CODE, "--year", "2024", "--json")
                found["report"] = json.loads(out)
                found["status"], out, _ = run("review_pdf", str(path), "--json")
                found["result"] = json.loads(out)
                raise _Rollback
        except _Rollback:
            pass
    return DemoReview(**found)


def compared(findings):
    return sorted((f["part"], f["rule"], f["severity"], f["message"]) for f in findings if f["part"] in COMPARED_PARTS)


def test_the_demo_pdf_gives_the_same_table_and_text_findings_as_the_stored_report(demo_review):
    findings = compared(demo_review.result["findings"])
    assert findings == compared(demo_review.report["findings"])
    assert {rule for _, rule, _, _ in findings} >= {"R01-058", "R06-CLS", "N02", "N07", "N08", "N09"}
    assert demo_review.status == 1  # it has errors (N07, N08, N09)
    result = demo_review.result
    assert (result["department"], result["year"], result["region"], result["unit"]) == ("武汉市蔡甸区城乡居民养老保险办公室", 2024, "湖北省", "万元")
    assert result["totals"] == demo_review.report["totals"]
    assert result["problems"] == []


def test_the_json_says_which_parts_and_tables_were_found_and_on_which_pages(demo_review):
    result = demo_review.result
    assert [(p["name"], p["pages"]) for p in result["parts"]] == [
        ("封面", [1]), ("目录", [2]), ("概况", [3]), ("决算表", list(range(4, 15))), ("情况说明", list(range(15, 20))),
        ("重点工作完成情况", [20]), ("名词解释", [21, 22]), ("附件", list(range(23, 30))),
    ]  # fmt: skip
    tables = {t["code"]: t for t in result["tables"]}
    assert all(t["found"] for t in tables.values())
    assert tables["公开01表"]["pages"] == [4, 5] and tables["公开06表"]["pages"] == [11]
    assert tables["公开09表"]["label"] == "公开09表" and tables["公开09表"]["printed_number"] == 9


def test_each_finding_is_on_the_page_it_names(demo_review):
    table_pages = {t["table"]: t["pages"] for t in demo_review.result["tables"]}
    for finding in demo_review.result["findings"]:
        assert finding["page"] == finding["pages"][0], finding
        text = page_text(demo_review.pdf, finding["page"])
        if finding.get("places"):  # the text's words it points at are printed there
            place = re.sub(r"\s+", "", finding["places"][0]["text"])
            assert place in text, (finding["rule"], finding["page"], place)
        else:  # a page of one of its tables, where the first figure it names is printed
            assert any(finding["page"] in table_pages[n] for n in finding["tables"]), finding
            figure = re.search(r"(\d+\.\d\d)万元", finding["message"]).group(1)
            assert figure in text, (finding["rule"], finding["page"], figure)


@pytest.fixture
def code_lists():
    call_command("load_reference_codes", stdout=io.StringIO())


def test_the_putuo_pdf_gives_exactly_the_findings_written_beside_it(code_lists):
    status, out, _ = run("review_pdf", str(PUTUO), "--json")
    result = json.loads(out)
    expected = tomllib.loads(PUTUO_EXPECTED.read_text(encoding="utf-8"))
    assert result["region"] == expected["region"] and result["year"] == expected["year"]
    assert result["problems"] == []
    assert all(t["found"] for t in result["tables"])
    got = sorted(
        (
            f["rule"],
            f["part"],
            f["severity"],
            f["page"],
            f["places"][0]["section"] if f.get("places") else "",
            f["places"][0]["text"] if f.get("places") else "",
        )
        for f in result["findings"]
    )
    want = sorted((e["rule"], e["part"], e["severity"], e["page"], e.get("section", ""), e.get("figure", "")) for e in expected["finding"])
    assert got == want
    assert status == 1


def test_the_text_output_names_the_tables_as_the_region_prints_them(code_lists):
    status, out, _ = run("review_pdf", str(PUTUO), "--region", "310107")
    assert status == 1
    assert "（中共上海市普陀区委社会工作部 2024年度，24页，按上海市的版式和规则）" in out
    assert "表格：找到9张：表1（第5页）、表2（第6–7页）" in out
    assert "[错误] 第18页 N12 " in out


def test_a_scan_exits_2_saying_it_has_no_text_layer_and_naming_ocr(tmp_path):
    scan = tmp_path / "scan.pdf"
    Image.new("RGB", (200, 280), "white").save(scan)
    status, out, err = run("review_pdf", str(scan))
    assert status == 2 and out == ""
    assert "扫描件" in err and "没有文字层" in err and "文字识别（OCR）" in err
    status, out, _ = run("review_pdf", str(scan), "--json")
    error = json.loads(out)
    assert status == 2 and error["file"] == str(scan) and "OCR" in error["error"]


def test_a_file_that_is_not_a_pdf_exits_2(tmp_path):
    path = tmp_path / "tables.xlsx"
    path.write_bytes(b"PK\x03\x04 not a pdf")
    status, _, err = run("review_pdf", str(path))
    assert status == 2 and "不是PDF文件" in err
