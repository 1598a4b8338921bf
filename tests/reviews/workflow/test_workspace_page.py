"""The accountant's report page says what blocks submission and why the report came back."""

from disclosures.selectors import version_latest
from reviews.workflow import review_return


def test_the_report_page_shows_the_last_return_and_what_blocks_submission(demo, client):
    report = demo["submitted"]
    version = version_latest(report=report)
    review_return(version=version, user=demo["reviewer"], reason="请核对公开05表基本支出。", cells=["5:total:basic"])
    client.force_login(demo["accountant"])
    page = client.get(f"/workspace/reports/{report.pk}/").content.decode()
    assert "被退回" in page and "请核对公开05表基本支出。" in page and "5:total:basic" in page


def test_unexplained_warnings_are_listed_before_submitting(demo, client):
    from disclosures.services import version_start_correction

    version = version_start_correction(report=demo["published"], correction_note="更正", user=demo["accountant"])
    assert version.findings.filter(severity="warning").exists()
    client.force_login(demo["accountant"])
    page = client.get(f"/workspace/reports/{demo['published'].pk}/").content.decode()
    assert "个提示尚未填写说明" in page


def test_explanations_cannot_change_while_the_report_is_under_review(demo, client):
    from disclosures.services import version_start_correction
    from reviews.workflow import report_submit

    from disclosures.services import version_sections_save
    from tests.disclosures.narrative.passages import corrected_sections

    version = version_start_correction(report=demo["published"], correction_note="更正", user=demo["accountant"])
    version_sections_save(version=version, sections=corrected_sections())  # the published text's errors corrected
    for finding in version.findings.filter(severity="warning"):
        finding.explanation = "尾差，四舍五入所致。"
        finding.save(update_fields=["explanation"])
    client.force_login(demo["accountant"])
    report_submit(version=version, user=demo["accountant"])
    finding = version.findings.filter(severity="warning").first()
    client.post(
        f"/workspace/reports/{demo['published'].pk}/checks/findings/{finding.pk}/", {"explanation": "改过的说明"}
    )
    finding.refresh_from_db()
    assert finding.explanation == "尾差，四舍五入所致。"
