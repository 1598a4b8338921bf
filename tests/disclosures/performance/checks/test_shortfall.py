from disclosures.performance.checks import shortfall

from ..seeds import evaluation, indicator
from .helpers import context

# seed 001: 养老保险实际缴费人数 >55000人, 48861人 — short of the target.
REASON = "养老保险实际缴费人数偏低原因分析：外出务工从业造成续缴中断。"


def _table(reason="", row_reason=""):
    row = indicator("产出指标", "数量指标", "养老保险实际缴费人数", ">55000人", "48861人", "10", "8.88", reason=row_reason)
    return evaluation("城乡居民基本养老保险管理经费", template="hubei_project_2024", budget="10", executed="9.97",
                      weight="20", rows=[row], reason=reason)  # fmt: skip


def test_a_shortfall_with_a_reason_in_the_table_or_on_its_row_passes():
    assert shortfall.check(context(_table(reason=REASON))) == []
    assert shortfall.check(context(_table(row_reason=REASON))) == []


def test_a_shortfall_without_a_reason_is_an_error():
    [finding] = shortfall.check(context(_table()))
    assert finding.indicator.level3 == "养老保险实际缴费人数"
    assert finding.message == "实际完成值“48861人”未达到目标值“>55000人”，须填写偏差原因"


def test_a_qualitative_tier_below_achieved_needs_a_reason():
    row = indicator("效益指标", "社会效益", "缓解困难群体生活压力", "缓解", "部分缓解", "10", "7")
    e = evaluation("社保扶贫代缴资金", template="hubei_project_2024", budget="360", executed="360", weight="20", rows=[row])
    assert [f.rule for f in shortfall.check(context(e))] == ["perf.shortfall_reason"]
