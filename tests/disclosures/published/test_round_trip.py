"""Every PDF the portal renders reads back to the stored figures of the nine tables and to the
stored text: seed 001's report as the demo publishes it, and generated reports (long tables over
several pages, amounts in the tens of thousands of 万元, text with paragraphs, line breaks and
spaces around figures).

The PDF prints 万元 with two decimals, so the figures come back as stored rounded to 0.01 万元
(seed 001's are stored so, exactly); a code line that is zero in every column is not printed in
02, 03, 05, 07 and 08 (零值指标不列示), so it does not come back.
"""

from decimal import Decimal

import pytest

from disclosures.models import KeyWorkItem, NarrativeSection
from disclosures.published.document import published_read
from disclosures.regions import region_profile
from disclosures.tables.spec import TABLES
from disclosures.tables.values import wan_to_yuan, yuan_to_wan
from tests.factories import make_department, make_region, make_report

from .conftest import render_rolled_back

pytestmark = pytest.mark.django_db

HUBEI = region_profile(name_or_code="湖北省")
SHANGHAI = region_profile(name_or_code="上海市")


def printed(amount):
    """An amount in 元 as the PDF prints it, read back: rounded to 0.01 万元."""
    return wan_to_yuan(yuan_to_wan(amount))


def expected_cells(data):
    return {key: printed(amount) for key, amount in data.cells.items() if printed(amount)}


def expected_code_rows(data):
    spec = data.spec
    if not spec.hide_zero_rows:
        return list(data.code_rows)
    return [(code, name) for code, name in data.code_rows if any(data.get(code, c.key) for c in spec.code_columns)]


def assert_tables_read_back(document, rendered):
    assert sorted(document.tables) == list(range(1, 10))
    for spec in TABLES:
        data = document.tables[spec.number]
        stored = rendered.tables[spec.number]
        got = {key: amount for key, amount in data.cells.items() if amount}
        assert got == expected_cells(stored), spec.code
        assert data.code_rows == expected_code_rows(stored), spec.code


def test_the_demo_reads_back_to_its_nine_tables_text_and_attachments(demo_rendered):
    document = published_read(data=demo_rendered.pdfs["湖北省"], profile=HUBEI)
    assert document.problems == []
    assert document.department_name == "武汉市蔡甸区城乡居民养老保险办公室" and document.year == 2024
    assert document.unit == "万元"
    assert_tables_read_back(document, demo_rendered)
    # seed 001 is stored in 万元 to the 分: its figures come back exactly, not just rounded
    for spec in TABLES:
        assert document.tables[spec.number].cells == {k: v for k, v in demo_rendered.tables[spec.number].cells.items() if v}
    assert set(demo_rendered.sections) <= set(document.sections)
    for key, body in demo_rendered.sections.items():
        assert document.sections[key] == body, key
    read = [
        (e.project_name, e.budget, e.executed, [(i.level1, i.level2, i.level3, i.target, i.actual) for i in e.indicator_rows])
        for e in document.evaluations
    ]
    assert read == demo_rendered.evaluations
    assert len(demo_rendered.key_work) == 4
    assert [(k.position, k.title, k.content, k.status) for k in document.key_work] == demo_rendered.key_work
    assert len(demo_rendered.glossary) > 3
    assert [(g.position, g.term, g.definition) for g in document.glossary] == demo_rendered.glossary


def test_the_demo_finds_every_part_and_table_on_its_pages(demo_rendered):
    document = published_read(data=demo_rendered.pdfs["湖北省"], profile=HUBEI)
    parts = {part.key: part.pages for part in document.parts}
    assert parts == {
        "cover": [1],
        "contents": [2],
        "overview": [3],
        "tables": list(range(4, 15)),
        "explanation": list(range(15, 20)),
        "key_work": [20],
        "glossary": [21, 22],
        "attachments": list(range(23, 30)),
    }
    # the running header and the page numbers are no part of any part
    lines = [line.text for part in document.parts for line in part.lines]
    assert "武汉市蔡甸区城乡居民养老保险办公室 2024年度部门决算" not in lines
    assert not [line for line in lines if "页 共" in line]
    # 01 and 04 run over two landscape pages, repeating their header rows
    assert {n: document.table_pages(n) for n in range(1, 10)} == {
        1: [4, 5], 2: [6], 3: [7], 4: [8, 9], 5: [10], 6: [11], 7: [12], 8: [13], 9: [14]
    }  # fmt: skip


def test_the_demo_printed_in_shanghais_order_reads_back_to_the_same_tables(demo_rendered):
    # The tables as the Shanghai profile prints them today (三公 seventh, its titles). The
    # Shanghai print without 行次/栏次 comes with another branch; the real Shanghai PDF
    # (test_putuo.py) already has neither.
    document = published_read(data=demo_rendered.pdfs["上海市"], profile=SHANGHAI)
    assert document.problems == []
    assert [document.printed[n].sheet for n in (9, 7, 8)] == ["表7", "表8", "表9"]
    assert_tables_read_back(document, demo_rendered)


# -- generated reports ---------------------------------------------------------------------------

CLASSES = {
    "201": ("一般公共服务支出", "政府办公厅（室）及相关机构事务"),
    "205": ("教育支出", "普通教育"),
    "208": ("社会保障和就业支出", "行政事业单位养老支出"),
    "210": ("卫生健康支出", "行政事业单位医疗"),
    "213": ("农林水支出", "巩固脱贫攻坚成果衔接乡村振兴"),
    "221": ("住房保障支出", "住房改革支出"),
}


def generated_lines():
    """46 项 lines over six 类: 02, 03 and 05 run over several pages. Amounts up to tens of
    thousands of 万元 (printed with thousands separators), and one line that is zero everywhere."""
    lines = []
    for n, cls in enumerate(CLASSES):
        for k in range(1, 9):
            code = f"{cls}{n + 1:02d}{k:02d}"
            basic = Decimal(1234567 * (k + n)) + Decimal("0.37") * k
            project = Decimal(987654321 if k == 1 else 4321 * k * (n + 1))
            name = f"{CLASSES[cls][1]}第{k}项事务支出" + ("（含以前年度结转资金安排的支出）" if k % 3 == 0 else "")
            lines.append((code, name, f"{basic:.2f}", f"{project:.2f}"))
    lines.append(("2080199", "其他行政事业单位养老支出", "0.00", "0.00"))
    return lines


GENERATED_TEXT = {
    "overview.functions": "负责全区城乡居民社会养老保险的经办工作。\n负责养老保险费的征缴、记录和待遇支付。\n\n承办上级交办的其他事项。",
    "explanation.overall": (
        "2024 年度收、支总计 12,345.67 万元。与 2023 年度相比，收、支总计增加 1,234.56 万元，增长 11.1%，"
        "主要原因是 2024 年新增社会保险经办项目 3 个，增加财政拨款 1,000.25 万元；事业运行收支减少 5.26 万元；"
        "基本支出减少 22.09 万元；项目支出增加 256.40 万元，主要用于城乡居民基本养老保险管理经费 9.97 万元。"
    ),
    "explanation.income": (
        "本年收入合计12345.67万元，其中：财政拨款收入12345.67万元，占100%；事业收入0万元，占0%；"
        "经营收入0万元，占0%；其他收入0万元，占0%。与上年相比增加1234.56万元，主要原因是新增项目。"
    ),
    "explanation.general_budget": (
        "(一) 一般公共预算财政拨款支出决算总体情况\n"
        "2024 年度一般公共预算财政拨款支出 12,345.67 万元，占本年支出合计的 100%。与 2023 年度相比，"
        "一般公共预算财政拨款支出增加 1,234.56 万元，增长 11.1%。\n"
        "(二) 一般公共预算财政拨款支出决算结构情况\n"
        "1. 社会保障和就业(类)支出 202.15 万元，占 34.6%；\n"
        "2. 卫生健康(类)支出 5.41 万元，占 0.9%。\n\n"
        "(三) 一般公共预算财政拨款支出决算具体情况\n"
        "项目支出主要用于 PPP 项目管理 和 ERP 系统运行维护，年初预算为 567.09 万元，支出决算为 583.56 万元，完成年初预算的 102.9%。"
    ),
    "key_work.summary": "1、以全面落实被征地农民养老保险补偿政策为重点。\n2、以不断提高保障水平为抓手，进一步巩固制度全覆盖成果，促进社保业务规范化经办。",
}


def generated_key_work():
    """Twelve items: long ones wrapping over many lines (Latin words and figures spaced from the
    Chinese around them, as GENERATED_TEXT writes them), an empty status, and enough of them for
    the table to go on over the next page."""
    items = []
    for n in range(1, 13):
        content = (
            f"第 {n} 项工作：推进城乡居民基本养老保险经办服务标准化，完成 ERP 系统与 PPP 项目台账的对接，"
            f"全年办理参保登记 {1200 + n * 37} 人次，发放待遇 {n * 3.5:.2f} 万元。" * (1 + n % 4)
        )
        title = f"重点工作事项{n}：" + "全面落实被征地农民养老保险补偿政策" * (n % 3 + 1)
        status = "" if n == 5 else ("已完成" if n % 2 else "扎实推进，成效明显")
        items.append(KeyWorkItem(position=n, title=title, content=content, status=status))
    return items


def make_generated():
    department = make_department(make_region(), name="丙区城乡居民社会养老保险经办中心")
    _, version = make_report(department, lines=generated_lines())
    for key, body in GENERATED_TEXT.items():
        assert NarrativeSection.objects.filter(version=version, key=key).update(body=body) == 1, key
    for item in generated_key_work():
        item.version = version
        item.save()
    return version


@pytest.fixture(scope="module")
def generated_rendered(django_db_setup, django_db_blocker):
    return render_rolled_back(django_db_blocker, make_generated)


def test_a_generated_report_reads_back_to_its_tables_and_text(generated_rendered):
    document = published_read(data=generated_rendered.pdfs["湖北省"], profile=HUBEI)
    assert document.problems == []
    assert document.department_name == "丙区城乡居民社会养老保险经办中心"
    assert_tables_read_back(document, generated_rendered)
    for key, body in generated_rendered.sections.items():
        assert document.sections[key] == body, key
    assert len(generated_rendered.key_work) == 12
    assert [(k.position, k.title, k.content, k.status) for k in document.key_work] == generated_rendered.key_work
    assert len(document.part("key_work").pages) >= 2
    # the long tables run over several pages, each repeating its header rows
    for number in (2, 3, 5):
        assert len(document.table_pages(number)) >= 2, number
    # the line zero everywhere is not printed and so not read; 06 keeps its lines as printed
    assert "2080199" not in dict(document.tables[2].code_rows)
    assert document.tables[2].get("2010101", "total") == printed(generated_rendered.tables[2].get("2010101", "total"))
    assert max(document.tables[1].cells.values()) > wan_to_yuan("10000")  # printed as 1x,xxx.xx


# -- a Shanghai department: its print (no 行次/栏次, 三公 interleaved, 05 合计 last) and its sections


def make_shanghai():
    from disclosures.models import Region

    city = Region.objects.create(code="310000", name="上海市")
    district = Region.objects.create(code="310107", name="普陀区", parent=city)
    department = make_department(district, name="上海市普陀区城乡居民养老保险事务中心")
    _, version = make_report(department, lines=generated_lines()[:12])
    for key, body in GENERATED_TEXT.items():
        NarrativeSection.objects.filter(version=version, key=key).update(body=body)
    return version


@pytest.fixture(scope="module")
def shanghai_rendered(django_db_setup, django_db_blocker):
    return render_rolled_back(django_db_blocker, make_shanghai, profiles=("上海市",))


def test_a_shanghai_departments_report_reads_back_in_its_regions_print(shanghai_rendered):
    document = published_read(data=shanghai_rendered.pdfs["上海市"], profile=SHANGHAI)
    assert document.problems == []
    assert_tables_read_back(document, shanghai_rendered)
    for key, body in shanghai_rendered.sections.items():
        if body.strip():
            assert document.sections[key] == body, key
