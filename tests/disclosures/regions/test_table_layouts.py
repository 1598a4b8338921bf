"""A profile's [tables] section: a third region is one more file, read by the same code."""

import shutil

import pytest
from openpyxl import load_workbook

from disclosures.excel.problems import WorkbookError
from disclosures.excel.reader import workbook_read
from disclosures.regions import profiles
from disclosures.regions.profiles import ProfileError, region_profile
from disclosures.regions.tables import _layout, table_layout
from disclosures.tables.spec import table_spec
from tests.disclosures.excel.test_reader_regions import PRINTED, row_of
from tests.disclosures.excel.workbooks import save, upload


@pytest.fixture
def profile_dir(tmp_path, monkeypatch):
    for path in profiles.PROFILE_DIR.glob("*.toml"):
        shutil.copy(path, tmp_path / path.name)
    monkeypatch.setattr(profiles, "PROFILE_DIR", tmp_path)
    for cached in (profiles._load, profiles.all_profiles, _layout):
        cached.cache_clear()
    yield tmp_path
    for cached in (profiles._load, profiles.all_profiles, _layout):
        cached.cache_clear()


def test_shipped_profiles():
    assert table_layout(region_profile(name_or_code="湖北省")).order == tuple(range(1, 10))
    shanghai = table_layout(region_profile(name_or_code="上海市"))
    assert shanghai.table_for_printed(7) == 9 and shanghai.printed_number(7) == 8
    assert shanghai.title(6) == "一般公共预算财政拨款基本支出决算表"
    assert shanghai.rules_off == {"R04-060"}
    assert shanghai.total_row_last == {5} and shanghai.interleaved == {9}
    assert shanghai.optional_columns == {8: ("opening", "income", "closing")}
    hubei = table_layout(region_profile(name_or_code="湖北省"))
    assert not hubei.optional_columns and not hubei.total_row_last and not hubei.interleaved


def test_printed_columns_as_each_region_prints_them():
    shanghai = table_layout(region_profile(name_or_code="上海市"))
    hubei = table_layout(region_profile(name_or_code="湖北省"))
    capital = table_spec(8)
    assert [c.key for c in hubei.printed_columns(capital)] == ["total", "basic", "project"]
    assert [c.key for c in shanghai.printed_columns(capital)] == ["opening", "income", "total", "basic", "project", "closing"]
    three = table_spec(9)
    assert [c.key for c in hubei.printed_columns(three, three.sides[0].columns)] == [c.key for c in three.columns]
    interleaved = shanghai.printed_columns(three, three.sides[0].columns)
    assert [(c.group, c.label) for c in interleaved[:6]] == [
        ("合计", "预算数"),
        ("合计", "决算数"),
        ("因公出国(境)费", "预算数"),
        ("因公出国(境)费", "决算数"),
        ("公务用车购置及运行维护费/小计", "预算数"),
        ("公务用车购置及运行维护费/小计", "决算数"),
    ]
    assert [c.key for c in interleaved[-2:]] == ["budget_reception", "final_reception"]
    assert [c.label for c in shanghai.printed_columns(table_spec(5))] == ["合计", "基本支出", "项目支出"]


def test_a_third_region_is_a_new_file(profile_dir):
    (profile_dir / "yunnan.toml").write_text(
        'name = "云南省"\nnames = ["云南"]\ncodes = ["53"]\n\n[tables]\norder = [1, 2, 3, 4, 5, 6, 8, 9, 7]\n'
        'rules_off = ["R01-BAL"]\n\n[tables.titles]\n9 = ["“三公”经费支出决算表"]\n',
        encoding="utf-8",
    )
    layout = table_layout(region_profile(name_or_code="530102"))
    assert layout.profile_name == "云南省"
    assert layout.table_for_printed(9) == 7 and layout.title(9) == "“三公”经费支出决算表"
    assert layout.rules_off == {"R01-BAL"}


@pytest.mark.parametrize(
    "tables, message",
    [
        ("order = [1, 2, 3]", "tables.order 应恰好列出第1至9表各一次"),
        ('[tables.titles]\n10 = ["x"]', "tables.titles 中没有第10表"),
        ('[tables.columns]\n"4.nothing" = ["合计"]', "tables.columns 中“4.nothing”不是“表号.栏目”"),
        ('[tables.optional_columns]\n8 = ["basic"]', "tables.optional_columns 中“basic”不是第8表的可选栏目"),
        ('[tables.optional_columns]\n7 = ["opening"]', "tables.optional_columns 中“opening”不是第7表的可选栏目"),
        ("total_row_last = [10]", "tables.total_row_last 中没有第10表"),
    ],
)
def test_a_wrong_tables_section_is_refused_by_name(profile_dir, tables, message):
    (profile_dir / "wrong.toml").write_text(f'name = "错误"\ncodes = ["99"]\n\n[tables]\n{tables}\n', encoding="utf-8")
    with pytest.raises(ProfileError, match=message):
        table_layout(region_profile(name_or_code="错误"))


def test_a_column_no_table_keeps_is_read_and_an_amount_in_it_refused(profile_dir):
    """[tables.extra_columns]: a printed column the project's table does not keep."""
    (profile_dir / "elsewhere.toml").write_text(
        'name = "别处"\ncodes = ["99"]\n\n[tables]\norder = [1, 2, 3, 4, 5, 6, 9, 7, 8]\n'
        '[tables.extra_columns]\n3 = ["其中：政府采购"]\n',
        encoding="utf-8",
    )
    workbook = load_workbook(PRINTED)
    worksheet = workbook["表3"]
    worksheet["I3"] = "其中：政府采购"
    r = row_of(worksheet, "201")
    worksheet.cell(r, 9).value = 1.5
    with pytest.raises(WorkbookError) as exc:
        workbook_read(fileobj=upload(save(workbook)), profile=region_profile(name_or_code="别处"))
    assert [str(p) for p in exc.value.problems] == [
        f"表3!I{r}：“其中：政府采购”栏有金额，但公开03表（支出决算表）没有这一栏，无法保存；请核对"
    ]
