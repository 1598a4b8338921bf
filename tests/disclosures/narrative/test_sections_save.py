"""Saving the text stores it and refreshes the findings; the draft of a stored version."""

import io

import pytest
from django.core.management import call_command

from disclosures.demo.loader import CAIDIAN_CODE, seed_tables
from disclosures.models import EntryUnit, NarrativeSection, ReportVersion, VersionState
from disclosures.selectors import version_narrative_draft
from disclosures.services import ContentError, StaleRevision, VersionLocked, version_replace_tables, version_sections_save
from portal.audit.models import AuditEvent
from portal.accounts.models import Role
from reviews.models import Finding
from reviews.selectors import findings_for_version
from reviews.services import finding_explain
from tests.factories import make_department, make_region, make_report, make_user

from .passages import corrected_sections, published_sections

pytestmark = pytest.mark.django_db


@pytest.fixture
def version():
    _, version = make_report(make_department(make_region()))
    version_replace_tables(version=version, tables=seed_tables().values(), entry_unit=EntryUnit.WAN)
    return version


def text_findings(version):
    """The text checks' findings (placeholders left are completeness findings, tested apart)."""
    return [f for f in Finding.objects.filter(version=version, part="情况说明") if f.is_text]


def test_saving_sections_stores_them_and_computes_the_text_findings(version):
    user = make_user(Role.ACCOUNTANT)
    before = version.revision
    sections = published_sections()
    version = version_sections_save(version=version, sections=sections, user=user)
    assert version.revision == before + 1
    stored = dict(NarrativeSection.objects.filter(version=version).values_list("key", "body"))
    assert stored["explanation.income"] == sections["explanation.income"]
    found = text_findings(version)
    assert {"N02", "N06", "N07", "N09", "N10"} <= {f.rule_code for f in found}
    share = next(f for f in found if f.rule_code == "N02")
    (cell,) = share.cells
    assert stored[cell["section"]][cell["start"]:cell["end"]] == cell["text"] == "0.92 %"
    assert share.anchors()[0][1] == f"t0-explanation.general_budget-{cell['start']}-{cell['end']}"
    assert AuditEvent.objects.filter(version=version, action="sections").exists()
    groups = {g.part: g for g in findings_for_version(version=version)}
    assert all(f.is_text for f in groups["情况说明"].findings)
    assert all(not f.is_text for f in groups["表格"].findings)


def test_a_corrected_text_leaves_only_the_tables_findings(version):
    table_findings = Finding.objects.filter(version=version).count()
    version_sections_save(version=version, sections=corrected_sections())
    assert not text_findings(version) and Finding.objects.filter(version=version, part="表格").count() == table_findings
    # the text names three projects this version has no self-evaluation table for
    assert set(Finding.objects.filter(version=version).exclude(part="表格").values_list("rule_code", flat=True)) == {
        "perf.project_names"
    }


def test_an_explained_text_warning_survives_an_edit_elsewhere_in_the_text(version):
    version_sections_save(version=version, sections=published_sections())
    share = Finding.objects.get(version=version, rule_code="N02")
    finding_explain(finding=share, text="按截尾写的占比，已知悉。", user=make_user(Role.ACCOUNTANT))
    sections = published_sections()
    version_sections_save(version=version, sections={"explanation.general_budget": "前言。\n" + sections["explanation.general_budget"]})
    moved = Finding.objects.get(version=version, rule_code="N02")
    assert moved.explanation == "按截尾写的占比，已知悉。" and moved.cells[0]["start"] == share.cells[0]["start"] + 4


def test_saving_tables_rechecks_the_text(version):
    version_sections_save(version=version, sections=corrected_sections())
    tables = seed_tables()
    tables[6].set("personnel_total", "amount", "1767800.00")  # 176.78 where the text says 177.78
    version_replace_tables(version=version, tables=[tables[6]])
    (finding,) = [f for f in text_findings(version) if f.rule_code == "N01"]
    assert "人员经费" in finding.message and "176.78万元" in finding.message


def test_unknown_sections_stale_revisions_and_locked_versions_write_nothing(version):
    before = NarrativeSection.objects.get(version=version, key="explanation.income").body
    with pytest.raises(ContentError, match="explanation.nonsense"):
        version_sections_save(version=version, sections={"explanation.nonsense": "x", "explanation.income": "改了"})
    with pytest.raises(StaleRevision):
        version_sections_save(version=version, sections={"explanation.income": "改了"}, expected_revision=version.revision - 1)
    assert NarrativeSection.objects.get(version=version, key="explanation.income").body == before != "改了"
    ReportVersion.objects.filter(pk=version.pk).update(state=VersionState.SUBMITTED)
    version.refresh_from_db()
    with pytest.raises(VersionLocked):
        version_sections_save(version=version, sections={"explanation.income": "改了"})


def test_last_years_totals_entered_by_hand_are_saved_as_sections_and_used(version):
    version_sections_save(version=version, sections={"prior_year.total": "501.35", "explanation.overall": "2024年度收、支总计583.56万元。与2023年度相比，收、支总计增加80万元，增长16.4%。"})
    (finding,) = text_findings(version)
    assert finding.rule_code == "N03" and "增加82.21万元" in finding.message


def test_the_demo_versions_draft_uses_its_attachments_and_passes_its_own_checks():
    call_command("load_demo", stdout=io.StringIO())
    version = ReportVersion.objects.get(report__department__code=CAIDIAN_CODE, report__year=2024)
    drafts = version_narrative_draft(version=version)
    assert "收、支总计增加82.21万元，增长16.4%" in drafts["explanation.overall"]
    performance = drafts["explanation.performance"]
    assert "3. 社保扶贫代缴资金项目绩效自评综述：项目全年预算数为360万元，执行数为319.05万元，完成预算的88.6%。" in performance
    assert "共涉及项目3个，资金391万元，占一般公共预算项目支出总额的100%。" in performance
    report = version.report
    from disclosures.services import version_start_correction

    correction = version_start_correction(report=report, correction_note="更正情况说明")
    version_sections_save(version=correction, sections=drafts)
    assert not text_findings(correction)
    # what the draft leaves to the accountant is marked where it is, as an error
    left = Finding.objects.filter(version=correction, rule_code="C-PLACEHOLDER")
    assert left.exists() and all(f.severity == "error" and f.is_text for f in left)
    assert any(c["text"] == "（原因由填报单位填写）" for f in left for c in f.cells)


def test_the_demo_texts_figures_that_its_attachments_contradict_are_errors():
    call_command("load_demo", stdout=io.StringIO())
    version = ReportVersion.objects.get(report__department__code=CAIDIAN_CODE, report__year=2024)
    attachments = {f.message.split("：", 1)[1]: f for f in text_findings(version) if f.rule_code == "N08"}
    assert all(f.severity == "error" for f in attachments.values())
    assert set(attachments) == {
        "写“社保扶贫资金”执行数为360万元，附件自评表为319.05万元",
        "写“社保扶贫资金”执行率为100%，附件自评表为88.63%",
        "写“基金征缴工作完成率”为96.33%，附件《城乡居民基本养老保险管理经费》自评表“基金征缴工作完成率”实际完成值为106.10%（应为106.1%）",
    }
    body = NarrativeSection.objects.get(version=version, key="explanation.performance").body
    executed = attachments["写“社保扶贫资金”执行数为360万元，附件自评表为319.05万元"].cells[0]
    assert body[executed["start"]:executed["end"]] == executed["text"] == "360万元"
