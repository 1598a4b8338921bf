"""The unit directory imported from Excel or CSV: created or updated all or nothing, every
problem named by sheet, row and column; the command; the demo's file."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from disclosures.demo.loader import DEPARTMENTS
from disclosures.directory.plan import directory_plan
from disclosures.directory.reader import DirectoryError, directory_read
from disclosures.directory.services import directory_apply
from disclosures.models import Department, Region
from portal.audit.models import AuditEvent
from tests.disclosures.directory.files import HEADER, csv_bytes, many_units, unit, upload, xlsx
from tests.factories import make_department, make_region

pytestmark = pytest.mark.django_db

DEMO_FILE = Path(__file__).resolve().parents[3] / "disclosures" / "demo" / "directory_caidian.csv"


def _import(data, name="目录.xlsx", **kwargs):
    return directory_apply(directory=directory_read(fileobj=upload(data, name), filename=name), **kwargs)


def _problems(data, name="目录.xlsx"):
    with pytest.raises(DirectoryError) as caught:
        _import(data, name)
    return caught.value.problems


def test_a_directory_creates_its_regions_and_units_with_their_hierarchy_and_contacts():
    Region.objects.create(code="420100", name="武汉市")
    plan = _import(xlsx(many_units(20)))
    assert (len(plan.creates), len(plan.updates), [r.code for r in plan.regions]) == (20, 0, ["420114"])
    region = Region.objects.get(code="420114")
    assert (region.name, region.parent.code) == ("蔡甸区", "420100")  # placed under its city by the code
    head = Department.objects.get(code="420114000001")
    unit_ = Department.objects.get(code="420114000002")
    assert (head.primary_unit, head.parent, head.unit_type, head.region) == (True, None, "行政", region)
    assert (unit_.primary_unit, unit_.parent, unit_.unit_type) == (False, head, "事业")
    assert (unit_.contact_name, unit_.contact_phone, unit_.contact_email) == ("联系人2", "027-84941001", "420114000002@caidian.example.org")
    event = AuditEvent.objects.get(action="directory_import")
    assert len(event.payload["created"]) == 20 and event.payload["regions_created"] == ["420114"]


def test_the_same_directory_twice_changes_nothing_the_second_time():
    data = xlsx(many_units(12))
    _import(data)
    before = list(Department.objects.order_by("code").values())
    plan = _import(data)
    assert (plan.changes, plan.unchanged) == (0, 12)
    assert list(Department.objects.order_by("code").values()) == before
    assert AuditEvent.objects.filter(action="directory_import").count() == 1


def test_an_update_lists_each_changed_field_and_keeps_the_former_name_as_another_name():
    region = make_region("蔡甸区")
    region.code = "420114"
    region.save()
    head = Department.objects.create(region=region, code="420114001", name="武汉市蔡甸区人事局", contact_name="旧联系人")
    other = Department.objects.create(region=region, code="420114009", name="武汉市蔡甸区另一局")
    rows = [
        unit("420114001", "武汉市蔡甸区人力资源和社会保障局", contact="王敏"),
        unit("420114001001", "养老保险办公室", parent="420114001", kind="事业"),
        unit("420114009", "武汉市蔡甸区另一局", parent="420114001", primary="否"),
    ]
    plan = directory_plan(directory=directory_read(fileobj=upload(xlsx(rows), "x.xlsx"), filename="x.xlsx"))
    changes = {c.code: {f.label: (f.before, f.after) for f in c.changes} for c in plan.updates}
    assert changes["420114001"]["单位名称"] == ("武汉市蔡甸区人事局", "武汉市蔡甸区人力资源和社会保障局")
    assert changes["420114001"]["其他名称"] == ("", "武汉市蔡甸区人事局")
    assert changes["420114001"]["联系人"] == ("旧联系人", "王敏")
    assert changes["420114009"]["上级单位"] == ("（无：主管部门）", "420114001 武汉市蔡甸区人力资源和社会保障局")
    assert [c.code for c in plan.creates] == ["420114001001"]
    _import(xlsx(rows))
    head.refresh_from_db()
    other.refresh_from_db()
    assert head.name == "武汉市蔡甸区人力资源和社会保障局" and head.alias_list() == ["武汉市蔡甸区人事局"]
    assert other.parent == head and not other.primary_unit


def test_columns_the_file_does_not_have_leave_their_fields_alone():
    region = make_region()
    region.code = "420114"
    region.save()
    Department.objects.create(region=region, code="420114001", name="甲局", contact_email="keep@example.org", unit_type="行政")
    plan = _import(csv_bytes([["420114001", "甲局（新名）", "420114"]], header=["单位代码", "单位名称", "区划代码"]), "d.csv")
    department = Department.objects.get(code="420114001")
    assert (department.name, department.contact_email, department.unit_type) == ("甲局（新名）", "keep@example.org", "行政")
    assert [f.label for f in plan.updates[0].changes] == ["单位名称", "其他名称"]


def test_one_bad_row_writes_nothing_and_every_problem_names_its_sheet_row_and_column():
    rows = many_units(5)
    rows[1][9] = "not-an-address"  # row 3
    rows[2][5] = "企业"  # row 4
    rows[3][2] = "999999"  # row 5: unknown parent
    rows[4][1] = "坏\u202e名字"  # row 6: a direction override
    rows.append(unit("420114000001", "重复的单位"))  # row 7
    problems = _problems(xlsx(rows))
    assert Department.objects.count() == 0 and Region.objects.count() == 0
    assert "工作表“单位目录”第3行“电子邮箱”列（J3）：电子邮箱“not-an-address”格式不对" in problems
    assert "工作表“单位目录”第4行“单位类型”列（F4）：单位类型应为“行政”或“事业”，不是“企业”" in problems
    assert any(p.startswith("工作表“单位目录”第6行“单位名称”列（B6）：单位名称含有改变文字方向的不可见字符") for p in problems), problems
    assert "工作表“单位目录”第7行“单位代码”列（A7）：单位代码 420114000001 与第2行重复" in problems
    # the unknown parent is found once the rows themselves are right
    rows = many_units(5)
    rows[3][2] = "999999"
    assert _problems(xlsx(rows)) == ["工作表“单位目录”第5行“上级单位代码”列（C5）：上级单位代码 999999 既不在本目录中，也不是已有单位"]


def test_a_cycle_of_parents_and_a_primary_unit_with_a_parent_are_refused():
    rows = [unit("A1", "甲", parent="B1", primary="否"), unit("B1", "乙", parent="A1", primary="否")]
    problems = _problems(xlsx(rows))
    assert any("上级单位关系成环（A1 → B1 → A1）" in p for p in problems), problems
    problems = _problems(xlsx([unit("A1", "甲"), unit("B1", "乙", parent="A1", primary="是")]))
    assert problems == ["工作表“单位目录”第3行“是否一级预算单位”列（G3）：一级预算单位不应有上级单位（本行上级单位代码为 A1）"]


def test_regions_new_ones_need_a_name_and_existing_ones_keep_theirs():
    problems = _problems(xlsx([unit("A1", "甲", region_name="")]))
    assert problems == ["工作表“单位目录”第2行“区划代码”列（D2）：区划代码 420114 不是已有区域，请在“区划名称”列写明名称"]
    Region.objects.create(code="420114", name="蔡甸区")
    assert _problems(xlsx([unit("A1", "甲", region_name="汉阳区")])) == [
        "工作表“单位目录”第2行“区划名称”列（E2）：区划代码 420114 是已有区域“蔡甸区”，此处写作“汉阳区”，请核对"
    ]
    _import(xlsx([unit("A1", "甲", region_name="")]))  # an existing region needs only its code
    assert Department.objects.get(code="A1").region.name == "蔡甸区"


def test_one_column_may_hold_the_region_code_and_name():
    header = ["单位代码", "单位名称", "区划代码/名称"]
    _import(csv_bytes([["A1", "甲", "420114 蔡甸区"], ["A2", "乙", "420114/蔡甸区"]], header=header), "d.csv")
    assert set(Department.objects.values_list("region__name", flat=True)) == {"蔡甸区"}


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_csv_files_saved_by_excel_in_any_of_its_encodings_read_the_same(encoding):
    _import(csv_bytes(many_units(3), encoding=encoding), "目录.csv")
    assert set(Department.objects.values_list("name", flat=True)) == {row[1] for row in many_units(3)}
    assert Department.objects.get(code="420114000002").contact_name == "联系人2"


def test_csv_problems_name_the_row_and_column():
    rows = many_units(3)
    rows[1][8] = "电话号码"
    rows[2][7] = "联系\x00人"
    assert _problems(csv_bytes(rows), "目录.csv") == [
        "第3行“电话”列：电话“电话号码”只能含数字、空格和 + - ( ) 转 等",
        "第4行“联系人”列：联系人含有空字符（U+0000）（第3个字符），请删除后再提交",
    ]


def test_a_title_row_above_the_header_and_marked_headers_are_understood():
    header = ["*单位代码", "*单位名称（全称）", "上级单位代码", "区划代码", "区划名称", "单位类型（行政/事业）"]
    data = xlsx([["A1", "甲", "", "420114", "蔡甸区", "事业单位"]], header=header, before=[["2025年度部门决算单位目录"], []])
    _import(data)
    assert Department.objects.get(code="A1").unit_type == "事业"


def test_files_that_are_not_directories_are_refused_in_chinese():
    assert _problems(b"%PDF-1.4", "x.pdf") == ["请上传 Excel 工作簿（.xlsx）或 CSV 文件（.csv）"]
    old = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100
    assert _problems(old, "目录.xls") == ["这是旧版 Excel 97-2003 工作簿（.xls），请在 Excel 中另存为 .xlsx 后再上传"]
    assert _problems(xlsx([["A1", "甲"]], header=["代码", "名字"])) == [
        "没有找到表头：目录的前10行中须有一行列出“单位代码”和“单位名称”等列名"
    ]
    assert _problems(b"PK\x03\x04broken", "x.xlsx")[0].startswith("文件已损坏")
    assert _problems(csv_bytes([["A1", "甲"]], header=["单位代码", "单位名称"]), "x.csv") == ["目录缺少“区划代码”列（或“区划代码/名称”列）"]


def test_a_workbook_over_the_row_limit_is_refused_before_it_is_parsed(settings):
    settings.IMPORT_MAX_ROWS = 50
    problems = _problems(xlsx(many_units(60)))
    assert len(problems) == 1 and problems[0].startswith("单位目录：工作表超过 50 行的上限"), problems
    problems = _problems(csv_bytes(many_units(60)), "x.csv")
    assert problems == ["CSV 文件超过 50 行的上限，请删除多余的行后再导入"]


def test_load_departments_applies_prints_and_refuses_with_every_problem(tmp_path):
    path = tmp_path / "目录.xlsx"
    path.write_bytes(xlsx(many_units(3)))
    out = io.StringIO()
    call_command("load_departments", str(path), "--dry-run", stdout=out)
    assert "将新建 3 个单位" in out.getvalue() and Department.objects.count() == 0
    call_command("load_departments", str(path), stdout=out)
    assert "已新建 3 个单位" in out.getvalue() and Department.objects.count() == 3
    rows = many_units(3)
    rows[0][3] = "42-0114"
    path.write_bytes(xlsx(rows))
    with pytest.raises(CommandError) as caught:
        call_command("load_departments", str(path), stdout=out)
    assert "第2行“区划代码”列（D2）：区划代码“42-0114”应为2至12位数字" in str(caught.value)


def test_the_demo_directory_describes_the_demo_units():
    call_command("load_departments", str(DEMO_FILE), stdout=io.StringIO())
    for code, name, parent, _ in DEPARTMENTS:
        department = Department.objects.get(code=code)
        assert department.name == name and (department.parent.code if department.parent else None) == parent
        assert department.region.code == "420114" and department.contact_email
    assert list(HEADER) == DEMO_FILE.read_text(encoding="utf-8-sig").splitlines()[0].split(",")


def test_a_department_outside_the_file_is_left_as_it_is():
    kept = make_department(make_region())
    plan = _import(xlsx(many_units(2)))
    assert plan.not_listed == 1
    assert Department.objects.filter(pk=kept.pk, name=kept.name).exists()
