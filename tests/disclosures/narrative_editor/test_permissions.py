"""Who may see the 说明 editor: the department's accountants only (reviewers 403, other
departments' accountants 404, anonymous visitors sent to log in); reviewers of the region see the
text and its findings read-only on their own report page, reviewers of other regions get 404."""

import pytest

from disclosures.models import NarrativeSection

pytestmark = pytest.mark.django_db


def urls(report):
    base = f"/workspace/reports/{report.pk}/narrative/"
    return [
        base,
        f"{base}explanation.income/",
        f"{base}explanation.income/draft/",
        f"{base}prior-year/",
    ]


def test_anonymous_visitors_are_sent_to_login(client, world):
    for url in urls(world["report"]):
        for response in (client.get(url), client.post(url, {"body": "x", "action": "save"})):
            assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("who", ["reviewer", "other_reviewer"])
def test_reviewers_cannot_open_or_post_the_editor(client, world, who):
    client.force_login(world[who])
    for url in urls(world["report"]):
        assert client.get(url).status_code == 403
        assert client.post(url, {"body": "x", "action": "save", "revision": "1"}).status_code == 403
    assert NarrativeSection.objects.get(version=world["version"], key="explanation.income").body == ""


def test_accountants_of_another_department_get_404_and_change_nothing(client, world):
    client.force_login(world["other_accountant"])
    for url in urls(world["report"]):
        assert client.get(url).status_code == 404
    for url in urls(world["report"])[1::2]:  # the section and last year's totals take posts
        assert client.post(url, {"body": "x", "action": "save", "revision": "1"}).status_code == 404
    assert NarrativeSection.objects.get(version=world["version"], key="explanation.income").body == ""


def test_the_departments_accountant_may_open_every_section_of_the_year(editor, world):
    from disclosures.narrative_catalog import sections_for_year

    report = world["report"]
    for spec in sections_for_year(report.year):
        assert editor.get(f"/workspace/reports/{report.pk}/narrative/{spec.key}/").status_code == 200
    assert editor.get(f"/workspace/reports/{report.pk}/narrative/explanation.nonsense/").status_code == 404
    assert editor.get(f"/workspace/reports/{report.pk}/narrative/prior_year.total/").status_code == 404


def test_the_reviewer_of_the_region_sees_the_text_checks_read_only_others_404(client, world):
    report = world["report"]
    client.force_login(world["reviewer"])
    html = client.get(f"/review/reports/{report.pk}/").content.decode()
    assert "说明文字核对" in html
    assert "/narrative/" not in html  # no way into the accountant's editor
    assert "<textarea name=\"body\"" not in html
    client.force_login(world["other_reviewer"])
    assert client.get(f"/review/reports/{report.pk}/").status_code == 404
