"""第六部分 附件 as seed 001 publishes it: numbered groups, the whole-department table and the
basic data table when there are any, the project tables with their choices and 备注, and the
checklist only when the year's checklist is published with the report; the same on the public page."""

import io
import re
from decimal import Decimal

import pypdf
import pytest
from django.core.cache import cache
from django.utils import timezone
from fontTools.ttLib import TTFont

from disclosures.models import ReportVersion, VersionState
from disclosures.pdf import fonts
from disclosures.pdf.render import version_pdf_bytes, version_pdf_html
from disclosures.performance.services import evaluation_save
from disclosures.tables.values import wan_to_yuan
from reviews.models import ChecklistTemplate
from reviews.services import checklist_template_load
from tests.disclosures.performance.conftest import demo_version  # noqa: F401 (a fixture)
from tests.factories import make_department, make_region, make_report

from .conftest import pdftotext
from .seed002 import save_seed002_attachments
from .test_render import squeeze, visible_characters

pytestmark = pytest.mark.django_db

DEMO = "武汉市蔡甸区城乡居民养老保险办公室"
NOTES = (
    "备注：",
    "1.预算执行情况口径：预算数为调整后财政资金总额(包括上年结余结转)，执行数为资金使用单位财政资金实际支出数。",
    "2.定量指标完成数汇总原则：",
    "正向指标(即目标值为≥X，得分=权重×B/A)，反向指标(即目标值为≤X，得分=权重×A/B)，得分不得突破权重总额。",
    "3.定性指标计分原则：",
    "4.基于经济性和必要性等因素考虑，满意度指标暂可不作为必评指标。",
)
PROJECT_TITLES = (
    "2024年度城乡居民基本养老保险管理经费项目自评表",
    "2024年聘请公共服务岗人员经费项目自评表",
    "2024年度社保扶贫代缴资金项目自评表",
)


def in_order(text, parts):
    """The first part missing or out of order in text, or None."""
    position = 0
    for part in parts:
        found = text.find(part, position)
        if found < 0:
            return part
        position = found + len(part)
    return None


def attachments_text(pdf_text):
    """The body's 第六部分 (after the contents, whose entries repeat the headings), squeezed."""
    text = squeeze(pdf_text)
    return text[text.index("第六部分附件", text.index("第一部分", 200)) :]


def row_text(reader):
    """pypdf's text, which keeps each table row on one line; squeezed."""
    return squeeze("".join(page.extract_text() for page in reader.pages))


def contents(pdf_text):
    """{title: page} of the contents (pages 2 and 3 at the most)."""
    lines = "\n".join(pdf_text.split("\f")[1:3]).splitlines()
    return {m.group(1): int(m.group(2)) for line in lines if (m := re.match(r"^(.*?)\.{3,}(\d+)$", squeeze(line)))}


@pytest.fixture
def version():
    """A draft of another department, the 2024 checklist loaded as shipped."""
    checklist_template_load(year=2024)
    _, version = make_report(make_department(make_region(), name="沅江市社会保险服务中心"))
    return version


def rendered(version):
    pdf = version_pdf_bytes(version=version)
    return pdftotext(pdf), pypdf.PdfReader(io.BytesIO(pdf))


def test_the_demo_attachments_follow_seed_001(rendered_demo):
    text = attachments_text(rendered_demo.text)
    assert in_order(text, (
        "第六部分附件",
        f"一、2024年度{DEMO}整体绩效自评表/结果",
        "本单位2024年度无整体绩效评价报告。",
        "二、2024年度项目绩效自评表/结果",
        *PROJECT_TITLES,
        "三、2024年度部门决算公开工作情况自查表",
        f"部门：{DEMO}",
    )) is None  # fmt: skip
    assert "无项目绩效自评表" not in text


def test_the_contents_list_the_attachment_groups_and_their_tables_on_their_pages(rendered_demo):
    entries = contents(rendered_demo.text)
    pages = [squeeze(page) for page in rendered_demo.text.split("\f")]
    for title in (
        f"一、2024年度{DEMO}整体绩效自评表/结果",
        "二、2024年度项目绩效自评表/结果",
        *PROJECT_TITLES,
        "三、2024年度部门决算公开工作情况自查表",
    ):
        assert title in pages[entries[title] - 1], f"{title} not on page {entries[title]}"


def test_a_project_table_marks_its_choices_and_states_its_execution_as_published(rendered_demo):
    rows = row_text(rendered_demo.reader)
    for line in (
        "项目类别1、部门预算项目■2、市直专项□3、市对下转移支付项目□",
        "项目属性1、持续性项目■2、新增性项目□",
        "项目类型1、常年性项目■2、延续性项目□3、一次性项目□",
        "预算数（A）执行数（B）执行率（B/A）得分（20分×执行率）",
        "年度财政资金总额10.009.9799.7%19.94",  # the stated rate, as published
        "年度财政资金总额21.0020.9999.95%19.99",
        "年度财政资金总额360.00319.0588.63%17.73",
    ):
        assert line in rows, line
    assert "☑" not in rendered_demo.html and "☐" not in rendered_demo.html  # Noto CJK has no glyph for them


def test_every_project_table_is_followed_by_its_four_notes(rendered_demo):
    text = attachments_text(rendered_demo.text)
    assert text.count("备注：") == 3
    after = text
    for title in PROJECT_TITLES:
        after = after[after.index(title) :]
        assert in_order(after, NOTES) is None
        assert after.index("备注：") < after.index("4.基于经济性")


def test_a_project_table_shows_its_initial_budget_parts_and_goals_when_filled(version):
    """Seed 002's 附件3 layout (湖南): no choice lists, 年初预算数 and 其中 lines, one 备注."""
    evaluation_save(
        version=version,
        fields={
            "project_name": "B待遇领取资格认证工作经费", "template_key": "hunan_project_2024",
            "competent_department": "沅江市人力资源和社会保障局", "implementing_unit": "沅江市社会保险服务中心",
            "budget_initial": wan_to_yuan("10.24"), "budget": wan_to_yuan("10.24"), "executed": wan_to_yuan("10.24"),
            "budget_current_year": wan_to_yuan("10.24"), "execution_weight": Decimal("10"),
            "execution_score_stated": Decimal("10"), "total_score_stated": Decimal("100"),
            "goals": "完成大厅300人次的待遇领取资格认证", "achieved": "完成大厅300人次的待遇领取资格认证",
        },
        indicators=[{"level1": "产出指标", "level2": "数量指标", "level3": "待遇领取资格认证人次", "target": "≥300次",
                     "actual": "318次", "weight": Decimal("90"), "score_stated": Decimal("90")}],
    )  # fmt: skip
    _, reader = rendered(version)
    rows = row_text(reader)
    for line in (
        "年初预算数预算数（A）执行数（B）执行率（B/A）得分（10分×执行率）",
        "年度财政资金总额10.2410.2410.24100%10.00",  # no stated rate: computed, one decimal
        "其中：当年财政拨款10.24上年结转资金其他资金",  # seed 002 lists all three when any is filled
        "年度总体目标预期目标实际完成情况",
        "完成大厅300人次的待遇领取资格认证完成大厅300人次的待遇领取资格认证",
        "备注：每个一级项目支出一张表。如：业务工作经费，运行维护经费，其他事业发展类资金...各一张表。",
    ):
        assert line in rows, line
    assert "项目类别" not in attachments_text(rows)  # the template has no choice lists


def test_a_whole_department_table_and_basic_data_are_printed_in_wan(version):
    save_seed002_attachments(version)
    text, reader = rendered(version)
    body = attachments_text(text)
    rows = row_text(reader)
    assert in_order(body, (
        "一、2024年度沅江市社会保险服务中心整体绩效自评表/结果",
        "2024年度部门整体支出绩效评价基础数据表",
        "2024年度部门整体支出绩效自评表",
        "二、2024年度项目绩效自评表/结果",
        "本单位2024年度无项目绩效自评表。",
    )) is None  # fmt: skip
    assert "无整体绩效评价报告" not in body
    for line in (
        # 附件1
        "编制数2024年实际在职人数控制率",
        "3133106.45%",
        "经费控制情况（万元）2023年决算数2024年预算数2024年决算数",
        "三公经费0.580.500.49",
        "项目支出91.5279.3689.46",
        "6、征管工作经费10.00",
        "其中：办公费0.348.003.06",
        "政府采购金额62.129.02",
        "批复规模（㎡）实际规模（㎡）规模控制率预算投资（万元）实际投资（万元）投资概算控制率",
        "厉行节约保障措施1：节约集约利用资源，控制办公经费。2：杜绝一切浪费",
        # 附件2
        "预算部门、单位名称沅江市社会保险服务中心",
        "年初预算数全年预算数全年执行数分值执行率得分",
        "年度资金总额461.89532.00532.0010100%10.00",
        "按收入性质分：按支出性质分：",
        "其中：一般公共预算：532.00其中：基本支出：442.54",
        "政府性基金拨款：项目支出：89.46",
        "确保参保任务完成、养老待遇及时拨付、基金安全各项任务已全部完成。",
        "一级指标二级指标三级指标年度指标值实际完成值分值自评得分",
        "参保人数≥36.6万人51万人55.00",
        "总分100100.00",
    ):
        assert line in rows, line
    entries = contents(text)
    pages = [squeeze(page) for page in text.split("\f")]
    for title in ("2024年度部门整体支出绩效评价基础数据表", "2024年度部门整体支出绩效自评表"):
        assert title in pages[entries[title] - 1]


def test_every_character_of_the_new_sheets_has_a_glyph_in_the_embedded_subsets(version, rendered_demo):
    save_seed002_attachments(version)
    shown = visible_characters(version_pdf_html(version=version))
    assert {"㎡", "≥", "■", "□"} <= shown | visible_characters(rendered_demo.html)
    assert shown <= fonts.subset_characters()  # the portal's fixed texts go into the subsets
    fonts.build_fonts()  # a no-op unless a template changed since the fixture built them
    faces = fonts.built_faces()
    assert faces
    for face, path in faces.items():
        cmap = TTFont(path).getBestCmap()
        missing = sorted(c for c in shown if ord(c) not in cmap)
        assert not missing, f"{face.subset_file} has no glyph for {missing}"


def test_the_checklist_is_published_only_when_its_year_says_so(version):
    text, _ = rendered(version)
    assert "三、2024年度部门决算公开工作情况自查表" in contents(text)
    assert "部门决算公开工作情况自查表" in attachments_text(text)

    ChecklistTemplate.objects.filter(year=2024).update(publish_with_report=False)
    text, _ = rendered(version)
    assert "自查表" not in squeeze(text)  # neither in the contents nor in 第六部分
    assert "三、" not in attachments_text(text)
    assert in_order(attachments_text(text), ("一、", "本单位2024年度无整体绩效评价报告。", "二、", "本单位2024年度无项目绩效自评表。")) is None


def _page_text(client, version):
    cache.clear()  # the public page cache
    page = client.get(version.report.get_absolute_url()).content.decode()
    part = page[page.index('<section id="part-6">') :]
    return squeeze(re.sub(r"<[^>]+>", "", part))


def test_the_public_page_shows_the_same_attachments_as_the_pdf(client, rendered_demo, demo_version):
    web = _page_text(client, demo_version)
    pdf = attachments_text(row_text(rendered_demo.reader))
    expected = (
        f"一、2024年度{DEMO}整体绩效自评表/结果",
        "本单位2024年度无整体绩效评价报告。",
        "二、2024年度项目绩效自评表/结果",
        PROJECT_TITLES[0],
        "1、部门预算项目■",
        "2、市直专项□",
        "得分（20分×执行率）",
        "年度财政资金总额",
        "99.7%",
        *NOTES,
        *PROJECT_TITLES[1:],
        "三、2024年度部门决算公开工作情况自查表",
        f"部门：{DEMO}",
    )
    assert in_order(web, expected) is None
    assert in_order(pdf, expected) is None


def test_the_public_page_shows_the_whole_department_and_basic_data_tables(client, version):
    save_seed002_attachments(version)
    ReportVersion.objects.filter(pk=version.pk).update(state=VersionState.PUBLISHED, published_at=timezone.now())
    web = _page_text(client, version)
    assert in_order(web, (
        "一、2024年度沅江市社会保险服务中心整体绩效自评表/结果",
        "2024年度部门整体支出绩效评价基础数据表",
        "三公经费0.580.500.49",
        "其中：办公费0.348.003.06",
        "2024年度部门整体支出绩效自评表",
        "年度资金总额461.89532.00532.0010100%10.00",
        "其中：一般公共预算：532.00",
        "参保人数≥36.6万人51万人55.00",
        "总分100100.00（系统计算100.00）",
        "本单位2024年度无项目绩效自评表。",
        "三、2024年度部门决算公开工作情况自查表",
    )) is None  # fmt: skip
