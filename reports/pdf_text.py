"""Text a person typed, made into Paragraph markup that shows in any script the fonts cover.

Every character gets a font of its own (DejaVu Sans first; Noto Sans Arabic, Hebrew,
Devanagari and Thai for their scripts; WenQuanYi Micro Hei for Chinese, Japanese and
Korean), so one paragraph may mix scripts. A character no font has becomes MARKER,
never an empty box. Right-to-left runs are put in display order word by word with the
Unicode bidi algorithm (python-bidi), and ReportLab shapes Arabic, Hebrew, Devanagari
and Thai with HarfBuzz (uharfbuzz), one font at a time (see shape_by_font).
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from bidi import algorithm as bidi
from bidi.mirror import MIRRORED
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import ShapedFragWord, ShapedStr, TTFont, makeShapedFragWord
from reportlab.platypus import paragraph as rl_paragraph

_ORIGINAL_TO_UNICODE = ttfonts.makeToUnicodeCMap

FONT_DIR = Path(__file__).resolve().parent / "fonts"
MARKER = "\N{REPLACEMENT CHARACTER}"  # in DejaVu Sans; shown for a character no font has
FONTS_NOTE = (
    "Text is printed as people typed it, in DejaVu Sans with Noto Sans Arabic, Hebrew, Devanagari and Thai and "
    "WenQuanYi Micro Hei for Chinese, Japanese and Korean. A character none of these fonts has (an emoji, a "
    f"private-use sign) is printed as {MARKER}.")


@dataclass(frozen=True)
class Face:
    """One font family: its ReportLab name, files, the scripts it is preferred for, whether it is shaped."""

    name: str
    regular: str
    bold: str
    italic: str
    bold_italic: str
    ranges: tuple[tuple[int, int], ...] = ()
    shaped: bool = False
    rtl: bool = False


PRIMARY = Face("DejaVuSans", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf",
               "DejaVuSans-BoldOblique.ttf")
FALLBACKS = (
    Face("NotoSansArabic", "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf", "NotoSansArabic-Regular.ttf",
         "NotoSansArabic-Bold.ttf", ((0x0600, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)), shaped=True, rtl=True),
    Face("NotoSansHebrew", "NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf", "NotoSansHebrew-Regular.ttf",
         "NotoSansHebrew-Bold.ttf", ((0x0590, 0x05FF), (0xFB1D, 0xFB4F)), shaped=True, rtl=True),
    Face("NotoSansDevanagari", "NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Bold.ttf",
         "NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Bold.ttf", ((0x0900, 0x097F), (0xA8E0, 0xA8FF)),
         shaped=True),
    Face("NotoSansThai", "NotoSansThai-Regular.ttf", "NotoSansThai-Bold.ttf", "NotoSansThai-Regular.ttf",
         "NotoSansThai-Bold.ttf", ((0x0E00, 0x0E7F),), shaped=True),
    # One face for Han (simplified and traditional), kana and Hangul; it has no bold, so bold CJK is regular.
    Face("WenQuanYiMicroHei", "WenQuanYiMicroHei.ttf", "WenQuanYiMicroHei.ttf", "WenQuanYiMicroHei.ttf",
         "WenQuanYiMicroHei.ttf"),
)
FACES = (PRIMARY, *FALLBACKS)
# The font names whose words go to HarfBuzz. Only complex scripts: shaping DejaVu would turn
# "fi" into its ligature glyph, which text extraction reads back as U+FB01.
SHAPED_FONTS: set[str] = set()
# No discretionary ligatures: Noto Sans Arabic would draw "محمد" as the one sign U+FDF4.
FEATURES = {"kern": True, "liga": True}


def _variant_names(face: Face) -> dict[str, str]:
    base = face.name
    return {"regular": base, "bold": f"{base}-Bold", "italic": f"{base}-Italic", "bold_italic": f"{base}-BoldItalic"} \
        if face is not PRIMARY else {"regular": base, "bold": f"{base}-Bold", "italic": f"{base}-Oblique",
                                     "bold_italic": f"{base}-BoldOblique"}


@cache
def register_fonts() -> None:
    """Registers every face with its four variants, once."""
    for face in FACES:
        names = _variant_names(face)
        for variant, name in names.items():
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / getattr(face, variant))))
            if face.shaped:
                SHAPED_FONTS.add(name)
        pdfmetrics.registerFontFamily(face.name, normal=names["regular"], bold=names["bold"],
                                      italic=names["italic"], boldItalic=names["bold_italic"])
    rl_paragraph.shapeFragWord = shape_by_font
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap


def _logical(code: int) -> str:
    """What a code in a font subset stands for when text is copied or extracted: a cluster's
    letters for the codes _code_for hands out, and for a shaped Arabic or Hebrew glyph that the
    font names by its presentation form (U+FB1D-U+FEFF) the letters it draws (NFKC), so the PDF
    gives back the letters that were typed."""
    if code in _STANDS_FOR:
        return _STANDS_FOR[code]
    character = chr(code)
    if 0xFB1D <= code <= 0xFEFC:
        return unicodedata.normalize("NFKC", character) or character
    return character


# What each glyph code we hand out stands for when text is copied or extracted: a shaped
# cluster (a Devanagari conjunct, a Thai vowel with its lowered tone mark, क + ि drawn as
# ि first) is given back as the letters typed, on its first glyph; its other glyphs give nothing.
_STANDS_FOR: dict[int, str] = {}
_CODES: dict[tuple[str, int, str], int] = {}
_NEXT_CODE = [0xF0000]  # Supplementary Private Use Area-A: ReportLab's own codes live in U+E000-U+F8FF
_CODES_LOCK = threading.Lock()


def _code_for(font_name: str, character: str, text: str) -> str:
    """A character of its own for this glyph standing for ``text``, drawn with the same glyph.
    Locked: two reports may be built at once in one app process."""
    key = (font_name, ord(character), text)
    with _CODES_LOCK:
        return _registered_code(key, font_name, character, text)


def _registered_code(key: tuple[str, int, str], font_name: str, character: str, text: str) -> str:
    if key not in _CODES:
        face = pdfmetrics.getFont(font_name).face
        code = _NEXT_CODE[0]
        _NEXT_CODE[0] += 1
        glyph = face.charToGlyph[ord(character)]
        face.charToGlyph[code] = glyph
        face.glyphToChar.setdefault(glyph, []).append(code)
        face.charWidths[code] = face.charWidths[ord(character)]
        _CODES[key], _STANDS_FOR[code] = code, text
    return chr(_CODES[key])


def _with_source_text(word, shaped):
    """The shaped word, with each cluster whose glyphs do not spell the letters typed (NFKC aside,
    see _logical) redrawn with codes that stand for those letters."""
    if shaped is word or not isinstance(shaped, ShapedFragWord):
        return shaped
    text = "".join(s for f, s in word[1:] if not hasattr(f, "cbDefn"))
    glyphs = [(index, position) for index, (f, s) in enumerate(shaped[1:], start=1)
              if isinstance(s, ShapedStr) for position in range(len(s))]
    clusters = sorted({shaped[i][1].__shapeData__[p].cluster for i, p in glyphs} - {0x7FFFFFFF})
    ends = {c: (clusters[n + 1] if n + 1 < len(clusters) else len(text)) for n, c in enumerate(clusters)}
    by_cluster: dict[int, list[tuple[int, int]]] = {}
    for i, p in glyphs:
        by_cluster.setdefault(shaped[i][1].__shapeData__[p].cluster, []).append((i, p))
    replaced: dict[tuple[int, int], str] = {}
    for cluster, members in by_cluster.items():
        if cluster not in ends:
            continue
        typed = text[cluster:ends[cluster]]
        drawn = "".join(shaped[i][1][p] for i, p in members)
        if unicodedata.normalize("NFKC", "".join(map(_logical_of_char, drawn))) == unicodedata.normalize("NFKC", typed):
            continue
        for n, (i, p) in enumerate(members):
            replaced[(i, p)] = _code_for(shaped[i][0].fontName, shaped[i][1][p], typed if n == 0 else "")
    if not replaced:
        return shaped
    out = shaped.__class__([shaped[0]])
    for index, (frag, string) in enumerate(shaped[1:], start=1):
        if isinstance(string, ShapedStr) and any((index, p) in replaced for p in range(len(string))):
            chars = "".join(replaced.get((index, p), string[p]) for p in range(len(string)))
            string = ShapedStr(chars, shapeData=string.__shapeData__)
        out.append((frag, string))
    return out


def _logical_of_char(character: str) -> str:
    return _logical(ord(character))


def _to_unicode_cmap(fontname, subset):
    """ReportLab's ToUnicode CMap, with each code mapped to _logical(code) (possibly two letters:
    lam-alef is one glyph). Codes that stand for themselves are written as ReportLab writes them."""
    cmap = _ORIGINAL_TO_UNICODE(fontname, subset)
    if not any(_logical(code) != chr(code) for code in subset):
        return cmap
    lines = cmap.split("\n")
    first = next(i for i, line in enumerate(lines) if line.endswith("beginbfchar"))
    mapped = [
        "<%02X> <%s>" % (index, _logical(code).encode("utf-16-be").hex().upper())
        for index, code in enumerate(subset)
    ]
    return "\n".join(lines[: first + 1] + mapped + lines[first + 1 + len(subset):])


@cache
def coverage(face: Face) -> frozenset[int]:
    """The characters every variant of the face draws, so bold and italic text never falls into a box."""
    register_fonts()
    maps = [pdfmetrics.getFont(name).face.charToGlyph for name in _variant_names(face).values()]
    return frozenset(set(maps[0]).intersection(*maps[1:]))


def _preferred(code: int) -> Face | None:
    for face in FALLBACKS:
        if any(low <= code <= high for low, high in face.ranges):
            return face
    return None


def _is_neutral(ch: str) -> bool:
    """Spaces, digits, punctuation and symbols: they take the font of the text around them."""
    return unicodedata.category(ch)[0] not in "LM"


@cache
def face_for(ch: str, current: Face | None) -> Face | None:
    """The face that draws ``ch``, or None when none does (then the caller prints MARKER)."""
    code = ord(ch)
    preferred = _preferred(code)
    if preferred is not None and code in coverage(preferred):
        return preferred
    if current is not None and (_is_neutral(ch) or unicodedata.category(ch)[0] == "M") and code in coverage(current):
        return current
    for face in FACES:
        if code in coverage(face):
            return face
    return None


def _printable(ch: str) -> str | None:
    """The character as it should reach a font: tabs read as spaces; other controls and
    invisible format characters no font has are dropped; None for a character to mark."""
    if ch == "\t":
        return " "
    category = unicodedata.category(ch)
    if category == "Cc":
        return None
    return ch


# A report sets the same names, labels and headings many times over (34,000 characters looked up
# for the demo's 12 pages): each text is cut once per process.
@lru_cache(maxsize=8192)
def faces_of(text: str) -> tuple[tuple[Face, str], ...]:
    """The text cut into runs of one face each; a character no face has becomes MARKER in DejaVu."""
    runs: list[tuple[Face, str]] = []
    current: Face | None = None
    for raw in text:
        ch = _printable(raw)
        face = face_for(ch, current) if ch else None
        if face is None:
            if ch is not None and unicodedata.category(ch) in ("Cf", "Zl", "Zp") and ch not in "\u2028\u2029":
                continue  # invisible formatting (joiners, bidi marks) the current font lacks: nothing to draw
            face, ch = PRIMARY, " " if raw in "\u2028\u2029" else MARKER
        if runs and runs[-1][0] is face:
            runs[-1] = (face, runs[-1][1] + ch)
        else:
            runs.append((face, ch))
        current = face
    return tuple(runs)


def unmarked(text: str) -> int:
    """How many characters of ``text`` no font has, so the report says it printed MARKER for them."""
    return sum(1 for face, run in faces_of(text) for ch in run if ch == MARKER) - text.count(MARKER)


def has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


def _levels(line: str) -> list[int]:
    """The resolved bidi embedding level of each character of the line (rules P2 to I2);
    characters rule X9 removes (joiners, bidi controls) take the level before them."""
    storage = bidi.get_empty_storage()
    storage["base_level"] = bidi.get_base_level(line)
    storage["base_dir"] = ("L", "R")[storage["base_level"]]
    bidi.get_embedding_levels(line, storage, False, False)
    for index, char in enumerate(storage["chars"]):
        char["index"] = index
    bidi.explicit_embed_and_overrides(storage, False)
    bidi.resolve_weak_types(storage, False)
    bidi.resolve_neutral_types(storage, False)
    bidi.resolve_implicit_levels(storage, False)
    levels: list[int | None] = [None] * len(line)
    for char in storage["chars"]:
        levels[char["index"]] = char["level"]
    previous = storage["base_level"]
    for index, level in enumerate(levels):
        levels[index] = previous = previous if level is None else level
    return levels  # type: ignore[return-value]


def visual_units(line: str) -> list[tuple[Face, str]]:
    """One line as runs of one face in display order (rule L2, word by word): a right-to-left
    run keeps its characters in logical order when its face is shaped right to left, as
    HarfBuzz then lays it out; otherwise its characters are reversed and mirrored here."""
    chars = [(face, ch) for face, run in faces_of(line) for ch in run]
    levels = _levels("".join(ch for _, ch in chars))
    placed = [(level, face, ch) for level, (face, ch) in zip(levels, chars)]
    # Units: characters of one level and one face, spaces alone, so line wrapping still works.
    grouped: list[list] = []
    for level, face, ch in placed:
        if grouped and ch != " " and grouped[-1][2][-1:] != " " and grouped[-1][0] == level and grouped[-1][1] is face:
            grouped[-1][2] += ch
        else:
            grouped.append([level, face, ch])
    if not grouped:
        return []
    highest = max(g[0] for g in grouped)
    lowest_odd = min((g[0] for g in grouped if g[0] % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(grouped):
            if grouped[i][0] >= level:
                j = i
                while j < len(grouped) and grouped[j][0] >= level:
                    j += 1
                grouped[i:j] = grouped[i:j][::-1]
                i = j
            else:
                i += 1
    out: list[tuple[Face, str]] = []
    for level, face, text in grouped:
        if level % 2 and not (face.shaped and face.rtl):
            text = "".join(MIRRORED.get(ch, ch) for ch in reversed(text))
        if out and out[-1][0] is face:
            out[-1] = (face, out[-1][1] + text)
        else:
            out.append((face, text))
    return out


def _runs_markup(runs: list[tuple[Face, str]]) -> str:
    return "".join(escape(text) if face is PRIMARY else f'<font face="{face.name}">{escape(text)}</font>'
                   for face, text in runs)


def markup(text: object) -> str:
    """Text a person typed as safe Paragraph markup: escaped, line breaks kept, each character
    in a font that has it (or MARKER), right-to-left runs in display order."""
    lines = str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out = []
    for line in lines:
        out.append(_runs_markup(visual_units(line) if has_rtl(line) else faces_of(line)))
    return "<br/>".join(out)


def is_rtl_paragraph(text: str) -> bool:
    """Whether the text's first strong character is right to left (Unicode rule P2)."""
    return bidi.get_base_level(str(text)) == 1


def wrapped(text: str, width: float, font_size: float) -> str:
    """Right-to-left text broken into lines of at most ``width`` points in logical order first,
    so each line is then put in display order on its own and the lines read top to bottom."""
    lines: list[str] = []
    for hard in str(text).replace("\r\n", "\n").split("\n"):
        line = ""
        for word in hard.split(" "):
            candidate = f"{line} {word}" if line else word
            if line and _width(candidate, font_size) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return "\n".join(lines)


def _width(text: str, font_size: float) -> float:
    return sum(pdfmetrics.stringWidth(run, face.name, font_size) for face, run in faces_of(text))


_original_shape = rl_paragraph.shapeFragWord


def shape_by_font(word):
    """ReportLab shapes a word with the font of its first fragment; a word that mixes fonts
    (Latin and Devanagari, say) is shaped here piece by piece, each with its own font, and
    only pieces in a shaped face go to HarfBuzz."""
    if isinstance(word, ShapedFragWord) or len(word) < 2:
        return word
    pieces: list[list] = []
    for item in word[1:]:
        frag = item[0]
        name = getattr(frag, "fontName", None)
        if pieces and (hasattr(frag, "cbDefn") or pieces[-1][0] == name):
            pieces[-1][1].append(item)
        else:
            pieces.append([name, [item]])
    if not any(name in SHAPED_FONTS for name, _ in pieces):
        return word
    if len(pieces) == 1:
        return _with_source_text(word, _original_shape(word, FEATURES))
    width, items, shaped_any = 0.0, [], False
    for name, part in pieces:
        part_width = sum(pdfmetrics.stringWidth(s, f.fontName, f.fontSize) for f, s in part if not hasattr(f, "cbDefn"))
        sub = word.__class__([part_width, *part])
        done = _with_source_text(sub, _original_shape(sub, FEATURES)) if name in SHAPED_FONTS else sub
        shaped_any = shaped_any or done is not sub
        width += done[0]
        items.extend(done[1:])
    if not shaped_any:
        return word
    return makeShapedFragWord(word)([width, *items])  # keeps the word's class, which carries its trailing space


def drawn_runs(text: str, bold: bool = False, size: float = 8) -> list[tuple[str, str, float]]:
    """One line of text for a canvas or a chart label, which are not Paragraphs: (font name,
    text, width) per run in display order, shaped where the face needs it."""
    from reportlab.pdfbase.ttfonts import shapeStr

    register_fonts()
    line = " ".join(str(text).split("\n"))
    runs = visual_units(line) if has_rtl(line) else faces_of(line)
    out = []
    for face, run in runs:
        name = _variant_names(face)["bold" if bold else "regular"]
        if name in SHAPED_FONTS:
            run = shapeStr(run, name, size)
        width = (sum(d.x_advance for d in run.__shapeData__) * size / 1000 if hasattr(run, "__shapeData__")
                 else pdfmetrics.stringWidth(run, name, size))
        out.append((name, run, width))
    return out


def drawn_width(text: str, size: float, bold: bool = False) -> float:
    return sum(width for _, _, width in drawn_runs(text, bold, size))
