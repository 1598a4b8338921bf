"""Directory files for the tests: real .xlsx (openpyxl) and .csv bytes."""

import csv
import io

from openpyxl import Workbook

HEADER = ["单位代码", "单位名称", "上级单位代码", "区划代码", "区划名称", "单位类型", "是否一级预算单位", "联系人", "电话", "电子邮箱"]


def unit(code, name, parent="", region="420114", region_name="蔡甸区", kind="行政", primary=None, contact="王敏",
         phone="027-84941001", email=None):
    primary = ("否" if parent else "是") if primary is None else primary
    return [code, name, parent, region, region_name, kind, primary, contact, phone, email if email is not None else f"{code}@caidian.example.org"]


def xlsx(rows, *, header=HEADER, title="单位目录", before=()):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for line in before:
        sheet.append(line)
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, *, header=HEADER, encoding="utf-8-sig"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def upload(data, name):
    buffer = io.BytesIO(data)
    buffer.name = name
    return buffer


def many_units(count, *, region="420114", region_name="蔡甸区", prefix="4201140"):
    """`count` units: every tenth a 主管部门, the others its units, each with a contact."""
    rows, parent = [], ""
    for n in range(1, count + 1):
        code = f"{prefix}{n:05d}"
        if n % 10 == 1:
            parent = code
            rows.append(unit(code, f"蔡甸区测试局{n}", region=region, region_name=region_name, contact=f"联系人{n}"))
        else:
            rows.append(unit(code, f"蔡甸区测试局{parent[-5:]}下属单位{n}", parent=parent, region=region,
                             region_name=region_name, kind="事业", contact=f"联系人{n}"))
    return rows
