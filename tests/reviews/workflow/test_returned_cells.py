"""A cell named in a return: the accountant's report page names it and links to its table,
where the cell is marked with the reviewer's reason until the report is submitted again."""

from disclosures.selectors import version_latest
from reviews.models import ReturnReason
from reviews.workflow import report_submit, return_reasons_reply, review_return
from tests.disclosures.test_table_edit import cell_html

from .test_cycle import answer_checklist, write_every_section

REASON = "请核对公开05表基本支出合计。"


def test_a_returned_cell_is_linked_from_the_report_page_and_marked_in_its_table(demo, client):
    report = demo["submitted"]
    version = version_latest(report=report)
    review_return(version=version, user=demo["reviewer"], reason=REASON, cells=["5:total:basic", "9:1:budget_abroad"])
    client.force_login(demo["accountant"])

    page = client.get(f"/workspace/reports/{report.pk}/").content.decode()
    assert f'<a href="/workspace/reports/{report.pk}/tables/5/#m-c__total__basic" title="5:total:basic">公开05表 合计行 基本支出</a>' in page
    assert f'href="/workspace/reports/{report.pk}/tables/9/#m-c__1__budget_abroad"' in page

    table5 = client.get(f"/workspace/reports/{report.pk}/tables/5/").content.decode()
    marked = cell_html(table5, "c__total__basic")
    assert "returned" in marked.split(">", 1)[0] and f"审核人退回：{REASON}" in marked
    assert 'id="m-c__total__basic"' in marked  # the link's target
    assert table5.count("审核人退回：") == 1  # only that cell of this table
    other = cell_html(table5, "c__total__project")
    assert "returned" not in other.split(">", 1)[0] and "审核人退回" not in other

    # Submitted again, each reason answered in writing: nothing is marked any more.
    answer_checklist(client, report)
    write_every_section(client, report)
    reasons = ReturnReason.objects.filter(decision__version=version)
    return_reasons_reply(version=version, user=demo["accountant"], replies={r.pk: "已核对" for r in reasons})
    report_submit(version=version, user=demo["accountant"])
    table5 = client.get(f"/workspace/reports/{report.pk}/tables/5/").content.decode()
    assert "审核人退回" not in table5


def test_a_cell_the_tables_do_not_have_is_shown_as_typed():
    from reviews.models import ReturnReason

    assert ReturnReason(cell="5:total:nonexistent").cell_label == "5:total:nonexistent"
    assert ReturnReason(cell="9:1:budget_abroad").cell_label == "公开09表 第1行 预算数因公出国(境)费"


def test_a_cell_named_as_the_workbook_or_by_its_column_label_resolves_and_a_place_that_does_not_exist_is_refused(demo):
    from disclosures.models import TableCell
    from reviews.workflow import TransitionRefused

    report = demo["submitted"]
    version = version_latest(report=report)
    imported = TableCell.objects.filter(version=version, table=1).exclude(source="").first()
    refs = [imported.source if imported else "1:1:amount", "1:58:金额", "9:1:budget_abroad", "9:1:budget_abroad"]
    for wrong, message in (
        ("1:99:金额", "公开01表没有“99”这一行"),
        ("1:1:合计", "这一行没有“合计”栏"),
        ("公开01表!Z99", "不是本版本导入的工作簿中有金额的单元格"),
        ("3:9999999:basic", "公开03表没有“9999999”这一行"),
    ):
        try:
            review_return(version=version, user=demo["reviewer"], reason=REASON, cells=[wrong])
        except TransitionRefused as exc:
            assert message in str(exc), (wrong, str(exc))
        else:
            raise AssertionError(f"{wrong} was accepted")
    review_return(version=version, user=demo["reviewer"], reason=REASON, cells=refs)
    cells = list(ReturnReason.objects.filter(decision__version=version, kind="cell").values_list("cell", flat=True))
    expected = [f"{imported.table}:{imported.row}:{imported.column}" if imported else "1:1:amount", "9:1:budget_abroad"]
    assert cells[0] == expected[0] and "1:58:amount" in cells and "9:1:budget_abroad" in cells
    assert len(cells) == len(set(cells))
    assert all(ReturnReason.objects.get(decision__version=version, cell=c).cell_label != c for c in cells)


def test_the_review_page_lists_findings_before_the_decision_and_a_return_needs_confirming(demo, client):
    report = demo["submitted"]
    version = version_latest(report=report)
    client.force_login(demo["reviewer"])
    page = client.get(f"/review/reports/{report.pk}/").content.decode()
    assert page.index('id="findings"') < page.index('id="return-form"')
    assert page.count('form="return-form"') == version.findings.count()  # each finding can be cited
    assert 'class="danger">退回修改</button>' in page and 'class="primary">审核通过…</button>' in page
    response = client.post(
        f"/review/reports/{report.pk}/return/",
        {"reason": REASON, "expected_state": "submitted", "expected_revision": version.revision},
        follow=True,
    )
    assert "请勾选“确认退回给填报人修改”" in response.content.decode()
    version.refresh_from_db()
    assert version.state == "submitted"


def test_the_review_opinion_is_a_pdf_naming_the_decision_its_reasons_and_the_open_findings(demo, client):
    import io

    from pypdf import PdfReader

    report = demo["submitted"]
    version = version_latest(report=report)
    review_return(version=version, user=demo["reviewer"], reason=REASON, cells=["5:total:basic"])
    client.force_login(demo["reviewer"])
    response = client.get(f"/review/reports/{report.pk}/opinion.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages).replace(" ", "")
    assert "2024年度武汉市蔡甸区教育局部门决算公开审核意见书" in text.replace("\n", "")
    assert "退回修改" in text and REASON.replace(" ", "") in text and "公开05表合计行基本支出" in text
    client.force_login(demo["accountant"])
    assert client.get(f"/review/reports/{report.pk}/opinion.pdf").status_code == 403


def test_the_bureaus_common_reasons_are_offered_on_the_return_form(demo, client):
    from reviews.models import CommonReason

    CommonReason.objects.create(text="请补充“三公”经费增减变化原因。", position=1)
    CommonReason.objects.create(text="已停用的理由", active=False)
    client.force_login(demo["reviewer"])
    page = client.get(f"/review/reports/{demo['submitted'].pk}/").content.decode()
    assert '<select id="common-reasons">' in page and "<option>请补充“三公”经费增减变化原因。</option>" in page
    assert "已停用的理由" not in page
