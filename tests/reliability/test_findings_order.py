"""A workbook checked without storing it (review_workbook, the fuzz oracle) lists its findings in
the order the stored report does: table rules, then codes (K01), then formats (F-). The 10,000-upload
fuzz run once flagged 31 accepted uploads whose findings were the same but in another order."""

import io

from django.core.management import call_command

from disclosures.excel.reader import workbook_read
from disclosures.services import version_import_workbook
from reviews.models import Finding
from reviews.services import findings_compute
from tests.disclosures.excel.workbooks import sample_workbook, save
from tests.factories import SAMPLE_DEPARTMENT, make_department, make_region, make_report


def test_an_unlisted_zero_code_lists_k01_before_the_format_finding_in_both(db):
    call_command("load_reference_codes", stdout=io.StringIO())
    workbook = sample_workbook()
    sheet = workbook["公开02表"]
    sheet.insert_rows(15)
    sheet["A15"], sheet["B15"] = "20563", "某新设款"  # 205 is listed, 20563 is not; all zero
    data = save(workbook)
    content = workbook_read(fileobj=io.BytesIO(data), filename="t.xlsx")
    computed = [f.rule for _, f in findings_compute(tables=content.tables, year=2024, entry_unit=content.unit)]
    _, version = make_report(make_department(make_region(), name=SAMPLE_DEPARTMENT))
    version_import_workbook(version=version, fileobj=io.BytesIO(data), filename="t.xlsx")
    stored = list(Finding.objects.filter(version=version, part="表格").order_by("position").values_list("rule_code", flat=True))
    assert "K01" in stored and "F-ZERO" in stored
    assert stored.index("K01") < stored.index("F-ZERO")
    assert computed == stored
