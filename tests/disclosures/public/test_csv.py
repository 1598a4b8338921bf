"""CSV of each table: UTF-8 with BOM, 万元 with two decimals, the table's own layout."""

import csv
import io

import pytest

from disclosures.models import VersionState
from disclosures.services import version_start_correction
from disclosures.tables.spec import TABLES
from tests.factories import make_department, make_region, make_report

from .conftest import publish

pytestmark = pytest.mark.django_db


def read_csv(response):
    raw = response.content
    assert raw.startswith("\ufeff".encode("utf-8"))
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_table_03_as_csv_has_title_header_and_amounts_in_wan(client):
    department = make_department(make_region(), name="丁区社保中心")
    make_report(department, state=VersionState.PUBLISHED)

    response = client.get(f"/reports/{department.code}/2024/tables/3.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert "filename*=utf-8''" in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == ["公开03表 支出决算表"]
    assert rows[1] == ["编制单位：丁区社保中心", "年度：2024", "金额单位：万元"]
    assert rows[2][:4] == ["科目编码", "科目名称", "本年支出合计", "基本支出"]
    total = next(r for r in rows if len(r) > 1 and r[1] == "合计")
    # GOOD_LINES: basic 373,700.00 元, project 309,600.00 元 → 68.33 万元 in all
    assert total[2:5] == ["68.33", "37.37", "30.96"]
    assert ["2080505", "机关事业单位基本养老保险缴费支出", "17.35", "17.35", ""] == rows[rows.index(total) + 2][:5]


def test_every_table_is_rectangular_and_empty_tables_keep_their_note(client):
    department = make_department(make_region())
    make_report(department, state=VersionState.PUBLISHED)
    for spec in TABLES:
        rows = read_csv(client.get(f"/reports/{department.code}/2024/tables/{spec.number}.csv"))
        assert rows[0][0].startswith(spec.code)
        widths = {len(r) for r in rows[2:] if len(r) > 1}
        assert len(widths) == 1, (spec.code, widths)
    rows = read_csv(client.get(f"/reports/{department.code}/2024/tables/7.csv"))
    assert rows[-1][0] == "本单位2024年度无政府性基金预算财政拨款收入支出。" or "无" in rows[-1][0]


def test_a_version_keeps_its_own_csv_after_a_correction(client):
    department = make_department(make_region())
    report, v1 = make_report(department, state=VersionState.PUBLISHED)
    v2 = version_start_correction(report=report, correction_note="更正")
    from disclosures.demo.synthetic import consistent_tables
    from disclosures.services import version_replace_tables

    version_replace_tables(version=v2, tables=consistent_tables([("2080109", "社会保险经办机构", "1000000.00", "0")]).values())
    base = f"/reports/{department.code}/2024"
    assert client.get(f"{base}/tables/3.csv").content == client.get(f"{base}/v1/tables/3.csv").content
    assert client.get(f"{base}/v2/tables/3.csv").status_code == 404

    publish(v2)
    newest = read_csv(client.get(f"{base}/tables/3.csv"))
    assert next(r for r in newest if len(r) > 1 and r[1] == "合计")[2] == "100.00"
    first = read_csv(client.get(f"{base}/v1/tables/3.csv"))
    assert next(r for r in first if len(r) > 1 and r[1] == "合计")[2] == "68.33"


@pytest.mark.parametrize("table", [0, 10, 99])
def test_tables_outside_one_to_nine_are_404(client, table):
    department = make_department(make_region())
    make_report(department, state=VersionState.PUBLISHED)
    assert client.get(f"/reports/{department.code}/2024/tables/{table}.csv").status_code == 404
