"""Checks on the uploaded file itself, made before any spreadsheet parser sees it.

An upload is untrusted: it may be an old .xls, a password-protected file (an
encrypted OOXML package is an OLE compound file, not a zip), something else
entirely, or a zip crafted to expand to gigabytes. Sizes declared in the zip
directory are checked here; Python's zipfile never inflates an entry past its
declared size, so the declared total bounds what openpyxl can ever read.
"""

import zipfile
from io import BytesIO

from .problems import Problem, WorkbookError

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_ENTRIES = 1000
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_RATIO = 200  # a single large entry expanding more than this is refused

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
REQUIRED_PARTS = ("[Content_Types].xml",)


def max_upload_bytes():
    try:
        from django.conf import settings

        return getattr(settings, "IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)
    except Exception:  # settings not configured (a plain script)
        return DEFAULT_MAX_BYTES


def _megabytes(size):
    return f"{size / (1024 * 1024):.1f} MB"


def read_upload(fileobj, *, limit=None):
    """The upload's bytes, reading at most one byte past the limit."""
    limit = limit or max_upload_bytes()
    if hasattr(fileobj, "seek"):
        try:
            fileobj.seek(0)
        except OSError:
            pass
    data = fileobj.read(limit + 1)
    if len(data) > limit:
        raise WorkbookError([Problem(message=f"文件超过大小上限 {_megabytes(limit)}，请只保留九张公开表后再上传")])
    return data


def open_package(data, *, filename=""):
    """A ZipFile over the bytes once they are known to be a sane .xlsx package."""
    name = (filename or "").lower()
    if not data:
        raise WorkbookError([Problem(message="文件是空的")])
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_PACKAGE in data:
            raise WorkbookError([Problem(message="文件设置了打开密码（已加密），无法读取；请在 Excel 中取消密码后另存为 .xlsx 再上传")])
        raise WorkbookError([Problem(message="这是旧版 Excel 97-2003 工作簿（.xls），请在 Excel 中另存为 .xlsx 后再上传")])
    if not data.startswith(ZIP_MAGIC):
        hint = "（.xls 文件请另存为 .xlsx）" if name.endswith(".xls") else ""
        raise WorkbookError([Problem(message=f"文件不是 Excel 工作簿（.xlsx）{hint}，请上传 .xlsx 文件")])
    try:
        package = zipfile.ZipFile(BytesIO(data))
        entries = package.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError):  # e.g. "zip file version 16.6"
        raise WorkbookError([Problem(message="文件已损坏或不是 Excel 工作簿（.xlsx），无法打开")]) from None
    if len(entries) > MAX_ENTRIES:
        raise WorkbookError([Problem(message=f"文件包含 {len(entries)} 个部件，超过上限 {MAX_ENTRIES}，疑似压缩炸弹，已拒绝")])
    total = sum(entry.file_size for entry in entries)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise WorkbookError(
            [Problem(message=f"文件解压后达 {_megabytes(total)}，超过上限 {_megabytes(MAX_UNCOMPRESSED_BYTES)}，疑似压缩炸弹，已拒绝")]
        )
    for entry in entries:
        if entry.file_size > 1024 * 1024 and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            raise WorkbookError([Problem(message=f"文件中的“{entry.filename}”压缩比异常，疑似压缩炸弹，已拒绝")])
        if entry.flag_bits & 0x1:
            raise WorkbookError([Problem(message="文件设置了密码（已加密），无法读取；请取消密码后再上传")])
    names = {entry.filename for entry in entries}
    if any(part not in names for part in REQUIRED_PARTS) or not any(n.startswith("xl/workbook") for n in names):
        raise WorkbookError([Problem(message="文件不是 Excel 工作簿（.xlsx），请上传 .xlsx 文件（WPS、LibreOffice 文件请另存为 .xlsx）")])
    return package
