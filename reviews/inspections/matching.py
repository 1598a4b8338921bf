"""Which of the region's departments a published PDF is: by the names the document prints.

The names tried, in order: the 编制单位 its tables print, the name its cover's title gives
(“…2024年度部门决算”), and the file's name. A name that is exactly a department's name or
one of its other names (Department.aliases) is sure, and so is one that differs from it only by
the name of the department's region or a region above it (“上海市普陀区…” for “普陀区…”).
Anything else is a proposal the reviewer confirms: the department whose name the document's
names hold, or are held by, or resemble most. With none close enough, no department.
"""

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

from ..models import MatchState

MIN_SIMILARITY = 0.6
_YEAR_TAIL = re.compile(r"(?:20\d{2}年度?)?(?:部门|单位)?(?:决算|预算).*$")
_FILE_NOISE = re.compile(r"(?:\.pdf$|20\d{2}年度?|部门决算|单位决算|决算公开|公开|决算|[（(]?\d+[)）]?$)")


@dataclass(frozen=True)
class Match:
    department: object  # disclosures.models.Department or None
    state: str  # MatchState
    note: str


def normalised(name):
    text = unicodedata.normalize("NFKC", name or "")
    text = re.sub(r"[\s\"'“”‘’《》〈〉「」【】]", "", text)
    return text.replace("(", "（").replace(")", "）")


def title_name(title):
    """The department's name a cover's title gives: “XX局2024年度部门决算” → “XX局”."""
    return _YEAR_TAIL.sub("", normalised(title))


def file_name_name(name):
    return _FILE_NOISE.sub("", normalised(name))


def _region_names(department):
    names, region = [], department.region
    while region is not None:
        names.append(normalised(region.name))
        region = region.parent
    return names


def _department_names(department):
    return [normalised(n) for n in (department.name, *department.alias_list()) if n]


def _same_but_region(name, department):
    """Whether `name` and the department's name differ only by region names before them."""
    regions = _region_names(department)
    if not regions:
        return False

    def stripped(text):
        changed = True
        while changed:
            changed = False
            for region in regions:
                if region and text.startswith(region) and len(text) > len(region):
                    text, changed = text[len(region) :], True
        return text

    return any(stripped(name) == stripped(own) for own in _department_names(department))


def _similarity(name, department):
    best = 0.0
    for own in _department_names(department):
        if not own or not name:
            continue
        if own in name or name in own:
            best = max(best, 0.8 + 0.2 * min(len(own), len(name)) / max(len(own), len(name)))
        else:
            best = max(best, SequenceMatcher(None, name, own).ratio())
    return best


def department_match(*, departments, department_name="", title="", file_name=""):
    """The Match of a document among `departments` (the region's, a list)."""
    names = [n for n in (normalised(department_name), title_name(title), file_name_name(file_name)) if len(n) >= 2]
    if not names:
        return Match(None, MatchState.NONE, "未读出单位名称，请选择部门")
    for name in names:
        exact = [d for d in departments if name in _department_names(d)]
        if len(exact) == 1:
            return Match(exact[0], MatchState.SURE, f"与部门名称“{name}”一致")
        near = [d for d in departments if _same_but_region(name, d)]
        if len(near) == 1:
            return Match(near[0], MatchState.SURE, f"“{name}”与部门名称只差区域名称")
    scored = sorted(((max(_similarity(n, d) for n in names), d.pk, d) for d in departments), key=lambda s: (-s[0], s[1]))
    if not scored or scored[0][0] < MIN_SIMILARITY:
        return Match(None, MatchState.NONE, f"没有与“{names[0]}”相近的部门，请选择")
    score, _, best = scored[0]
    close = [d for s, _, d in scored[1:] if score - s < 0.05]
    note = f"文件中的单位名称为“{names[0]}”，与“{best.name}”相近，请确认"
    if close:
        note += "（相近的还有" + "、".join(d.name for d in close[:3]) + "）"
    return Match(best, MatchState.PROPOSED, note[:255])
