"""Check the explanation text against the tables: every amount and percentage it states.

narrative_check(*, sections, tables, prior=None, year, attachments=None) -> [NarrativeFinding]

Severities (rules.toml): a figure that disagrees with the tables, a share, change or rate
computed wrong, two places giving different values for one quantity, a text figure the
attachments contradict, a wrong year: 错误. The same slips no larger than rounding makes them
(an amount off by at most 0.02 万元, a percentage by less than 0.1 个百分点, e.g. 0.92% for
0.927%): 提示, marked 尾差. A number written against the format rule (0.00万元, 16.52%) or
wording that departs from the template (“初预算”): 提示.
"""

import re
from decimal import Decimal

from ..narrative_catalog import sections_for_year
from ..tables.values import TEN_THOUSAND
from .figures import FigureKey, figure_label, figure_value, generic_words, joiner_words, prior_lookup, section_vocabulary
from .findings import Place, make_finding, wording_patterns
from .numbers import (
    AMOUNT,
    AMOUNT_ROUNDING,
    DEFAULT_FORMAT,
    format_amount,
    format_percent,
    format_rule_text,
    growth_allowed,
    ratio_percent,
)
from .parts import ListSums
from .reader import CHANGE, RATE, VALUE, read_section, sentence_number
from .sections import section_titles as explanation_titles

PERCENT_ROUNDING = Decimal("0.1")  # 个百分点
EXPLANATION_PREFIX = "explanation."
PERFORMANCE_SECTION = "explanation.performance"
_YEAR_END = re.compile(r"截[至止]\s*(\d{4})\s*年\s*12\s*月\s*31\s*日")
_PROJECT_BUDGET = re.compile(r"预算(?:数|金额)?(?:为|是)?\s*(?P<n>\d[\d,，]*(?:\.\d+)?)\s*万元")
_PROJECT_EXECUTED = re.compile(r"执行(?:数|金额)?(?:为|是)?\s*(?P<n>\d[\d,，]*(?:\.\d+)?)\s*万元")
_PROJECT_RATE = re.compile(r"(?:完成预算的|执行率(?:为|是)?)\s*(?P<n>\d[\d,，]*(?:\.\d+)?)\s*[%％]")
_PROJECT_FIGURES = (("预算数", "budget", _PROJECT_BUDGET), ("执行数", "executed", _PROJECT_EXECUTED), ("执行率", "rate", _PROJECT_RATE))
_PERCENT_VALUE = re.compile(r"[≥≤>=<]?(\d+(?:\.\d+)?)[%％]")
_NAME_NOISE = re.compile(r"目标$|为$|是$|达到$")
# a rate or an amount written without its sign or unit: "增长 13.95。", "减少 5.2，"
_RATE_NO_SIGN = re.compile(
    r"(?:增长|下降|占[^，。；,;%％\d]{0,20}?的?|完成[^，。；,;\d]{0,12}?的|执行率(?:为|是)?|完成率(?:为|是)?)\s*"
    r"(?P<n>\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"  # 1,055.4 as one number
    r"(?![\d.]|[,，]\d{3}|\s*(?:[%％]|个百分点|倍|万|元|亿|个|人|次|辆|项|家|分|年|月|日|天|台|套))"
)
_AMOUNT_NO_UNIT = re.compile(
    r"(?:增加|减少|为|支出|收入|合计|总计|决算|预算|金额|经费)\s*(?P<n>\d+\.\d+)\s*(?=[。，；、,;：:]|$)"
)
# an amount in 万 without its 元: "经营收入 0.00 万，为……"
_AMOUNT_NO_YUAN = re.compile(r"(?<![\d.])(?P<n>\d+\.\d+)\s*万(?=\s*(?:[。，；、,;：:）)]|$))")


def _plain(wan):
    return f"{wan:f}"


def _wan(yuan):
    return Decimal(yuan) / TEN_THOUSAND


def _yuan(statement):
    return statement.number.value * TEN_THOUSAND


def section_titles(year):
    try:
        return {s.key: s.title for s in sections_for_year(year)}
    except LookupError:
        return {}


class _Check:
    def __init__(self, *, sections, tables, prior, year, attachments, profile=None):
        self.tables = tables or {}
        self.prior = prior_lookup(prior)
        self.year = year
        self.attachments = list(attachments or ())
        self.fmt = profile.number_format if profile is not None else DEFAULT_FORMAT
        titles = {**section_titles(year), **explanation_titles(year=year, profile=profile)}
        self.bodies = {k: v or "" for k, v in sections.items() if k.startswith(EXPLANATION_PREFIX)}
        self.titles = {k: titles.get(k, k) for k in self.bodies}
        self.statements = {
            key: read_section(key=key, title=self.titles[key], body=body) for key, body in self.bodies.items()
        }
        self.findings = []
        self.expected_text = {}  # id(statement) -> how the rule writes its right value
        self.wrong = set()  # ids of statements reported for their value
        self.registry = {}  # subject -> stated amount (元), for shares of amounts the tables lack

    def fa(self, yuan):
        return format_amount(yuan, self.fmt)

    def fp(self, percent):
        return format_percent(percent, self.fmt)

    # -- values --------------------------------------------------------------------------------
    def report(self, statement, finding):
        self.wrong.add(id(statement))
        self.findings.append(finding)

    def figure(self, key):
        return figure_value(self.tables, key) if key else None

    def value_of(self, statement):
        """An amount statement's value in 元: the table figure when tied, else what it says."""
        if statement is None:
            return None
        value = self.figure(statement.figure) if statement.figure else None
        return value if value is not None else _yuan(statement)

    # -- the checks ----------------------------------------------------------------------------
    def run(self):
        for key, statements in self.statements.items():
            for statement in statements:
                if statement.kind == VALUE and statement.number.kind == AMOUNT:
                    self.registry.setdefault(statement.subject, _yuan(statement))
            for statement in statements:
                getattr(self, f"check_{statement.kind}")(statement)
        self.check_same_quantity()
        self.check_attachments()
        for key in self.bodies:
            self.check_parts(key)
            self.check_units(key)
            self.check_format(key)
            self.check_wording(key)
        return self.findings

    def check_value(self, statement):
        if statement.number.kind != AMOUNT or not statement.figure:
            return
        value = self.figure(statement.figure)
        if value is None:
            return
        self.expected_text[id(statement)] = self.fa(value)
        if statement.number.agrees_with(_wan(value)):
            return
        difference = abs(statement.number.value - _wan(value))
        self.report(statement, self._value_finding(statement, value, difference))

    def _value_finding(self, statement, value, difference):
        return make_finding(
            "N01",
            [statement.place],
            rounding=difference <= AMOUNT_ROUNDING,
            tables=FigureKey.parse(statement.figure).tables,
            amounts=(value, _yuan(statement)),
            key=f"{statement.figure}|{statement.number.text}",
            subject=statement.topic_phrase or statement.subject,
            stated=statement.number.text,
            figure=figure_label(statement.figure),
            expected_text=self.fa(value),
        )

    def _percent_slip(self, statement, expected):
        """None when the stated percentage reads `expected` at its precision; else whether it is a rounding slip."""
        self.expected_text[id(statement)] = self.fp(expected)
        if statement.number.agrees_with(expected):
            return None
        return abs(statement.number.value - expected) < PERCENT_ROUNDING

    def share_base(self, statement):
        """(value 元, words) of what a share is a share of, or (None, "")."""
        vocabulary = section_vocabulary(statement.section)
        text = statement.base_text
        if not text:
            key = vocabulary.share_base
            return (self.figure(key), figure_label(key)) if key else (None, "")
        for phrase in (*vocabulary.bases, *vocabulary.phrases):
            if phrase.pattern.fullmatch(text):
                return self.figure(phrase.figure), text
        for subject, value in self.registry.items():
            if subject.endswith(text):
                return value, text
        return None, ""

    def check_share(self, statement):
        if statement.numerator is None:
            return
        base, base_words = self.share_base(statement)
        numerator = self.value_of(statement.numerator)
        expected = ratio_percent(numerator, base) if base else None
        if expected is None:
            return
        rounding = self._percent_slip(statement, expected)
        if rounding is None:
            return
        tables = FigureKey.parse(statement.numerator.figure).tables if statement.numerator.figure else ()
        self.report(
            statement,
            make_finding(
                "N02",
                [statement.place],
                rounding=rounding,
                tables=tables,
                key=f"{statement.numerator.subject}|{statement.base_text}|{statement.number.text}",
                stated=statement.number.text,
                numerator=self.fa(numerator),
                base=f"{base_words}{self.fa(base)}" if base_words and not base_words[0].isdigit() else self.fa(base),
                expected=self.fp(expected),
            )
        )

    def _current(self, topic):
        return self.figure(topic) if topic else None

    def check_change(self, statement):
        current = self._current(statement.topic)
        last_year = self.prior(statement.topic) if statement.topic else None
        if current is None or last_year is None:
            return
        change = current - last_year
        self.expected_text[id(statement)] = self.fa(abs(change))
        right_direction = statement.direction == 0 or change == 0 or (change > 0) == (statement.direction > 0)
        if right_direction and statement.number.agrees_with(abs(_wan(change))):
            return
        difference = abs(statement.number.value - abs(_wan(change)))
        self.report(
            statement,
            make_finding(
                "N03",
                [statement.place],
                rounding=right_direction and difference <= AMOUNT_ROUNDING,
                tables=FigureKey.parse(statement.topic).tables,
                amounts=(abs(change), _yuan(statement)),
                key=f"{statement.topic}|{statement.word}{statement.number.text}",
                subject=statement.topic_phrase,
                word=statement.word,
                stated=statement.number.text,
                current=self.fa(current),
                prior=self.fa(last_year),
                expected_word="增加" if change >= 0 else "减少",
                expected=self.fa(abs(change)),
            )
        )

    def check_growth(self, statement):
        current = self._current(statement.topic)
        stated_current = None  # this year's amount as the text states it, when the rate rests on it
        if current is None and statement.change is not None and statement.numerator is not None:
            stated_current = statement.numerator  # 机关运行经费 and the like: this year's amount as stated
            current = _yuan(stated_current)
        if current is None:
            return
        # a quantity the tables do not hold (机关运行经费) has no topic: last year's is worked back from the text
        last_year = self.prior(statement.topic) if statement.topic else None
        from_text = False  # last year's amount worked back from the text's own rounded figures
        if last_year is not None:
            basis = f"本年{self.fa(current)}万元、上年{self.fa(last_year)}万元"
        elif statement.change is not None and statement.change.direction:
            last_year = current - statement.change.direction * _yuan(statement.change)
            from_text = stated_current is not None
            basis = f"本年{self.fa(current)}万元、{statement.change.word}{statement.change.number.text}万元"
        else:
            return
        change = current - last_year
        if last_year == 0 and current != 0:
            self.report(
                statement,
                make_finding(
                    "N11",
                    [statement.place],
                    tables=FigureKey.parse(statement.topic).tables if statement.topic else (),
                    key=f"{statement.topic or statement.subject}|{statement.word}{statement.number.text}",
                    word=statement.word,
                    stated=statement.number.text,
                    basis=basis,
                )
            )
            return
        expected = ratio_percent(change, last_year)
        if expected is None:
            return
        right_direction = statement.direction == 0 or change == 0 or (change > 0) == (statement.direction > 0)
        rounding = self._percent_slip(statement, abs(expected))
        if right_direction and rounding is None:
            return
        if right_direction and from_text and growth_allowed(
            statement.number, current=stated_current.number, change=statement.change.number, direction=statement.change.direction
        ):
            self.expected_text.pop(id(statement), None)  # right as written: its format is judged on its own
            return  # the amounts the text states are rounded: the rate may rest on what they round from
        self.report(
            statement,
            make_finding(
                "N04",
                [statement.place],
                rounding=bool(right_direction and rounding),
                tables=FigureKey.parse(statement.topic).tables if statement.topic else (),
                key=f"{statement.topic or statement.subject}|{statement.word}{statement.number.text}",
                word=statement.word,
                stated=statement.number.text,
                basis=basis,
                expected_word="增长" if change >= 0 else "下降",
                expected=self.fp(abs(expected)),
            )
        )

    def check_completion(self, statement):
        if statement.budget is None or statement.final is None:
            return
        budget, final = _yuan(statement.budget), self.value_of(statement.final)
        expected = ratio_percent(final, budget)
        if expected is None:
            if final:
                self.report(statement, self._zero_budget_finding(statement, final))
            return
        rounding = self._percent_slip(statement, expected)
        if rounding is None:
            return
        tables = FigureKey.parse(statement.final.figure).tables if statement.final.figure else ()
        self.report(
            statement,
            make_finding(
                "N05",
                [statement.place],
                rounding=rounding,
                tables=tables,
                key=f"{statement.budget.number.text}|{statement.final.number.text}|{statement.number.text}",
                stated=statement.number.text,
                final=self.fa(final),
                budget=self.fa(budget),
                expected=self.fp(expected),
            )
        )

    def _zero_budget_finding(self, statement, final):
        which = statement.extra.get("budget_kind") or statement.budget.extra.get("budget_kind") or ""
        hint = ""
        for kind, other in statement.extra.get("other_budgets", {}).items():
            rate = ratio_percent(final, _yuan(other))
            if rate is not None and kind != which:
                hint = f"；按{kind or ''}预算{other.number.text}万元计算为{self.fp(rate)}%，应写明是完成{kind or ''}预算的比率"
                break
        return make_finding(
            "N12",
            [statement.place],
            key=f"{which}|{statement.budget.number.text}|{statement.number.text}",
            which=which,
            stated=statement.number.text,
            final=self.fa(final),
            hint=hint,
        )

    # -- parts a sentence lists ----------------------------------------------------------------
    def check_parts(self, key):
        """"其中：A x万元、B y万元……" must add up to the amount stated just before 其中 (parts.py)."""
        sums = ListSums(self.bodies[key], self.statements[key], year=self.year, wrong=self.wrong)
        for found in sums.mismatches():
            total, parts = found.total, found.parts
            self.findings.append(
                make_finding(
                    "N13",
                    [total.place, *(p.place for p in parts)],
                    rounding=found.difference <= AMOUNT_ROUNDING,
                    amounts=(total.number.value * TEN_THOUSAND, found.summed * TEN_THOUSAND),
                    key=f"{total.subject}|{total.number.text}|{'+'.join(p.number.text for p in parts)}",
                    subject=total.topic_phrase or total.subject,
                    stated=total.number.text,
                    parts="＋".join(p.number.text for p in parts),
                    summed=_plain(found.summed),
                )
            )

    # -- numbers without their unit ------------------------------------------------------------
    def check_units(self, key):
        body = self.bodies[key]
        slips, places = [], []
        for pattern, missing in ((_RATE_NO_SIGN, "%"), (_AMOUNT_NO_UNIT, "万元"), (_AMOUNT_NO_YUAN, "元")):
            for match in pattern.finditer(body):
                place = self._place(key, self.titles[key], match.start("n"), match.end("n"))
                slips.append(f"“{re.sub(r'\s+', '', match.group(0))}”缺少“{missing}”")
                places.append(place)
        if slips:
            order = sorted(range(len(places)), key=lambda i: places[i].start)
            self.findings.append(
                make_finding(
                    "N14",
                    [places[i] for i in order],
                    key=";".join(slips[i] for i in order),
                    items="；".join(slips[i] for i in order),
                )
            )

    def check_rate(self, statement):
        pass  # a percentage of something the tables do not hold: compared across the text and with the attachments

    # -- the same quantity twice ---------------------------------------------------------------
    def check_same_quantity(self):
        """One quantity (the same words, untied to a table) stated with different values:
        one finding for each value that differs from the first, listing every place it is written."""
        generic = generic_words()
        groups = {}
        for statements in self.statements.values():
            for statement in statements:
                if statement.figure or statement.topic or statement.kind not in (VALUE, CHANGE, RATE):
                    continue
                if _specific(statement.subject, generic):
                    key = (statement.number.kind, statement.kind, statement.subject)
                    groups.setdefault(key, []).append(statement)
        for (kind, _, subject), statements in groups.items():
            first, differing = statements[0], {}
            for statement in statements[1:]:
                a, b = first.number, statement.number
                coarse, fine = (a, b) if a.places <= b.places else (b, a)
                if not coarse.agrees_with(fine.value):
                    differing.setdefault(b.value, []).append(statement)
            limit = AMOUNT_ROUNDING if kind == AMOUNT else PERCENT_ROUNDING
            for value, others in differing.items():
                difference = abs(first.number.value - value)
                self.findings.append(
                    make_finding(
                        "N07",
                        [*(o.place for o in others), first.place],
                        rounding=difference <= limit if kind == AMOUNT else difference < limit,
                        key=f"{subject}|{first.number.text}|{others[0].number.text}",
                        subject=subject,
                        stated=others[0].number.written,
                        other_where=first.place.label,
                        other=first.number.written,
                    )
                )

    # -- the attachments (项目绩效自评表) ------------------------------------------------------
    def check_attachments(self):
        body = self.bodies.get(PERFORMANCE_SECTION)
        if not body or not self.attachments:
            return
        self._project_passages(body)
        self._indicators()

    def _project_passages(self, body):
        from ..performance.checks import narrative_amounts
        from ..performance.checks.context import CheckContext
        from ..performance.narrative import match_projects, narrative_projects

        projects = narrative_projects(body)
        by_evaluation = {id(e): p for p, e in match_projects(projects, self.attachments) if e is not None}
        title = self.titles[PERFORMANCE_SECTION]
        for finding in narrative_amounts.check(CheckContext(narrative=body, evaluations=self.attachments)):
            project = by_evaluation.get(id(finding.evaluation))
            places = []
            if project is not None:
                start = body.find(project.passage)
                for label, name, pattern in _PROJECT_FIGURES:
                    stated = getattr(project, name)
                    # the performance check names the figure it disagrees with: "执行数为360万元"
                    if stated is None or f"{label}为{stated.text}" not in finding.message:
                        continue
                    match = pattern.search(project.passage)
                    if match and start >= 0:
                        places.append(self._place(PERFORMANCE_SECTION, title, start + match.start("n"), start + match.end()))
            self.findings.append(
                make_finding(
                    "N08",
                    places,
                    key=finding.message,
                    detail=finding.message.removeprefix("情况说明"),
                )
            )

    def _indicators(self):
        rows = []
        for evaluation in self.attachments:
            indicators = getattr(evaluation, "indicator_rows", None)
            if indicators is None:
                indicators = list(evaluation.indicators.all()) if getattr(evaluation, "pk", None) else []
            name = getattr(evaluation, "project_name", "")
            rows.extend((name, indicator) for indicator in indicators)
        for statement in self.statements.get(PERFORMANCE_SECTION, ()):
            if statement.kind != RATE:
                continue
            subject = _NAME_NOISE.sub("", statement.subject)
            candidates = []
            for project, indicator in rows:
                actual = _PERCENT_VALUE.fullmatch(re.sub(r"\s+", "", indicator.actual or ""))
                if actual and _same_name(subject, indicator.level3):
                    candidates.append((project, indicator, Decimal(actual[1])))
            if not candidates:
                continue
            if any(statement.number.agrees_with(value) for _, _, value in candidates):
                project, indicator, value = next(c for c in candidates if statement.number.agrees_with(c[2]))
                self.expected_text[id(statement)] = self.fp(value)
                continue
            project, indicator, value = candidates[0]
            self.expected_text[id(statement)] = self.fp(value)
            self.report(
                statement,
                make_finding(
                    "N08",
                    [statement.place],
                    rounding=abs(statement.number.value - value) < PERCENT_ROUNDING,
                    key=f"{subject}|{statement.number.text}",
                    detail=f"写“{statement.subject}”为{statement.number.written}，附件《{project}》自评表"
                    f"“{indicator.level3}”实际完成值为{indicator.actual}（应为{self.fp(value)}%）",
                )
            )

    def _place(self, key, title, start, end):
        body = self.bodies[key]
        return Place(section=key, title=title, start=start, end=end, text=body[start:end], sentence=sentence_number(body, start))

    # -- format and wording --------------------------------------------------------------------
    def check_format(self, key):
        slips, places = [], []
        for statement in self.statements[key]:
            number = statement.number
            if number.kind == AMOUNT and self.fmt.amounts_as_printed:
                if not number.breaks_format_of(self.fmt):
                    continue
                expected = number.text.replace(",", "").replace("，", "")
            else:
                expected = self.expected_text.get(id(statement)) or number.canonical(fmt=self.fmt)
                if number.text == expected and not number.breaks_format_of(self.fmt):
                    continue
            if id(statement) in self.wrong:
                continue  # a wrong value, reported as such; its format is beside the point
            slips.append(f"“{number.written}”应为“{expected}{number.unit}”")
            places.append(statement.place)
        if slips:
            self.findings.append(
                make_finding("N06", places, key=";".join(slips), items="；".join(slips), rule=format_rule_text(self.fmt))
            )

    def check_wording(self, key):
        body = self.bodies[key]
        for match in _YEAR_END.finditer(body):
            if int(match[1]) != self.year:
                place = self._place(key, self.titles[key], match.start(), match.end())
                expected = f"{self.year}年12月31日"
                self.findings.append(
                    make_finding("N09", [place], key=match.group(0), stated=re.sub(r"\s+", "", match.group(0)), year=self.year, expected=expected)
                )
        for pattern, detail in wording_patterns():
            for match in pattern.finditer(body):
                place = self._place(key, self.titles[key], match.start(), match.end())
                text = match.group(0)
                self.findings.append(make_finding("N10", [place], key=f"{detail}|{text}", detail=detail.format(text=text)))



def _normalise_name(name):
    return re.sub(r"[\s()（）]", "", name or "")


def _same_name(subject, indicator):
    from difflib import SequenceMatcher

    a, b = _normalise_name(subject), _normalise_name(indicator)
    if not a or not b:
        return False
    return a == b or SequenceMatcher(None, a, b).ratio() >= 0.85


def _specific(subject, generic):
    words, min_chars = generic
    text = subject
    for word in (*joiner_words(), *sorted(words, key=len, reverse=True)):
        text = text.replace(word, "")
    return len(re.sub(r"[\s\d，,。；;：:、（）()“”]", "", text)) >= min_chars


def narrative_check(*, sections, tables, prior=None, year, attachments=None, profile=None):
    """Findings for the explanation text: {section key: body} against the year's tables.

    prior: last year's nine tables ({number: TableData}) or its totals entered by hand
    ({"total": 元, "fiscal_total": 元}); attachments: the project self-evaluations;
    profile: the region profile (disclosures.regions) whose number format and section titles
    apply, the default profile's when None.
    """
    return _Check(
        sections=sections, tables=tables, prior=prior, year=year, attachments=attachments, profile=profile
    ).run()
