"""Writing a section of the 说明 in the editor (disclosures/views/narrative.py), as a browser
without JavaScript would: load the page, post its form back changed."""

import pytest
from django.test import Client

from disclosures.models import NarrativeSection, ReportVersion, VersionState
from disclosures.pdf.selectors import prior_year_totals
from disclosures.services import version_sections_save
from reviews.models import Finding

from .pages import read_page

pytestmark = pytest.mark.django_db

INCOME = "explanation.income"


def section_url(report, key=INCOME):
    return f"/workspace/reports/{report.pk}/narrative/{key}/"


def stored_body(version, key=INCOME):
    return NarrativeSection.objects.get(version=version, key=key).body


def post_section(client, url, *, body, action="save", html=None):
    """Post the page's form (fetched unless given) with the textarea set to `body`."""
    page = read_page(html if html is not None else client.get(url).content.decode())
    return client.post(url, {**page.fields, "body": body, "action": action})


def test_the_index_lists_every_part_in_the_official_order_with_its_status(editor, world):
    report, version = world["report"], world["version"]
    version_sections_save(version=version, sections={"overview.functions": "主要职能：负责城乡居民养老保险经办。", INCOME: "2024年度收入合计99.99万元。"})
    html = editor.get(f"/workspace/reports/{report.pk}/narrative/").content.decode()
    titles = ["一、部门主要职能", "二、部门决算单位构成", "第三部分 情况说明", "一、收入支出决算总体情况说明", "十三、预算绩效情况说明", "第四部分 重点工作完成情况"]
    positions = [html.index(t) for t in titles]
    assert positions == sorted(positions)
    explanation = html[html.index('id="part-explanation"') : html.index('id="part-key_work"')]
    assert explanation.count('class="narrative-row') == 13
    assert 'data-section="overview.functions">' in html
    row = lambda key: html[html.index(f'data-section="{key}"') :].split("</tr>")[0]  # noqa: E731
    assert "已填写" in row("overview.functions") and "未发现问题" in row("overview.functions")
    assert "有问题" in row(INCOME) and "1个错误" in row(INCOME)
    assert "未填写" in row("explanation.assets")


def test_the_workspace_report_page_shows_each_sections_status_and_links_to_the_editor(editor, world):
    report, version = world["report"], world["version"]
    version_sections_save(version=version, sections={INCOME: "2024年度收入合计99.99万元。", "explanation.expenditure": "2024年度支出合计68.33万元。"})
    html = editor.get(f"/workspace/reports/{report.pk}/").content.decode()
    block = html[html.index('id="narrative"') :]
    assert f'href="/workspace/reports/{report.pk}/narrative/"' in block
    row = lambda key: block[block.index(f'data-section="{key}"') :].split("</tr>")[0]  # noqa: E731
    assert "status-findings" in row(INCOME)
    assert "status-ok" in row("explanation.expenditure")
    assert "status-empty" in row("explanation.assets")


def test_the_page_shows_the_title_and_the_tables_it_draws_on_in_wan(editor, world):
    html = editor.get(section_url(world["report"])).content.decode()
    assert "<h1>二、收入决算情况说明</h1>" in html
    aside = html[html.index('class="narrative-tables"') :]
    aside = aside[: aside.index("</aside>")]
    assert "公开02表 收入决算表" in aside and "金额单位：万元" in aside
    assert "68.33" in aside and "<input" not in aside  # read-only, in 万元


def test_saving_stores_the_text_and_it_shows_on_the_report_and_the_public_page(editor, world):
    report, version = world["report"], world["version"]
    text = "2024年度收入合计68.33万元。\n其中：财政拨款收入68.33万元，占本年收入100%。"
    response = post_section(editor, section_url(report), body=text)
    assert response.status_code == 302
    assert stored_body(version) == text
    page = read_page(editor.get(response["Location"]).content.decode())
    assert page.body == text
    assert "财政拨款收入68.33万元" in editor.get(f"/workspace/reports/{report.pk}/").content.decode()
    from django.utils import timezone

    ReportVersion.objects.filter(pk=version.pk).update(state=VersionState.PUBLISHED, published_at=timezone.now())
    public = Client().get(report.get_absolute_url()).content.decode()
    assert "二、收入决算情况说明" in public and "其中：财政拨款收入68.33万元" in public


def test_a_concurrent_save_is_refused_with_409_and_the_typed_text_kept(world):
    report, version = world["report"], world["version"]
    first, second = Client(), Client()
    first.force_login(world["accountant"])
    second.force_login(world["accountant"])
    url = section_url(report)
    page_first = first.get(url).content.decode()
    page_second = second.get(url).content.decode()

    assert post_section(first, url, html=page_first, body="第一人的文字：收入合计68.33万元。").status_code == 302
    mine = "第二人的文字：\n收入合计68.33万元，财政拨款收入68.33万元。"
    response = post_section(second, url, html=page_second, body=mine)
    html = response.content.decode()
    assert response.status_code == 409
    assert "保存冲突" in html and "没有保存" in html
    assert stored_body(version) == "第一人的文字：收入合计68.33万元。"  # nothing of the second was saved
    page = read_page(html)
    assert page.body == mine  # ... nor lost from the page
    assert "第一人的文字" in html[html.index("narrative-conflict") :]  # what was saved meanwhile is shown

    # After review, saving the conflict page again stores the second editor's text.
    assert post_section(second, url, html=html, body=page.body).status_code == 302
    assert stored_body(version) == mine.strip()


def test_a_table_saved_meanwhile_also_makes_the_text_stale(editor, world):
    """Text and tables share the version's revision: the text was written against other figures."""
    from disclosures.demo.synthetic import consistent_tables
    from disclosures.services import version_replace_tables
    from tests.factories import GOOD_LINES

    report, version = world["report"], world["version"]
    html = editor.get(section_url(report)).content.decode()
    version_replace_tables(version=version, tables=consistent_tables(GOOD_LINES).values())
    response = post_section(editor, section_url(report), html=html, body="收入合计68.33万元。")
    assert response.status_code == 409 and read_page(response.content.decode()).body == "收入合计68.33万元。"


def test_a_post_without_a_revision_is_treated_as_stale(editor, world):
    response = editor.post(section_url(world["report"]), {"body": "文字", "action": "save"})
    assert response.status_code == 409
    assert stored_body(world["version"]) == ""


@pytest.mark.parametrize("state", [VersionState.SUBMITTED, VersionState.APPROVED, VersionState.PUBLISHED])
def test_a_locked_version_is_read_only_and_a_post_is_refused_with_the_text_kept(editor, world, state):
    report, version = world["report"], world["version"]
    url = section_url(report)
    editable_page = editor.get(url).content.decode()
    ReportVersion.objects.filter(pk=version.pk).update(state=state, published_at="2025-09-01T00:00:00Z")
    html = editor.get(url).content.decode()
    page = read_page(html)
    assert page.body_readonly and "只能查看" in html
    assert 'value="save"' not in html and 'value="draft"' not in html
    response = post_section(editor, url, html=editable_page, body="改过的文字")
    assert response.status_code == 409
    html = response.content.decode()
    assert "不能修改" in html and "没有保存" in html
    assert read_page(html).body == "改过的文字"
    assert stored_body(version) == ""


def test_a_returned_version_is_editable(editor, world):
    report, version = world["report"], world["version"]
    ReportVersion.objects.filter(pk=version.pk).update(state=VersionState.RETURNED)
    assert post_section(editor, section_url(report), body="退回后修改的文字").status_code == 302
    assert stored_body(version) == "退回后修改的文字"


def test_the_draft_action_gives_the_sections_text_with_the_reports_figures(editor, world):
    report = world["report"]
    text = editor.get(section_url(report) + "draft/").json()["text"]
    assert text.startswith("2024年度收入合计68.33万元。其中：财政拨款收入68.33万元，占本年收入100%")
    expenditure = editor.get(section_url(report, "explanation.expenditure") + "draft/").json()["text"]
    assert "支出合计68.33万元" in expenditure and "基本支出37.37万元，占本年支出54.7%" in expenditure
    assert "项目支出30.96万元，占本年支出45.3%" in expenditure
    assert editor.get(section_url(report, "overview.functions") + "draft/").json() == {"text": ""}


def test_without_javascript_the_draft_is_shown_below_and_the_typed_text_kept_unsaved(editor, world):
    report, version = world["report"], world["version"]
    response = post_section(editor, section_url(report), body="我已写的半句话", action="draft")
    assert response.status_code == 200
    page = read_page(response.content.decode())
    assert page.body == "我已写的半句话"
    assert page.draft.startswith("2024年度收入合计68.33万元。")
    assert stored_body(version) == ""
    assert "data-dirty=\"1\"" in response.content.decode()  # leaving still asks


def test_a_wrong_figure_is_found_and_highlighted_with_the_expected_value(editor, world):
    report, version = world["report"], world["version"]
    draft = editor.get(section_url(report) + "draft/").json()["text"]
    wrong = draft.replace("收入合计68.33万元", "收入合计99.99万元", 1)
    response = post_section(editor, section_url(report), body=wrong)
    assert response.status_code == 302

    finding = Finding.objects.get(version=version, rule_code__startswith="N", cells__0__section=INCOME)
    html = editor.get(response["Location"]).content.decode()
    page = read_page(html)
    [(mark_id, css, text)] = page.marks
    assert "99.99" in text and "68.33" not in text
    assert "text-finding-error" in css
    cell = finding.cells[0]
    assert mark_id == f"t0-{INCOME}-{cell['start']}-{cell['end']}"
    assert wrong[cell["start"] : cell["end"]] == text
    item = html[html.index(f'id="text-finding-{finding.pk}"') :].split("</li>")[0]
    assert '应为 <strong class="expected">68.33</strong> 万元' in item
    assert f'href="#{mark_id}"' in item

    # Fixed: the finding goes and the section is ok.
    assert post_section(editor, section_url(report), body=draft).status_code == 302
    html = editor.get(section_url(report)).content.decode()
    assert read_page(html).marks == [] and "未发现问题" in html


def test_a_highlight_follows_its_figure_when_only_surrounding_whitespace_differs(editor, world):
    """Stored bodies are stripped; the offsets are into the stored text, which the page shows."""
    report = world["report"]
    assert post_section(editor, section_url(report), body="\n\n  2024年度收入合计99.99万元。  \n").status_code == 302
    [(_, _, text)] = read_page(editor.get(section_url(report)).content.decode()).marks
    assert "99.99" in text


def test_the_reviewer_sees_the_text_and_its_findings_read_only(client, editor, world):
    report, version = world["report"], world["version"]
    assert post_section(editor, section_url(report), body="2024年度收入合计99.99万元。").status_code == 302
    client.force_login(world["reviewer"])
    html = client.get(f"/review/reports/{report.pk}/").content.decode()
    block = html[html.index('id="narrative-checks"') :]
    block = block[: block.index("</section>\n</section>") if "</section>\n</section>" in block else len(block)]
    page = read_page(block)
    [(mark_id, _, text)] = page.marks
    assert "99.99" in text and mark_id.startswith(f"t0-{INCOME}-")
    assert "68.33" in block and "<textarea" not in block and "<form" not in block


def test_last_years_totals_are_entered_when_last_years_report_is_not_in_the_portal(editor, world):
    report, version = world["report"], world["version"]
    index = f"/workspace/reports/{report.pk}/narrative/"
    html = editor.get(index).content.decode()
    assert 'id="prior-year"' in html
    revision = html.split('name="revision" value="')[1].split('"')[0]
    url = f"{index}prior-year/"
    response = editor.post(url, {"total": "五百", "fiscal_total": "1", "revision": revision})
    assert response.status_code == 200 and "不是数字" in response.content.decode()
    assert prior_year_totals(version=version)["source"] == ""
    response = editor.post(url, {"total": "501.35", "fiscal_total": "500.84", "revision": revision})
    assert response.status_code == 302
    totals = prior_year_totals(version=version)
    assert (totals["total"], totals["fiscal_total"], totals["source"]) == (5013500, 5008400, "entered")
    html = editor.get(index).content.decode()
    assert 'value="501.35"' in html and 'value="500.84"' in html
    # ... and the draft now compares with last year.
    overall = editor.get(section_url(report, "explanation.overall") + "draft/").json()["text"]
    assert "减少433.02万元" in overall


def test_last_years_totals_are_not_asked_for_when_last_years_report_is_published(editor, world):
    from django.utils import timezone

    from tests.factories import make_report

    report = world["report"]
    previous, _ = make_report(report.department, year=2023, state=VersionState.PUBLISHED)
    assert previous.versions.get().published_at <= timezone.now()
    html = editor.get(f"/workspace/reports/{report.pk}/narrative/").content.decode()
    assert 'id="prior-year"' not in html


def test_pages_have_no_inline_script_or_style(editor, world):
    import re

    report = world["report"]
    for url in (section_url(report), f"/workspace/reports/{report.pk}/narrative/", f"/workspace/reports/{report.pk}/"):
        html = editor.get(url).content.decode()
        assert " style=" not in html and "<style" not in html
        assert all("src=" in attrs or 'type="application/json"' in attrs for attrs in re.findall(r"<script([^>]*)>", html))


def test_saved_text_is_in_the_pdf(editor, world):
    import subprocess

    from disclosures.pdf.render import version_pdf_bytes

    report, version = world["report"], world["version"]
    text = "2024年度收入合计68.33万元。\n财政拨款收入占本年收入100%。"
    assert post_section(editor, section_url(report), body=text).status_code == 302
    pdf = version_pdf_bytes(version=version)
    words = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    flat = "".join(words.split())
    assert "二、收入决算情况说明2024年度收入合计68.33万元。" in flat
    assert "财政拨款收入占本年收入100%。" in flat


def test_highlights_cut_the_text_at_each_findings_span_first_one_winning_where_they_overlap():
    from types import SimpleNamespace

    from disclosures.views.narrative import highlight

    body = "收入68.33万元，支出12.00万元。"
    a, b, c, d = (SimpleNamespace(span=s) for s in ((2, 9), (5, 11), (12, 19), (15, 99)))
    segments = [(s.text, s.finding) for s in highlight(body, [c, b, a, d])]
    assert segments == [("收入", None), ("68.33万元", a), ("，支出", None), ("12.00万元", c), ("。", None)]
    assert "".join(text for text, _ in segments) == body
    assert [(s.text, s.finding) for s in highlight("", [])] == [("", None)]


def test_last_years_totals_are_refused_on_a_locked_version_and_the_typed_figures_kept(editor, world):
    report, version = world["report"], world["version"]
    url = f"/workspace/reports/{report.pk}/narrative/prior-year/"
    ReportVersion.objects.filter(pk=version.pk).update(state=VersionState.SUBMITTED)
    response = editor.post(url, {"total": "501.35", "fiscal_total": "", "revision": str(version.revision)})
    html = response.content.decode()
    assert response.status_code == 409 and "没有保存" in html and 'value="501.35"' in html
    assert prior_year_totals(version=version)["source"] == ""


def test_the_checks_page_links_a_text_finding_to_its_place_in_the_section_editor(editor, world):
    report, version = world["report"], world["version"]
    assert post_section(editor, section_url(report), body="2024年度收入合计99.99万元。").status_code == 302
    finding = Finding.objects.get(version=version, rule_code__startswith="N", cells__0__section=INCOME)
    cell = finding.cells[0]
    html = editor.get(f"/workspace/reports/{report.pk}/checks/").content.decode()
    assert f'href="{section_url(report)}#t0-{INCOME}-{cell["start"]}-{cell["end"]}"' in html
