"""The sample workbook (seed 001's nine tables, with its five 尾差) as another unit of the demo
would send it, and that unit's report filled from it."""

from pathlib import Path

import openpyxl

from disclosures.selectors import version_latest
from disclosures.services import version_import_workbook

SAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "workbooks" / "caidian-2024.xlsx"


def workbook_of(name, folder):
    """The sample with `name` as the 编制单位 of every sheet."""
    book = openpyxl.load_workbook(SAMPLE)
    for sheet in book.worksheets:
        if str(sheet["A3"].value or "").startswith("编制单位："):
            sheet["A3"] = f"编制单位：{name}"
    path = Path(folder) / f"{name}-2024.xlsx"
    book.save(path)
    return path


def report_from_sample(report, folder):
    """The report's newest version imported from the sample under its unit's name; the workbook's path."""
    path = workbook_of(report.department.name, folder)
    with path.open("rb") as fh:
        version_import_workbook(version=version_latest(report=report), fileobj=fh, filename=path.name)
    return path
