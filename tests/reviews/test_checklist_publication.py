"""Whether a year's checklist is published with the report (第六部分 附件): set by its data file
when first loaded, then the administrator's to change in the admin."""

import json

import pytest

from portal.accounts.models import Role
from reviews.checklist.auto import CHECKLIST_DATA_DIR
from reviews.models import ChecklistTemplate
from reviews.services import checklist_template_load
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_the_2024_checklist_is_published_with_the_report_as_seed_001_does():
    assert checklist_template_load(year=2024).publish_with_report is True


def test_a_checklist_whose_file_does_not_say_is_not_published(tmp_path):
    raw = json.loads((CHECKLIST_DATA_DIR / "checklist_2024.json").read_text(encoding="utf-8"))
    del raw["publish_with_report"]
    path = tmp_path / "checklist_2024.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    assert checklist_template_load(year=2024, path=path).publish_with_report is False


def test_the_administrator_turns_it_off_in_the_admin_and_loading_again_keeps_that(client):
    template = checklist_template_load(year=2024)
    client.force_login(make_user(Role.ADMIN))
    page = client.get(f"/admin/reviews/checklisttemplate/{template.pk}/change/").content.decode()
    assert "随决算报告公开" in page and "作为第六部分附件随决算报告公开" in page
    # The list's editable column; an unticked box is not posted.
    response = client.post(
        "/admin/reviews/checklisttemplate/",
        {
            "form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-MIN_NUM_FORMS": "0", "form-MAX_NUM_FORMS": "1000",
            "form-0-id": str(template.pk), "_save": "保存",
        },
    )  # fmt: skip
    assert response.status_code == 302
    assert ChecklistTemplate.objects.get(pk=template.pk).publish_with_report is False
    checklist_template_load(year=2024)  # load_rules / load_demo run again
    assert ChecklistTemplate.objects.get(pk=template.pk).publish_with_report is False
