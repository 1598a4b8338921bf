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
