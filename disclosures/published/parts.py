"""The parts of a published disclosure, found by their headings (第一部分 … 第六部分) and the contents.

The contents (目录) lists every part heading before the parts themselves: it runs from its
“目录” line to the first heading met a second time. Which part a heading opens is told by its
words (概况, 决算表, 情况说明, 重点工作, 名词解释, 附件), not by its number: regions number them
differently (Shanghai's 第四部分 is 名词解释).
"""

import re
from dataclasses import dataclass, field

from .pages import Grid

CONTENTS, COVER = "contents", "cover"
OVERVIEW, TABLES, EXPLANATION, KEY_WORK, GLOSSARY, ATTACHMENTS, OTHER = (
    "overview",
    "tables",
    "explanation",
    "key_work",
    "glossary",
    "attachments",
    "other",
)
# (key, words in the heading), the first that matches decides
PART_WORDS = (
    (GLOSSARY, ("名词解释",)),
    (ATTACHMENTS, ("附件",)),
    (KEY_WORK, ("重点工作",)),
    (OVERVIEW, ("概况",)),
    (EXPLANATION, ("情况说明", "决算说明", "情况")),
    (TABLES, ("决算表", "公开表")),
)
PART_NAMES = {
    CONTENTS: "目录",
    OVERVIEW: "概况",
    TABLES: "决算表",
    EXPLANATION: "情况说明",
    KEY_WORK: "重点工作完成情况",
    GLOSSARY: "名词解释",
    ATTACHMENTS: "附件",
}
_HEADING = re.compile(r"^第([一二三四五六七八九十]+)部分")
_CONTENTS_ENTRY = re.compile(r"(?:[.…·．]{3,}|\s)\d+$")
_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.、])")
_CONTENTS_TITLE = "目录"


def squeeze(text):
    return re.sub(r"\s+", "", text or "")


@dataclass
class Part:
    key: str
    title: str
    items: list = field(default_factory=list)  # Lines and Grids in reading order
    heading_page: int = 0

    @property
    def name(self):
        return PART_NAMES.get(self.key, self.title)

    @property
    def pages(self):
        return sorted({item.page for item in self.items} | ({self.heading_page} if self.heading_page else set()))

    @property
    def lines(self):
        return [item for item in self.items if not isinstance(item, Grid)]

    @property
    def grids(self):
        return [item for item in self.items if isinstance(item, Grid)]


def part_key(title):
    words = squeeze(_HEADING.sub("", squeeze(title)))
    for key, markers in PART_WORDS:
        if any(marker in words for marker in markers):
            return key
    return OTHER


def _flow(pages):
    return [item for page in pages for item in page.items]


def _is_heading(item):
    return not isinstance(item, Grid) and bool(_HEADING.match(squeeze(item.text)))


def _continues(heading, line):
    """A heading's next line that carries on its words (“…部门决算情况” / “说明”)."""
    return (
        not isinstance(line, Grid)
        and line.page == heading.page
        and line.font == heading.font
        and abs(line.size - heading.size) < 0.3
        and line.top - heading.bottom < 1.5 * heading.size
        and not _HEADING.match(squeeze(line.text))
        and not _NUMBERED.match(squeeze(line.text))
    )


def document_parts(pages):
    """[Part] in document order: the cover (what comes before the contents or the first part),
    the contents when there is one, then each part under its heading."""
    flow = _flow(pages)
    contents_at = next((i for i, item in enumerate(flow) if not isinstance(item, Grid) and squeeze(item.text) == _CONTENTS_TITLE), None)
    headings = []  # (index in flow, last index of the heading's lines, title)
    i = 0
    while i < len(flow):
        item = flow[i]
        if _is_heading(item):
            title, end = item.text, i
            while end + 1 < len(flow) and _continues(item, flow[end + 1]):
                end += 1
                title += flow[end].text
            headings.append((i, end, title))
            i = end + 1
            continue
        i += 1
    body_start = 0
    if contents_at is not None:
        seen, body_start = set(), None
        for start, _, title in headings:
            if start < contents_at:
                continue
            key = _HEADING.match(squeeze(title)).group(1)
            if key in seen:
                body_start = start
                break
            seen.add(key)
        if body_start is None:  # no heading repeated: the contents is its page and what lists like it
            entries = [h for h in headings if h[0] > contents_at and _CONTENTS_ENTRY.search(h[2].strip())]
            last_entry = entries[-1][1] if entries else contents_at
            body_start = next((h[0] for h in headings if h[0] > last_entry), len(flow))
    body = [h for h in headings if h[0] >= body_start]
    parts = []
    first = body[0][0] if body else len(flow)
    if contents_at is not None:
        if contents_at > 0:
            parts.append(Part(key=COVER, title="封面", items=flow[:contents_at]))
        parts.append(Part(key=CONTENTS, title=_CONTENTS_TITLE, items=flow[contents_at + 1 : body_start], heading_page=flow[contents_at].page))
    elif first > 0:
        parts.append(Part(key=COVER, title="封面", items=flow[:first]))
    for n, (start, end, title) in enumerate(body):
        stop = body[n + 1][0] if n + 1 < len(body) else len(flow)
        parts.append(Part(key=part_key(title), title=re.sub(r"\s+", " ", title).strip(), items=flow[end + 1 : stop], heading_page=flow[start].page))
    return parts
