"""The nine tables' description: one file, read by everything, refused when inconsistent."""

import csv
from pathlib import Path

import pytest

from disclosures.tables import spec as spec_module
from disclosures.tables.spec import TABLES, SpecError, load, table_spec

REFERENCE = Path(spec_module.__file__).parents[1] / "reference_data" / "function_codes_2024.csv"


def test_nine_tables_with_official_sheet_names():
    assert [t.code for t in TABLES] == [f"公开0{n}表" for n in range(1, 10)]
    assert table_spec(3).name == "支出决算表"


def test_table_01_lines_and_totals_match_the_official_layout():
    t1 = table_spec(1)
    income, expenditure = t1.sides
    assert [line.number for line in income.lines] == list(range(1, 32))
    assert [line.number for line in expenditure.lines] == list(range(32, 63))
    assert t1.lines_by_key["27"].sum_of == tuple(str(n) for n in range(1, 9))
    assert t1.lines_by_key["31"].sum_of == ("27", "28", "29")
    assert t1.lines_by_key["58"].sum_of == tuple(str(n) for n in range(32, 58))
    assert t1.lines_by_key["62"].sum_of == ("58", "59", "60")
    assert t1.lines_by_key["39"].function_class == "208"


def test_table_04_keeps_all_four_fund_columns_and_fund_lines():
    t4 = table_spec(4)
    assert [c.key for c in t4.sides[1].columns] == ["subtotal", "general", "fund", "capital"]
    assert t4.columns_by_key["subtotal"].sum_of == ("general", "fund", "capital")
    assert t4.lines_by_key["60"].sum_of == ("61", "62", "63")
    assert t4.lines_by_key["64"].sum_of == ("59", "60")


def test_expenditure_classes_are_the_same_in_01_and_04_and_exist_in_the_reference_list():
    classes_01 = [line.function_class for line in table_spec(1).lines if line.function_class]
    classes_04 = [line.function_class for line in table_spec(4).lines if line.function_class]
    assert classes_01 == classes_04 and len(classes_01) == 26
    with open(REFERENCE, encoding="utf-8") as fh:
        reference = {row["code"] for row in csv.DictReader(fh)}
    assert set(classes_01) <= reference


def test_code_tables_name_their_detail_level():
    assert {t.number: t.detail_level for t in TABLES if t.has_codes} == {2: 7, 3: 7, 5: 7, 6: 5, 7: 7, 8: 7}


def test_table_06_groups_split_personnel_and_public_expenses():
    t6 = table_spec(6)
    assert t6.group_for_code("30101").total_label == "人员经费合计"
    assert t6.group_for_code("30302").key == "personnel"
    assert t6.group_for_code("31002").total_key == "public_total"


def test_table_09_has_twelve_columns_with_nested_headers():
    t9 = table_spec(9)
    assert len(t9.columns) == 12
    assert t9.columns_by_key["final_vehicle"].group_path == ("决算数", "公务用车购置及运行维护费")
    assert t9.columns_by_key["final_total"].sum_of == ("final_abroad", "final_vehicle", "final_reception")


def test_row_keys_are_checked_against_the_layout():
    assert table_spec(1).is_valid_row_key("27")
    assert not table_spec(1).is_valid_row_key("9")  # a numbered blank line holds nothing
    assert table_spec(3).is_valid_row_key("2080505")
    assert table_spec(3).is_valid_row_key("208")
    assert not table_spec(3).is_valid_row_key("20805051")
    assert not table_spec(6).is_valid_row_key("3010101")


def test_a_description_whose_sum_names_an_unknown_line_is_refused(tmp_path):
    broken = Path(spec_module.SPEC_FILE).read_text(encoding="utf-8").replace('sum = "1-8"', 'sum = "1-99"')
    path = tmp_path / "broken.toml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(SpecError, match="公开01表 line 27"):
        load(path)


def test_table_08s_balances_are_optional_columns_stored_but_not_in_the_projects_layout():
    t8 = table_spec(8)
    assert [c.key for c in t8.code_columns] == ["total", "basic", "project"]
    assert [(c.key, c.label, c.number) for c in t8.optional_columns] == [
        ("opening", "年初结转和结余", 4),
        ("income", "本年收入", 5),
        ("closing", "年末结转和结余", 6),
    ]
    assert [c.key for c in t8.printed_code_columns(("opening", "closing"))] == ["opening", "total", "basic", "project", "closing"]
    assert {c.key for c in t8.columns_for_row("2230199")} == {"total", "basic", "project", "opening", "income", "closing"}
    assert not any(spec.optional_columns for spec in TABLES if spec.number != 8)


def test_an_optional_column_numbered_among_the_tables_own_is_refused(tmp_path):
    broken = Path(spec_module.SPEC_FILE).read_text(encoding="utf-8").replace(
        'label = "年初结转和结余", number = 4, optional', 'label = "年初结转和结余", number = 1, optional'
    )
    path = tmp_path / "broken.toml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(SpecError, match="公开08表: columns are numbered"):
        load(path)


def test_no_table_has_a_上年数_column_and_the_opening_balances_say_where_last_year_closed():
    assert not any("上年" in c.label for spec in TABLES for c in spec.columns)
    carried = {
        (spec.number, line.key): line.carry_from for spec in TABLES for line in spec.lines if line.carry_from
    } | {(spec.number, c.key): c.carry_from for spec in TABLES if not spec.sides for c in spec.all_code_columns if c.carry_from}
    assert carried == {
        (1, "29"): "60", (4, "29"): "61", (4, "30"): "62", (4, "31"): "63", (7, "opening"): "closing", (8, "opening"): "closing",
    }  # fmt: skip
    for (number, key), source in carried.items():
        spec = table_spec(number)
        if spec.sides:  # an opening line takes the closing line of the same fund (年末, or a part of 年末's sum)
            line, closing = spec.lines_by_key[key], spec.lines_by_key[source]
            assert line.fund == closing.fund
            assert "年末" in closing.label or any("年末" in total.label and source in total.sum_of for total in spec.lines)
        else:
            assert spec.columns_by_key[key].label == "年初结转和结余" and spec.columns_by_key[source].label == "年末结转和结余"


@pytest.mark.parametrize(
    ("original", "broken", "message"),
    [
        ("carry_from = 60", "carry_from = 99", "公开01表 line 29: carry_from"),
        ('number = 1, carry_from = "closing"', 'number = 1, carry_from = "nowhere"', "公开07表 column opening: carry_from"),
    ],
)
def test_a_carry_from_naming_nothing_is_refused(tmp_path, original, broken, message):
    text = Path(spec_module.SPEC_FILE).read_text(encoding="utf-8")
    assert original in text
    path = tmp_path / "broken.toml"
    path.write_text(text.replace(original, broken), encoding="utf-8")
    with pytest.raises(SpecError, match=message):
        load(path)
