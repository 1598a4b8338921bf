"""Reading a section: each amount and percentage it states, what it is a figure of, and where.

The text of seed 001 is the model: a clause names a quantity, then gives its number
("其中：财政拨款收入 583.56 万元，占本年收入 100%"). A number is tied to the phrase of the
section's vocabulary that stands closest before it, when only joining words lie between them;
a number after only joining words ("，支出决算为 202.15 万元") keeps the quantity of the number
before it. Anything else between them (a project's name, 燃料费) leaves the number untied.
"""

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache, lru_cache

from .figures import joiner_words, section_vocabulary
from .findings import Place
from .numbers import AMOUNT, StatedNumber, stated_numbers

VALUE, CHANGE, SHARE, GROWTH, COMPLETION, RATE = "value", "change", "share", "growth", "completion", "rate"
FINAL, BUDGET = "final", "budget"

_CHANGE = re.compile(r"(增加|减少)\s*(?:[（(]\s*(增加|减少)\s*[)）])?\s*$")
# a change against a year written without 增加 or 减少 ("较2023年度决算数38.31万元"): still a change
_CHANGE_UNSTATED = re.compile(r"(?:比|较)\s*(?:上年|\d{4}\s*年度?)\s*(?:决算数?|同期)?\s*[，,]?\s*$")
_GROWTH = re.compile(r"(增长|下降)\s*(?:[（(]\s*(增长|下降)\s*[)）])?\s*$")
_SHARE = re.compile(r"占(?P<base>[^，。；,;%％]*?)的?\s*$")
_COMPLETION = re.compile(
    r"(?:完成(?P<which>年初|全年|调整)?预算(?:数)?的|执行率(?:为|是)?|预算完成率(?:为|是)?)\s*$"
)
_BUDGET_KIND = re.compile(r"(年初|全年|调整)预算")
# "完成全年预算5.3万元的38.1%": the budget stated inside the rate's own words
_COMPLETES_STATED = re.compile(r"完成(?:年初|全年|调整)?预算(?:数)?\s*$")
_OF = re.compile(r"^\s*的\s*$")
_SENTENCE_END = re.compile(r"[。！？]")
# words that open a list of what money went to ("主要用于：A、B项目支出"): its items are not the
# subject of a figure that follows the list
_LIST_OPENER = re.compile(r"主要用于|主要包括|用于[:：]|包括[:：]")
_CLAUSE_BREAK = re.compile(r"[，,；;]")
_CLAUSE_START = re.compile(r"[，,。；;：:\n、！？]")
_NUMBERING = re.compile(r"^\s*(?:[（(]?\d+[)）.、．]|[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+[是、])\s*")
_PUNCTUATION = re.compile(r"[\s，,。；;：:、！？（）()“”\"'.．\d]")
_SENTENCE = re.compile(r"[^。！？\n]*[^。！？\n\s][^。！？\n]*[。！？]?")
DIRECTIONS = {"增加": 1, "增长": 1, "减少": -1, "下降": -1}


@dataclass
class Statement:
    """One number the text states, read in its context."""

    number: StatedNumber
    place: Place
    kind: str
    subject: str  # the clause before the number, as written (spaces removed)
    figure: str = ""  # the tied figure key, for values
    topic: str = ""  # the figure key of the quantity spoken of (for changes, growth, completion)
    topic_phrase: str = ""
    attribute: str = FINAL
    direction: int = 0  # +1 增加/增长, -1 减少/下降, 0 unstated or "增加（减少）"
    word: str = ""  # the direction word as written
    base_text: str = ""  # for shares: what follows 占
    numerator: object = None  # shares: the amount it is a share of; growth: the amount that grew
    budget: object = None  # for completion rates: the budget and final Statements
    final: object = None
    change: object = None  # for growth rates: the change Statement of the same quantity
    extra: dict = field(default_factory=dict)

    @property
    def section(self):
        return self.place.section


@cache
def _joiners():
    return re.compile("|".join(re.escape(word) for word in joiner_words()))  # longest first


def only_joiners(text):
    return not _PUNCTUATION.sub("", _joiners().sub("", text))


def clause_subject(gap):
    starts = [m.end() for m in _CLAUSE_START.finditer(gap)]
    clause = gap[starts[-1]:] if starts else gap
    clause = _NUMBERING.sub("", clause)
    return re.sub(r"\s+", "", clause)


@lru_cache(maxsize=64)
def _sentence_starts(body):
    return [match.start() for match in _SENTENCE.finditer(body)]


def sentence_number(body, offset):
    """Which sentence of `body` (1-based, 。！？ and line ends closing one) holds `offset`."""
    return max(1, bisect_right(_sentence_starts(body), offset))


def _rightmost_phrase(gap, phrases):
    best = None
    for phrase in phrases:
        for match in phrase.pattern.finditer(gap):
            rank = (match.end(), match.end() - match.start())
            if best is None or rank > best[0]:
                best = (rank, phrase, match)
    return (best[1], best[2]) if best else (None, None)


def _own_clause_names(paragraph, gap_start, gap, match):
    """Whether the phrase `match` (in `gap`) names the quantity of the number after the gap.

    Not when a sentence ends between them ("……项目支出。全年预算为 202.24 万元"), nor when the
    phrase is an item of a 主要用于/主要包括 list and a clause break lies between them.
    """
    after = gap[match.end():]
    if _SENTENCE_END.search(after):
        return False
    before = paragraph[: gap_start + match.start()]
    ends = [m.end() for m in _SENTENCE_END.finditer(before)]
    sentence = before[ends[-1]:] if ends else before
    return not (_LIST_OPENER.search(sentence) and _CLAUSE_BREAK.search(after))


def _direction(match):
    words = [w for w in match.groups() if w]
    if len(words) == 2 and DIRECTIONS[words[0]] != DIRECTIONS[words[1]]:
        return 0, f"{words[0]}（{words[1]}）"
    return DIRECTIONS[words[0]], words[0]


def read_section(*, key, title, body):
    """The Statements of one section's body, in order."""
    vocabulary = section_vocabulary(key)
    statements = []
    offset = 0
    for paragraph in (body or "").split("\n"):
        statements.extend(_read_paragraph(key, title, body, paragraph, offset, vocabulary))
        offset += len(paragraph) + 1
    return statements


def _read_paragraph(key, title, body, paragraph, offset, vocabulary):
    statements = []
    previous_end = 0
    topic = None  # (phrase, figure key) the last tied number spoke of
    last_amount = last_budget = last_final = last_change = None
    last_value = None  # the last amount of 决算 stated (a budget after it is not the amount a rate grew from)
    budgets = {}  # budget kind ("年初", "全年", "" unstated) -> the last budget Statement of that kind
    for local in stated_numbers(paragraph):
        number = StatedNumber(
            kind=local.kind,
            text=local.text,
            start=local.start + offset,
            end=local.end + offset,
            number_end=local.number_end + offset,
        )
        gap = paragraph[previous_end:local.start]
        previous_end = local.end
        place = Place(
            section=key,
            title=title,
            start=number.start,
            end=number.end,
            text=body[number.start:number.end],
            sentence=sentence_number(body, number.start),
        )
        gap_start = local.start - len(gap)
        phrase, match = _rightmost_phrase(gap, vocabulary.phrases)
        if phrase is not None and not _own_clause_names(paragraph, gap_start, gap, match):
            phrase = match = None
            topic = None
        if phrase is not None and only_joiners(gap[match.end():]):
            topic = (phrase, phrase.figure)
            after = gap[match.end():]
        elif phrase is None and only_joiners(gap) and topic is not None:
            after = gap
        else:
            topic, after = None, gap
        statement = Statement(number=number, place=place, kind=VALUE, subject=clause_subject(gap))
        if topic is not None:
            statement.topic_phrase, statement.topic = topic[0].phrase, topic[1]
        if number.kind == AMOUNT:
            change = _CHANGE.search(gap)
            if change:
                statement.kind = CHANGE
                statement.direction, statement.word = _direction(change)
                last_change = statement
            elif _CHANGE_UNSTATED.search(gap):
                statement.kind = CHANGE  # its direction unstated (0): a wording slip, not a value
                last_change = statement
            else:
                budget_words = "预算" in after and not ("决算" in after or "执行" in after)
                statement.attribute = BUDGET if budget_words else FINAL
                if topic is not None:
                    statement.figure = topic[0].budget if budget_words else topic[0].figure
                if statement.attribute == BUDGET:
                    kind = _BUDGET_KIND.findall(clause_subject(gap))
                    statement.extra["budget_kind"] = kind[-1] if kind else ""
                    budgets[statement.extra["budget_kind"]] = statement
                    last_budget = statement
                    if _COMPLETES_STATED.search(gap):
                        statement.extra["completes"] = True
                else:
                    last_final = last_value = statement
                last_amount = statement
        else:
            share, growth, completion = _SHARE.search(gap), _GROWTH.search(gap), _COMPLETION.search(gap)
            previous = statements[-1] if statements else None
            # 完成全年预算 X 万元的 Y%: X, just before, is the budget
            stated_budget = previous if previous is not None and previous.extra.get("completes") and _OF.match(gap) else None
            if share:
                statement.kind = SHARE
                statement.base_text = re.sub(r"\s+", "", share["base"])
                statement.numerator = last_amount
            elif growth:
                statement.kind = GROWTH
                statement.direction, statement.word = _direction(growth)
                statement.change = last_change
                statement.numerator = last_value  # this year's value when the quantity is not in the tables
                if last_change is not None:
                    statement.topic, statement.topic_phrase = last_change.topic, last_change.topic_phrase
            elif completion or stated_budget:
                statement.kind = COMPLETION
                which = stated_budget.extra["budget_kind"] if stated_budget else (completion["which"] or "")
                statement.extra["budget_kind"] = which
                if stated_budget:
                    statement.budget = stated_budget
                else:
                    # "完成年初预算的" is against the 年初 budget the text stated, not the 全年 one after it
                    statement.budget = budgets.get(which, last_budget) if which else last_budget
                statement.final = last_final
                statement.extra["other_budgets"] = {k: b for k, b in budgets.items() if b is not statement.budget}
                last_budget = last_final = None
                budgets = {}
            else:
                statement.kind = RATE
            topic = topic if statement.kind != RATE else None
        statements.append(statement)
    return statements


__all__ = ("Statement", "read_section")
