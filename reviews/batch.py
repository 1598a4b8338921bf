"""Checking workbooks without storing them (the review_workbook command), one or many at once."""

import json
from multiprocessing import get_context

from disclosures.excel.reader import WorkbookError, workbook_read
from disclosures.narrative.check import narrative_check
from disclosures.narrative.text_file import split_sections
from disclosures.tables.values import yuan_to_wan

from .rules.data import RULE_DATA_DIR
from .rules.code_checks import code_findings
from .rules.engine import run_rules

_RULES = {}  # year -> compiled rules, set in each worker before any file is read
_DEFAULT_YEAR = None
_PROFILE = None  # the region profile's key (disclosures.regions) the files are read and checked by


def rules_by_year(profile=None):
    """The compiled rules of every year that has a rule set (database) or a rule file."""
    from django.db import DatabaseError

    from .models import RuleSet
    from .rules.data import file_rules
    from .selectors import rules_for_year

    file_years = {int(p.stem.split("_")[1]) for p in RULE_DATA_DIR.glob("rules_*.toml")}
    try:
        years = set(RuleSet.objects.filter(active=True).values_list("year", flat=True)) | file_years
        return {
            year: [compiled for _, compiled in rules_for_year(year=year, profile=profile)] for year in sorted(years)
        }
    except DatabaseError:  # no database at hand (e.g. not migrated): the rule files as they are
        from disclosures.regions.tables import table_layout

        off = table_layout(profile).rules_off
        return {year: [r for r in file_rules(year) if r.code not in off] for year in sorted(file_years)}


def _init(rules, default_year, profile_key=None):
    global _RULES, _DEFAULT_YEAR, _PROFILE
    _RULES, _DEFAULT_YEAR, _PROFILE = rules, default_year, profile_key


def _profile():
    from disclosures.regions import region_profile

    return region_profile(name_or_code=_PROFILE) if _PROFILE else None


def totals(tables):
    t1 = tables[1]
    return {
        "income": f"{yuan_to_wan(t1.get('27', 'amount')):.2f}",
        "expenditure": f"{yuan_to_wan(t1.get('58', 'amount')):.2f}",
    }


TABLES_PART, TEXT_PART = "表格", "情况说明"  # reviews.models.Part, for findings computed without a version


def finding_json(finding):
    """A finding (reviews.checks CheckFinding, or a table or text engine's) as review_* --json
    prints it: rule, severity, part, tables, cells, message, and where else it is when known."""
    places = [c for c in finding.cells if isinstance(c, dict) and "section" in c]
    result = {
        "rule": finding.rule,
        "severity": finding.severity,
        "part": getattr(finding, "part", "") or (TEXT_PART if places else TABLES_PART),
        "tables": list(finding.tables),
        "cells": finding.sheet_cells(),
        "message": finding.message,
    }
    if places:  # a finding of the text: where, as section key and character span
        result["places"] = [{k: c[k] for k in ("section", "start", "end", "text")} for c in places]
    if getattr(finding, "section", ""):
        result["section"] = finding.section
    if getattr(finding, "evaluation_kind", ""):
        result["evaluation"] = {"kind": finding.evaluation_kind, "id": finding.evaluation_ref, "field": finding.evaluation_field}
    if getattr(finding, "checklist_no", None):
        result["checklist_item"] = finding.checklist_no
    return result


def error_json(*, file, error):
    """What --json prints for a file that could not be read: one object, like a result."""
    return dumps({"file": str(file), "error": error})


def check_narrative(result, *, tables, text, year, prior=None, profile=None):
    """Add the findings of an explanation text (the published document's plain text) to a result.

    profile: the region profile whose section list and number format the text follows."""
    sections = split_sections(text, year=year, profile=profile)
    findings = narrative_check(sections=sections, tables=tables, prior=prior, year=year, profile=profile)
    result["sections"] = list(sections)
    result["findings"].extend(finding_json(f) for f in findings)
    return result


def _read(path):
    """(content, None) for a workbook read, or (None, message) when it cannot be read."""
    try:
        with open(path, "rb") as fh:
            return workbook_read(fileobj=fh, filename=str(path), profile=_profile()), None
    except OSError as exc:
        return None, f"{path}：无法打开文件（{exc.strerror or exc}）"
    except WorkbookError as exc:
        return None, f"{path}：无法读取：{'；'.join(str(p) for p in exc.problems)}"


def check_file_with_narrative(path, *, text, prior=None, profile=None):
    """Like check_file, with the findings of the text added; ({result}, None) or (None, message)."""
    _init(*_rules_and_default(profile), profile.key if profile else None)
    content, error = _read(path)
    if error:
        return None, error
    year = content.year or _DEFAULT_YEAR
    result = check_tables(name=str(path), tables=content.tables, unit=content.unit, year=year)
    return check_narrative(result, tables=content.tables, text=text, year=year, prior=prior, profile=profile), None


def _rules_and_default(profile=None):
    rules = rules_by_year(profile)
    return rules, (max(rules) if rules else None)


def check_tables(*, name, tables, unit, year):
    rules = _RULES.get(year) or _RULES.get(_DEFAULT_YEAR, [])
    findings = run_rules(rules, tables, entry_unit=unit)
    findings += code_findings(tables=tables, year=year)
    return {
        "file": name,
        "unit": unit,
        "totals": totals(tables),
        "findings": [finding_json(f) for f in findings],
    }


def check_file(path):
    """({result}, None) for a workbook read, or (None, message) when it cannot be read."""
    content, error = _read(path)
    if error:
        return None, error
    return check_tables(name=str(path), tables=content.tables, unit=content.unit, year=content.year), None


def check_files(paths, *, processes=2, profile=None):
    """Yield (result, error) per path, in order; several files are checked in `processes` workers.

    `profile` (disclosures.regions): how the workbooks are laid out and which rules apply.
    """
    from django.db import connections

    rules = rules_by_year(profile)
    default_year = max(rules) if rules else None
    key = profile.key if profile else None
    if len(paths) <= 1 or processes <= 1:
        _init(rules, default_year, key)
        yield from map(check_file, paths)
        return
    connections.close_all()  # a forked child must not share the parent's database connection
    with get_context("fork").Pool(processes, initializer=_init_child, initargs=(rules, default_year, key)) as pool:
        yield from pool.imap(check_file, paths, chunksize=max(1, min(16, len(paths) // (processes * 4))))


def _init_child(rules, default_year, profile_key=None):
    import django

    django.setup()  # idempotent under fork; sets up Django when started another way
    _init(rules, default_year, profile_key)


def dumps(result):
    return json.dumps(result, ensure_ascii=False)
