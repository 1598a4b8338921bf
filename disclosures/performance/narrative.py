"""What the text 十三、预算绩效情况说明 says about each project: its name and, near it,
预算数 / 执行数 / 完成预算的 X%. Seed 001 writes one paragraph a project:

    3. 2024年度社保扶贫资金项目绩效自评综述：项目全年预算数为360万元，执行数为360万元，完成预算的100%。
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from ..narrative.numbers import Stated

_PASSAGE = re.compile(r"(?P<name>[^\n。：:；;]{2,80}?)项目(?:绩效)?自评(?:综述|结果|情况)[：:](?P<body>[^\n]*)")
_NUMBERING = re.compile(r"^\s*(?:[（(]?\d+[)）.、．]|[一二三四五六七八九十]+[、.．])\s*")
_YEAR = re.compile(r"^\s*\d{4}\s*年度?\s*")
_NUMBER = r"(?P<n>\d[\d,，]*(?:\.\d+)?)"
_BUDGET = re.compile(rf"预算(?:数|金额)?(?:为|是)?\s*{_NUMBER}\s*万元")
_EXECUTED = re.compile(rf"执行(?:数|金额)?(?:为|是)?\s*{_NUMBER}\s*万元")
_RATE = re.compile(rf"(?:完成预算的|执行率(?:为|是)?)\s*{_NUMBER}\s*[%％]")
MATCH_RATIO = 0.6


@dataclass(frozen=True)
class NarrativeProject:
    name: str
    passage: str
    budget: Stated | None
    executed: Stated | None
    rate: Stated | None


def _stated(pattern, text):
    match = pattern.search(text)
    return Stated(match["n"]) if match else None


def normalise(name):
    return re.sub(r"\s+", "", name or "")


def narrative_projects(text):
    projects = []
    for match in _PASSAGE.finditer(text or ""):
        name = _YEAR.sub("", _NUMBERING.sub("", match["name"])).strip()
        body = match["body"]
        projects.append(
            NarrativeProject(
                name=name,
                passage=match.group(0).strip(),
                budget=_stated(_BUDGET, body),
                executed=_stated(_EXECUTED, body),
                rate=_stated(_RATE, body),
            )
        )
    return projects


def similarity(a, b):
    return SequenceMatcher(None, normalise(a), normalise(b)).ratio()


def match_projects(projects, evaluations):
    """[(NarrativeProject, evaluation or None)]: each passage with the table it speaks of —
    the same name, else the most similar name (ratio ≥ 0.6), each table used once."""
    pairs = sorted(
        ((similarity(p.name, e.project_name), i, j) for i, p in enumerate(projects) for j, e in enumerate(evaluations)),
        reverse=True,
    )
    chosen, used = {}, set()
    for ratio, i, j in pairs:
        if ratio < MATCH_RATIO or i in chosen or j in used:
            continue
        chosen[i] = evaluations[j]
        used.add(j)
    return [(p, chosen.get(i)) for i, p in enumerate(projects)]
