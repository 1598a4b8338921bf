"""第五部分 名词解释 read back: the numbered entries (“1. 术语” then its explanation) of the part's
running text. Entries are numbered 1, 2, 3 … as the portal prints them; a line starting with another
number belongs to the explanation it is in."""

import re
from dataclasses import dataclass

GLOSSARY_TERM = re.compile(r"^(\d{1,3})\.\s*(.+)$")


@dataclass(frozen=True)
class GlossaryRead:
    position: int
    term: str
    definition: str


def glossary_entries(text):
    """[GlossaryRead] of the part's text, in order."""
    entries, current, lines = [], None, []

    def close():
        if current is not None:
            entries.append(GlossaryRead(current[0], current[1], "\n".join(lines).strip()))

    for line in (text or "").split("\n"):
        match = GLOSSARY_TERM.match(line.strip())
        if match and int(match.group(1)) == (current[0] + 1 if current else 1):
            close()
            current, lines = (int(match.group(1)), match.group(2).strip()), []
        elif current is not None:
            lines.append(line.strip())
    close()
    return entries
