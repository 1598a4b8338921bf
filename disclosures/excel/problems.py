"""What is wrong with an uploaded workbook, one message per problem, in Chinese."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    sheet: str = ""
    cell: str = ""
    message: str = ""

    def __str__(self):
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}：{self.message}"
        if self.sheet:
            return f"{self.sheet}：{self.message}"
        return self.message


class WorkbookError(ValueError):
    """The workbook cannot be imported; `problems` lists every reason found."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
