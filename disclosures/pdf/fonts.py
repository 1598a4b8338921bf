"""The PDF's fonts: Noto CJK SC cut down to the characters reports use, built once per install.

The full Noto CJK collections are 20-27 MB each and hold 65,535 glyphs; WeasyPrint copies
the whole collection of every face it embeds into memory and subsets it again on every
render. A subset with GB 2312, the punctuation and symbol blocks, and every character of
the portal's own fixed texts (templates, table descriptions, code lists, checklist, demo)
is 3-5 MB. `python manage.py build_pdf_fonts` (run by `make install`) writes the three
faces the PDF uses into settings.PDF_FONT_DIR; until then the PDF uses the full fonts.

No glyph can go missing: pdf.css names the full family after each subset family, so a
character outside the subset (a rare character in a name, say) is taken from the full font.
"""

import hashlib
import json
import logging
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from weasyprint.text.fonts import FontConfiguration

logger = logging.getLogger(__name__)

MANIFEST = "manifest.json"
FORMAT = 1  # bump when the way subsets are made changes


@dataclass(frozen=True)
class Face:
    family: str  # of the full font, as fontconfig knows it
    weight: int
    file_name: str  # the Noto CJK collection holding it
    subset_family: str
    subset_file: str

    def rule(self, path):
        return (
            f'@font-face {{ font-family: "{self.subset_family}"; font-weight: {self.weight}; '
            f'src: url("{path.as_uri()}"); }}\n'
        )


FACES = (
    Face("Noto Serif CJK SC", 400, "NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC GB", "NotoSerifCJKscGB-Regular.otf"),
    Face("Noto Sans CJK SC", 400, "NotoSansCJK-Regular.ttc", "Noto Sans CJK SC GB", "NotoSansCJKscGB-Regular.otf"),
    Face("Noto Sans CJK SC", 700, "NotoSansCJK-Bold.ttc", "Noto Sans CJK SC GB", "NotoSansCJKscGB-Bold.otf"),
)
FONT_DIRS = ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/noto-cjk", "/usr/share/fonts/google-noto-cjk")

# Blocks kept whole besides GB 2312: Latin, punctuation, letterlike symbols (℃ №), number
# forms (Ⅳ), arrows, mathematical operators, enclosed numbers (①), box drawing, CJK
# symbols and punctuation, enclosed CJK (㈠), half- and full-width forms.
BLOCKS = (
    (0x0020, 0x024F),
    (0x2000, 0x206F),
    (0x2100, 0x22FF),
    (0x2460, 0x25FF),
    (0x3000, 0x303F),
    (0x3200, 0x32FF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF),
)
# The portal's own fixed texts, relative to BASE_DIR.
TEXT_SOURCES = (
    "templates/pdf",
    "templates/disclosures",
    "disclosures/tables",
    "disclosures/data",
    "disclosures/reference_data",
    "disclosures/performance/templates_data",
    "disclosures/demo",
    "reviews/checklist_data",
)
TEXT_SUFFIXES = {".html", ".css", ".toml", ".json", ".csv", ".txt"}


def font_dir():
    return Path(settings.PDF_FONT_DIR)


def gb2312_characters():
    chars = set()
    for first in range(0xA1, 0xF8):
        for second in range(0xA1, 0xFF):
            try:
                chars.add(bytes((first, second)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def project_characters():
    base = Path(settings.BASE_DIR)
    chars = set()
    for source in TEXT_SOURCES:
        for path in sorted((base / source).rglob("*")):
            if path.suffix in TEXT_SUFFIXES and path.is_file():
                chars.update(path.read_text("utf-8", errors="ignore"))
    return chars


def subset_characters():
    chars = gb2312_characters() | project_characters()
    for start, end in BLOCKS:
        chars.update(map(chr, range(start, end + 1)))
    return {c for c in chars if unicodedata.category(c) not in ("Cc", "Cs")}


def source_font(face):
    """(path, index in the collection) of a full face, as fontconfig finds it."""
    if shutil.which("fc-match"):
        weight = "bold" if face.weight >= 700 else "regular"
        result = subprocess.run(
            ["fc-match", "-f", "%{file}\n%{index}\n%{family}", f"{face.family}:{weight}"],
            capture_output=True,
            text=True,
            check=False,
        )
        lines = result.stdout.split("\n")
        if result.returncode == 0 and len(lines) == 3 and face.family in lines[2].split(","):
            return Path(lines[0]), int(lines[1])
    for directory in FONT_DIRS:
        path = Path(directory) / face.file_name
        if path.exists():
            return path, _index_in_collection(path, face.family)
    raise FileNotFoundError(f"{face.family} ({face.file_name}) is not installed (Debian: fonts-noto-cjk)")


def _index_in_collection(path, family):
    from fontTools.ttLib import TTCollection

    for index, font in enumerate(TTCollection(path, lazy=True).fonts):
        if font["name"].getDebugName(1).startswith(family):
            return index
    raise LookupError(f"{family} not in {path}")


def _source_key(path):
    stat = path.stat()
    return {"path": str(path), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def _wanted_manifest(chars):
    from fontTools import version as fonttools_version

    faces = {}
    for face in FACES:
        path, index = source_font(face)
        faces[face.subset_file] = {**_source_key(path), "index": index}
    digest = hashlib.sha256("".join(sorted(chars)).encode()).hexdigest()
    return {"format": FORMAT, "fonttools": fonttools_version, "characters": digest, "faces": faces}


def _subset(source, index, chars, face):
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(source, fontNumber=index, lazy=True)
    options = subset.Options()
    options.layout_features = ["*"]  # tnum for the amount columns, vert, locl, …
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes={ord(c) for c in chars})
    subsetter.subset(font)
    # Its own family name, so fontconfig never takes the subset for the full font.
    postscript_old = face.family.replace(" ", "").replace("CJKSC", "CJKsc")
    postscript_new = face.subset_family.replace(" ", "").replace("CJKSCGB", "CJKscGB")
    for record in font["name"].names:
        if record.nameID in (1, 3, 4, 6, 16):
            text = record.toUnicode()
            text = text.replace(face.family, face.subset_family).replace(postscript_old, postscript_new)
            record.string = text
    return font


def build_fonts(directory=None, *, chars=None, force=False):
    """Write the subset faces and their manifest into directory; returns True when it built them.

    Nothing is done when the manifest says they were made from the same fonts and characters.
    Files are written under temporary names and renamed, so a reader never sees half a font.
    """
    directory = Path(directory or font_dir())
    chars = subset_characters() if chars is None else set(chars)
    wanted = _wanted_manifest(chars)
    manifest_path = directory / MANIFEST
    if not force and manifest_path.exists():
        try:
            if json.loads(manifest_path.read_text()) == wanted and all(
                (directory / name).exists() for name in wanted["faces"]
            ):
                return False
        except ValueError:
            pass
    directory.mkdir(parents=True, exist_ok=True)
    for face in FACES:
        source = wanted["faces"][face.subset_file]
        font = _subset(source["path"], source["index"], chars, face)
        partial = directory / (face.subset_file + ".part")
        font.save(partial)
        partial.replace(directory / face.subset_file)
    partial = directory / (MANIFEST + ".part")
    partial.write_text(json.dumps(wanted, indent=1))
    partial.replace(manifest_path)
    return True


def built_faces(directory=None):
    """{Face: path} of the subset faces in directory when all are there, else {}."""
    directory = Path(directory or font_dir())
    try:
        manifest = json.loads((directory / MANIFEST).read_text())
    except (OSError, ValueError):
        return {}
    if manifest.get("format") != FORMAT:
        return {}
    paths = {face: directory / face.subset_file for face in FACES}
    if set(manifest.get("faces", {})) != {face.subset_file for face in FACES} or not all(
        path.exists() for path in paths.values()
    ):
        return {}
    return paths


def font_face_rules(directory=None):
    """@font-face rules for the subset faces, '' when they are not built (the full fonts are used)."""
    faces = built_faces(directory)
    if not faces:
        logger.warning(
            "PDF fonts not built in %s: rendering with the full Noto CJK fonts (slower, more memory). "
            "Run `python manage.py build_pdf_fonts`.",
            directory or font_dir(),
        )
        return ""
    return "".join(face.rule(path) for face, path in faces.items())


def font_configuration():
    return FontConfiguration()
