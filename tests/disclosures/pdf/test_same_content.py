"""The public report page and the PDF show the same content, from the same partials."""

import re

import pytest
from django.utils import timezone

from disclosures.models import GlossaryEntry, KeyWorkItem, NarrativeSection, VersionState
from disclosures.pdf.render import version_pdf_bytes
from tests.factories import make_department, make_region, make_report

from .conftest import pdftotext

pytestmark = pytest.mark.django_db


def squeeze(text):
    return re.sub(r"\s+", "", text)


def visible(html):
    return squeeze(re.sub(r"<[^>]+>", "", html))


@pytest.fixture
def version():
    department = make_department(make_region(), name="丙区社保中心")
    _, version = make_report(department)
    for key, body in (("overview.functions", "负责社会保险经办。"), ("key_work.summary", "全年完成参保扩面任务。")):
        NarrativeSection.objects.filter(version=version, key=key).update(body=body)
    KeyWorkItem.objects.create(version=version, position=1, title="全民参保计划", content="扩大参保覆盖面", status="已完成")
    GlossaryEntry.objects.create(version=version, position=1, term="财政拨款收入", definition="指本级财政当年拨付的资金。")
    GlossaryEntry.objects.create(version=version, position=2, term="事业收入", definition="指开展专业业务活动取得的收入。")
    type(version).objects.filter(pk=version.pk).update(state=VersionState.PUBLISHED, published_at=timezone.now())
    version.refresh_from_db()
    return version


def test_key_work_summary_and_table_glossary_and_sections_on_the_page_and_in_the_pdf(version, client):
    pdf = squeeze(pdftotext(version_pdf_bytes(version=version)))
    page = visible(client.get(f"/reports/{version.report.department.code}/2024/").content.decode())
    for text in (
        "第一部分丙区社保中心概况一、部门主要职能负责社会保险经办。",
        "第四部分2024年重点工作完成情况全年完成参保扩面任务。",  # the summary is kept beside the table
        "1全民参保计划扩大参保覆盖面已完成",
        "第五部分名词解释1.财政拨款收入指本级财政当年拨付的资金。2.事业收入",
    ):
        assert text in pdf, text
        assert text in page, text
