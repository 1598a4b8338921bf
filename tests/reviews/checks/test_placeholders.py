"""No placeholder is left: the drafts' own marks and the templates', each at its place."""

from disclosures.services import version_sections_save
from reviews.checks.placeholders import placeholder_places
from reviews.models import Finding
from tests.factories import make_department, make_region, make_report


def test_the_marks_are_found_where_they_are_and_plain_text_is_not():
    body = "与上年相比，支出增加（减少）（上年数未录入，由填报单位填写）万元，主要原因是（原因由填报单位填写）。XX项目（……填写）。"
    found = [p.text for p in placeholder_places("explanation.overall", "一、收入支出决算总体情况说明", body)]
    assert found == ["增加（减少）", "（上年数未录入，由填报单位填写）", "（原因由填报单位填写）", "XX", "（……填写）"]
    for place in placeholder_places("explanation.overall", "一", body):
        assert body[place.start:place.end] == place.text
    plain = "2024年度收、支总计583.56万元，与上年持平。（一）基本支出（不包括涉密项目）说明。"
    assert placeholder_places("explanation.overall", "一", plain) == []


def test_a_drafted_section_is_an_error_marked_in_the_text_until_the_marks_are_replaced(db, client):
    report, version = make_report(make_department(make_region()))
    draft = "2024年度收、支总计78.32万元。与2023年度相比，收、支总计增加（减少）（上年数未录入，由填报单位填写）万元。"
    version_sections_save(version=version, sections={"explanation.overall": draft})
    (finding,) = Finding.objects.filter(version=version, rule_code="C-PLACEHOLDER")
    assert finding.severity == "error" and finding.part == "完整性" and finding.section == "explanation.overall"
    assert [c["text"] for c in finding.cells] == ["增加（减少）", "（上年数未录入，由填报单位填写）"]

    # the text editor marks them and no longer says the section has no problem
    from tests.factories import make_user
    from portal.accounts.models import Role

    client.force_login(make_user(Role.ACCOUNTANT, departments=[report.department]))
    page = client.get(f"/workspace/reports/{report.pk}/narrative/").content.decode()
    row = page[page.index("一、收入支出决算总体情况说明"):].split("</tr>", 1)[0]
    assert "未发现问题" not in row and "有问题" in row and "个错误" in row
    section = client.get(f"/workspace/reports/{report.pk}/narrative/explanation.overall/").content.decode()
    cell = finding.cells[0]
    assert f'id="t0-explanation.overall-{cell["start"]}-{cell["end"]}"' in section and "未发现问题" not in section

    version_sections_save(version=version, sections={"explanation.overall": "2024年度收、支总计78.32万元。"})
    assert not Finding.objects.filter(version=version, rule_code="C-PLACEHOLDER").exists()
