"""A profile's [tables] section: a third region is one more file, read by the same code."""

import shutil

import pytest

from disclosures.regions import profiles
from disclosures.regions.profiles import ProfileError, region_profile
from disclosures.regions.tables import _layout, table_layout


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
    ],
)
def test_a_wrong_tables_section_is_refused_by_name(profile_dir, tables, message):
    (profile_dir / "wrong.toml").write_text(f'name = "错误"\ncodes = ["99"]\n\n[tables]\n{tables}\n', encoding="utf-8")
    with pytest.raises(ProfileError, match=message):
        table_layout(region_profile(name_or_code="错误"))
