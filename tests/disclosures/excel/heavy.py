"""Heavy but legal workbooks: a real workbook with many big extra sheets, small when zipped.

The attack of issue 16 point 5: the sample plus 24 sheets of 7,659 rows × 26 numbers
(there 2.3 MB zipped, 96 MB unzipped; here about 1.2 MB and 83 MB, ratio 66), under
every size check of container.py. The sheet XML is written directly (openpyxl would
take a minute).
"""

import io
import zipfile

from openpyxl.utils import get_column_letter

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
SHEET_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"


def sheet_xml(rows, columns, *, dimension=True):
    """A worksheet of rows × columns numbers; `dimension=False` leaves the <dimension> out (it is only a hint)."""
    last = get_column_letter(columns)
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}" xmlns:r="{REL}">']
    if dimension:
        out.append(f'<dimension ref="A1:{last}{rows}"/>')
    out.append("<sheetData>")
    for r in range(1, rows + 1):
        # No r="A1" references (they are optional): rows of short numbers, as the attack had.
        out.append("<row>" + "".join(f"<c><v>{(r + c) % 1000}</v></c>" for c in range(columns)) + "</row>")
    out.append("</sheetData></worksheet>")
    return "".join(out).encode()


def with_extra_sheets(data, *, sheets, rows, columns, dimension=True):
    """The workbook `data` with `sheets` extra worksheets of rows × columns numbers each."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = {info.filename: source.read(info.filename) for info in source.infolist()}
    workbook = parts["xl/workbook.xml"].decode()
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    types = parts["[Content_Types].xml"].decode()
    body = sheet_xml(rows, columns, dimension=dimension)
    first = 1 + sum(1 for name in parts if name.startswith("xl/worksheets/sheet"))
    new_sheets, new_rels, new_types = [], [], []
    for n in range(first, first + sheets):
        parts[f"xl/worksheets/sheet{n}.xml"] = body
        new_sheets.append(f'<sheet name="附加{n}" sheetId="{n + 100}" r:id="rIdHeavy{n}"/>')
        new_rels.append(f'<Relationship Id="rIdHeavy{n}" Type="{SHEET_REL}" Target="worksheets/sheet{n}.xml"/>')
        new_types.append(f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{SHEET_TYPE}"/>')
    if 'xmlns:r="' not in workbook.split("<sheets", 1)[0]:
        raise ValueError("the workbook part does not declare the relationships namespace as r")
    parts["xl/workbook.xml"] = workbook.replace("</sheets>", "".join(new_sheets) + "</sheets>").encode()
    parts["xl/_rels/workbook.xml.rels"] = rels.replace("</Relationships>", "".join(new_rels) + "</Relationships>").encode()
    parts["[Content_Types].xml"] = types.replace("</Types>", "".join(new_types) + "</Types>").encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def attack_workbook(data):
    """Issue 16's workbook: `data` plus 24 sheets of 7,659 × 26 numbers."""
    return with_extra_sheets(data, sheets=24, rows=7659, columns=26)
