"""Checking a published disclosure read from its PDF (the review_pdf command).

The PDF is read by disclosures.published; every check that reads only what a published document
carries (registered with published=True: the table rules and format rules of the year's rule set,
the codes, the text against the tables, placeholders) runs over what was read. The result is
review_workbook's JSON, plus the document's parts, each of the nine tables found or not and on
which pages, what could not be read, and each finding's page.
"""

import re

from disclosures.models import Department
from disclosures.published.document import published_document
from disclosures.published.pages import MAX_PAGES, pdf_pages
from disclosures.published.parts import COVER
from disclosures.regions import all_profiles, region_profile
from disclosures.regions.tables import table_layout
from disclosures.tables.spec import TABLES

from .batch import finding_json, totals
from .checks import checks_run
from .checks.published_context import PublishedContext, published_checks
from .models import RuleSet
from .rules.data import RULE_DATA_DIR


def newest_rule_year():
    """The newest year with a rule set (database) or a rule file: a document without a year is checked by it."""
    years = {int(p.stem.split("_")[1]) for p in RULE_DATA_DIR.glob("rules_*.toml")}
    years |= set(RuleSet.objects.filter(active=True).values_list("year", flat=True))
    return max(years) if years else None


def department_named(name):
    """The portal's department of that name (or other name), when there is exactly one."""
    if not name:
        return None
    found = list(Department.objects.filter(name=name)[:2])
    if not found:
        found = [d for d in Department.objects.filter(aliases__contains=name) if name in d.alias_list()][:2]
    return found[0] if len(found) == 1 else None


def published_profile(document, option_profile=None):
    """The profile to check by: --region when given; else the region of the department the
    document names, when the portal has it; else the profile whose region's name the department's
    name holds (中共上海市普陀区委…: 上海市); else the default."""
    if option_profile is not None:
        return option_profile
    department = department_named(document.department_name)
    if department is not None:
        return region_profile(region=department.region)
    named = [
        profile
        for profile in all_profiles()
        if any(len(name) >= 2 and not name.isascii() and name in document.department_name for name in (profile.name, *profile.names))
    ]
    return named[0] if len(named) == 1 else region_profile()


def finding_pages(document, finding):
    """The pages a finding's places are printed on, in order."""
    pages = []
    for cell in finding.cells:
        if not isinstance(cell, dict):
            continue
        if "section" in cell:
            page = document.page_of_text(cell["section"], cell.get("start", 0))
        else:
            page = document.page_of_source(cell.get("source", ""))
        if page is not None and page not in pages:
            pages.append(page)
    if not pages and getattr(finding, "section", ""):
        page = document.page_of_text(finding.section)
        pages = [page] if page is not None else []
    if not pages:
        for number in finding.tables:
            pages.extend(p for p in document.table_pages(number)[:1] if p not in pages)
    return pages


def _tables_json(document, profile):
    layout = table_layout(profile)
    result = []
    for spec in sorted(TABLES, key=lambda s: layout.printed_number(s.number)):
        printed = document.printed.get(spec.number)
        result.append(
            {
                "table": spec.number,
                "code": spec.code,
                "name": spec.name,
                "printed_number": layout.printed_number(spec.number),
                "label": layout.sheet_name.format(code=spec.code, printed=layout.printed_number(spec.number)),
                "found": printed is not None,
                "title": printed.title if printed else "",
                "pages": printed.pages if printed else [],
            }
        )
    return result


def cover_title(document):
    """The document's title as its cover prints it (中共上海市普陀区委社会工作部2024年度部门决算), or ""."""
    cover = document.part(COVER)
    if cover is None:
        return ""
    text = "".join(re.sub(r"\s+", "", line.text) for line in cover.lines)
    match = re.search(r"^.*?决算", text)
    return (match.group(0) if match else text)[:200]


def _note_json(note):
    return {"page": note.page, "message": note.message}


def review_published(*, data, name, profile=None, max_pages=MAX_PAGES, deadline=None):
    """The review_pdf result of a PDF's bytes; disclosures.published.pages.PdfError when it cannot
    be read (not a PDF, encrypted, a scan without a text layer, more than `max_pages` pages, or
    still being read at `deadline`, a time.monotonic() value)."""
    pages = pdf_pages(data, max_pages=max_pages, deadline=deadline)
    document = published_document(pages=pages, profile=profile)
    chosen = published_profile(document, profile)
    if chosen.key != (profile or region_profile()).key:  # read again by the department's region's layout
        document = published_document(pages=pages, profile=chosen)
    year = document.year or newest_rule_year()
    context = PublishedContext(document, profile=chosen, year=year)
    findings = checks_run(context, checks=published_checks())
    result = {
        "file": name,
        "department": document.department_name,
        "title": cover_title(document),
        "year": document.year,
        "region": chosen.name,
        "unit": document.unit,
        "pages": document.page_count,
        "totals": totals(document.tables) if 1 in document.tables else {"income": "", "expenditure": ""},
        "parts": [{"part": p.key, "name": p.name, "title": p.title, "pages": p.pages} for p in document.parts],
        "tables": _tables_json(document, chosen),
        "sections": list(document.sections),
        "problems": [_note_json(n) for n in document.problems],
        "notes": [_note_json(n) for n in document.notes],
        "findings": [],
    }
    for finding in findings:
        item = finding_json(finding)
        pages = finding_pages(document, finding)
        item["page"] = pages[0] if pages else None
        item["pages"] = pages
        item["rounding"] = bool(getattr(finding, "rounding", False))
        result["findings"].append(item)
    return result
