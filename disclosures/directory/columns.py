"""The directory's columns, in the order of the template, with the headers each is known by."""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    key: str
    title: str  # as the template prints it and the messages name it
    aliases: tuple = ()
    required: bool = False


COLUMNS = (
    Column("code", "单位代码", ("单位编码", "部门代码", "部门编码", "预算单位代码", "预算单位编码"), required=True),
    Column("name", "单位名称", ("部门名称", "预算单位名称"), required=True),
    Column("parent_code", "上级单位代码", ("上级单位编码", "上级代码", "上级部门代码", "主管部门代码", "主管部门编码")),
    Column("region_code", "区划代码", ("行政区划代码", "区划编码", "行政区划编码")),
    Column("region_name", "区划名称", ("行政区划名称", "区域名称")),
    Column("unit_type", "单位类型", ("单位性质",)),
    Column("primary_unit", "是否一级预算单位", ("一级预算单位", "是否一级单位", "一级单位")),
    Column("contact_name", "联系人", ("联系人姓名",)),
    Column("contact_phone", "电话", ("联系电话", "电话号码", "手机", "联系方式")),
    Column("contact_email", "电子邮箱", ("邮箱", "电子邮件", "email", "e-mail", "电子信箱")),
)
# One column holding both, e.g. "420114 蔡甸区" or "420114/蔡甸区".
REGION_BOTH = Column("region", "区划代码/名称", ("区划代码/名称", "区划代码及名称", "区划", "行政区划"))
BY_KEY = {column.key: column for column in (*COLUMNS, REGION_BOTH)}

# Remarks a template adds to a header: a leading *, “（必填）”, “(行政/事业)”.
_REMARK = re.compile(r"[（(][^）)]*[）)]")


def header_key(text):
    """The column key a header cell names, or None."""
    plain = _REMARK.sub("", "".join(str(text or "").split())).strip("*＊:：").lower()
    if not plain:
        return None
    for column in (*COLUMNS, REGION_BOTH):
        if plain in (column.title.lower(), *(a.lower() for a in column.aliases)):
            return column.key
    return None
