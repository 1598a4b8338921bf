"""A published PDF's department, found among the region's by the names the document prints."""

import pytest

from reviews.inspections.matching import department_match, title_name
from reviews.models import MatchState
from tests.factories import make_department, make_region

pytestmark = pytest.mark.django_db


@pytest.fixture
def putuo():
    shanghai = make_region("上海市")
    region = make_region("普陀区", parent=shanghai)
    social = make_department(region, name="中共上海市普陀区委社会工作部")
    finance = make_department(region, name="上海市普陀区财政局")
    finance.aliases = "普陀区财政局\n区财政局"
    finance.save()
    education = make_department(region, name="上海市普陀区教育局")
    return {"social": social, "finance": finance, "education": education, "all": [social, finance, education]}


def test_the_name_its_tables_print_decides_when_it_is_a_department_s_name(putuo):
    match = department_match(departments=putuo["all"], department_name="中共上海市普陀区委社会工作部", file_name="x.pdf")
    assert (match.department, match.state) == (putuo["social"], MatchState.SURE)


def test_another_name_of_the_department_is_as_sure(putuo):
    match = department_match(departments=putuo["all"], department_name="区财政局")
    assert (match.department, match.state) == (putuo["finance"], MatchState.SURE)


def test_a_name_without_its_region_s_names_is_sure(putuo):
    match = department_match(departments=putuo["all"], department_name="普陀区教育局")
    assert (match.department, match.state) == (putuo["education"], MatchState.SURE)
    assert "只差区域名称" in match.note


def test_the_cover_s_title_or_the_file_name_serve_when_the_tables_name_no_unit(putuo):
    assert title_name("上海市普陀区教育局2024年度部门决算") == "上海市普陀区教育局"
    by_title = department_match(departments=putuo["all"], title="上海市普陀区教育局2024年度部门决算")
    assert (by_title.department, by_title.state) == (putuo["education"], MatchState.SURE)
    by_file = department_match(departments=putuo["all"], file_name="上海市普陀区财政局2024年度部门决算公开.pdf")
    assert (by_file.department, by_file.state) == (putuo["finance"], MatchState.SURE)


def test_a_close_name_is_proposed_for_the_reviewer_to_confirm(putuo):
    match = department_match(departments=putuo["all"], department_name="普陀区社会工作部")
    assert (match.department, match.state) == (putuo["social"], MatchState.PROPOSED)
    assert "请确认" in match.note


def test_no_close_name_leaves_the_file_without_a_department(putuo):
    match = department_match(departments=putuo["all"], department_name="武汉市蔡甸区人力资源和社会保障局", file_name="report.pdf")
    assert (match.department, match.state) == (None, MatchState.NONE)
    assert department_match(departments=putuo["all"]).state == MatchState.NONE
