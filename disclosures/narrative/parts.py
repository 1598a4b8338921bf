"""Parts a sentence lists after 其中 must add up to the amount stated just before it (N13).

    ……支出决算为34.08万元，完成全年预算50.74万元的67.2%，比上年决算数减少1.55万元，下降4.4%。
    其中：因公出国(境)费支出决算为0.94万元，完成全年预算0.94万元的100%，比上年决算数增加0.94万元；
    公务用车购置及运行维护费支出决算为33.13万元，……，其中：公务用车购置支出决算为17.98万元，……，
    公务用车运行维护费支出决算为15.15万元，……；公务接待费支出决算为0万元，……。

An item may state several quantities — its 决算, its 预算, its change against last year or against
another year — and each is summed against the total of the same quantity stated before 其中. A 其中
inside the list opens a sub-list of the item before it. Where that sub-list ends is not always
marked (some texts separate both levels with ；), so each place it may end is tried, and the reading
under which the figures agree best is the one judged: a difference larger than rounding is
reported only where no reading of the list avoids it.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from .numbers import AMOUNT, AMOUNT_ROUNDING
from .reader import CHANGE, VALUE

OF_WHICH = re.compile(r"其中")
SENTENCE_END = re.compile(r"[。！？\n]")
ITEM_END = re.compile(r"[；;]")
_VERSUS = re.compile(r"上一?年|(\d{4})\s*年")
LAST_YEAR = "上年"
_NESTED_READINGS = 1  # lists with more nested 其中 than this are read one way only (each ends at its first ；)


@dataclass(frozen=True)
class Sum:
    """A total stated before 其中 and the parts of the same quantity listed after it."""

    total: object  # reader.Statement
    parts: tuple

    @property
    def stated(self):
        return _signed(self.total)

    @property
    def summed(self):
        return sum((_signed(p) for p in self.parts), Decimal(0))

    @property
    def difference(self):
        return abs(self.summed - self.stated)


def _signed(statement):
    return statement.direction * statement.number.value if statement.kind == CHANGE else statement.number.value


def quantity(statement, year):
    """What a figure is of, for matching a total with its parts: (VALUE, 决算/预算) or, for a
    change, (CHANGE, the year it is against: 上年 unless another year is named)."""
    if statement.kind != CHANGE:
        return (VALUE, statement.attribute)
    match = _VERSUS.search(statement.subject)
    versus = match[1] if match and match[1] else LAST_YEAR
    if year is not None and versus.isdigit() and int(versus) == year - 1:
        versus = LAST_YEAR
    return (CHANGE, versus)


@dataclass(frozen=True)
class _List:
    lead: tuple  # (start, end) of the text whose figures are the totals
    items: tuple  # (start, end) of the listed parts
    excluded: tuple = ()  # ((start, end), …) of sub-lists inside `items`


@dataclass(frozen=True)
class _Reading:
    sums: list  # [Sum] the reading checks
    beyond_rounding: int  # how many of them differ by more than rounding
    difference: Decimal  # their differences added up


class ListSums:
    """The sums of one section's 其中 lists. `amounts`: its amount statements (values and changes)
    in order; `wrong`: ids of statements already reported against the tables."""

    def __init__(self, body, amounts, *, year, wrong):
        self.body = body
        self.amounts = [s for s in amounts if s.number.kind == AMOUNT and s.kind in (VALUE, CHANGE)]
        self.year = year
        self.wrong = wrong

    def mismatches(self):
        """[Sum] whose parts do not add up to the total, for every list of the section."""
        found, handled = [], set()
        for match in OF_WHICH.finditer(self.body):
            if match.start() in handled:
                continue
            end = SENTENCE_END.search(self.body, match.end())
            end = end.start() if end else len(self.body)
            nested = [m for m in OF_WHICH.finditer(self.body, match.end(), end)]
            handled.update(m.start() for m in nested)
            paragraph = self.body.rfind("\n", 0, match.start()) + 1
            readings = [self._judge(lists) for lists in self._readings(match, end, nested, paragraph)]
            # the fewest differences beyond rounding, then the most sums checked, the least difference, the plainest
            best = min(
                range(len(readings)),
                key=lambda i: (readings[i].beyond_rounding, -len(readings[i].sums), readings[i].difference, i),
            )
            found.extend(s for s in readings[best].sums if s.difference)
        return found

    # -- readings of a list ----------------------------------------------------------------------
    def _readings(self, match, end, nested, paragraph):
        """The ways the list after `match` may be read, the plainest first: [[_List]]."""
        lead = (paragraph, match.start())
        if not nested:
            return [[_List(lead=lead, items=(match.end(), end))]]
        if len(nested) > _NESTED_READINGS:
            lists, excluded = [], []
            for i, inner in enumerate(nested):
                bound = nested[i + 1].start() if i + 1 < len(nested) else end
                inner_end = self._item_ends(inner.end(), bound)[0]
                lists.append(_List(lead=(self._item_start(match.end(), inner.start()), inner.start()), items=(inner.end(), inner_end)))
                excluded.append((inner.start(), inner_end))
            return [[_List(lead=lead, items=(match.end(), end), excluded=tuple(excluded)), *lists]]
        (inner,) = nested
        item_start = self._item_start(match.end(), inner.start())
        return [
            [
                _List(lead=lead, items=(match.end(), end), excluded=((inner.start(), inner_end),)),
                _List(lead=(item_start, inner.start()), items=(inner.end(), inner_end)),
            ]
            for inner_end in self._item_ends(inner.end(), end)
        ]

    def _item_ends(self, start, bound):
        """Where a sub-list starting at `start` may end: at each ；before `bound`, or at `bound`."""
        return [m.start() for m in ITEM_END.finditer(self.body, start, bound)] + [bound]

    def _item_start(self, start, at):
        """Where the item holding the 其中 at `at` starts: after the last ；before it (not one
        right before 其中: "增长29.9%；其中：")."""
        ends = [m.end() for m in ITEM_END.finditer(self.body, start, at) if self.body[m.end():at].strip()]
        return ends[-1] if ends else start

    # -- judging a reading -----------------------------------------------------------------------
    def _judge(self, lists):
        sums = [s for lst in lists for s in self._sums(lst)]
        return _Reading(
            sums=sums,
            beyond_rounding=sum(1 for s in sums if s.difference > AMOUNT_ROUNDING),
            difference=sum((s.difference for s in sums), Decimal(0)),
        )

    def _sums(self, lst):
        start, at = lst.lead
        totals = {}
        for statement in self.amounts:
            if start <= statement.number.start < at:
                if len(SENTENCE_END.findall(self.body[statement.number.end:at])) <= 1:
                    totals[quantity(statement, self.year)] = statement  # the last of each quantity
        sums = []
        for key, total in totals.items():
            parts = tuple(
                s
                for s in self.amounts
                if lst.items[0] <= s.number.start < lst.items[1]
                and not any(a <= s.number.start < b for a, b in lst.excluded)
                and quantity(s, self.year) == key
            )
            if total.kind == CHANGE and (total.direction == 0 or any(p.direction == 0 for p in parts)):
                continue
            if any(id(s) in self.wrong for s in (total, *parts)):
                continue  # a figure already reported against its table: the sum is off for that reason
            candidate = Sum(total=total, parts=parts)
            if len(parts) < 2 and not (parts and candidate.summed > candidate.stated):
                continue
            sums.append(candidate)
        return sums
