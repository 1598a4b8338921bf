"""What is wrong with an uploaded workbook, one message per problem, in Chinese."""

from dataclasses import dataclass

UNSAFE_XML = "文件含有不安全的 XML 内容（实体或文档类型定义），已拒绝"
DAMAGED = "文件已损坏或不是 Excel 工作簿（.xlsx），无法读取"


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
