"""The output primitives every format is built from, one implementation each: a table as
aligned text columns, as Markdown, as HTML and as CSV (formulas always defused), and the
width a cell takes on screen or in a spreadsheet."""

import csv
import io
import re
from collections.abc import Sequence
from datetime import date
from html import escape

from rich.cells import cell_len

from ledger.storage.sheets import FORMULA_STARTS, Cell

BOM = "\ufeff"
_FIGURE = re.compile(r"^[-+−]?[\d.,]*%?$|^—$")
# Characters a terminal, a text file or a spreadsheet must not get raw: controls (ESC starts
# the sequences that retitle a window or clear a screen), line and paragraph separators, and
# the invisible marks that make two different ids look alike.
_UNSEEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
_UNSEEN_OR_BREAK = re.compile(f"[\t\n{_UNSEEN.pattern[1:-1]}]")


def visible(text: str, *, breaks: bool = True) -> str:
    """The text with every control or invisible character shown as an escape (\\x1b);
    with breaks=False, tabs and line breaks too (for a value quoted within one line)."""
    unseen = _UNSEEN if breaks else _UNSEEN_OR_BREAK
    if not unseen.search(text):
        return text
    return unseen.sub(
        lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", text
    )


def cell_text(value: Cell) -> str:
    """A cell as text: dates as 2020-05-31, nothing as empty, control characters visible."""
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else visible(str(value))


def numeric_columns(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[bool]:
    """Which columns hold figures (and are right-aligned): all their cells look like numbers."""
    return [bool(rows) and all(_FIGURE.match(row[i]) for row in rows) for i in range(len(header))]


# --- text columns -----------------------------------------------------------------


# Characters rich's table makes two columns wide: CJK punctuation (not its combining
# marks, 302A-302F), the unified ideographs and the full-width forms (tests hold each
# to rich's width).
WIDE_RANGES = ((0x3000, 0x3029), (0x3030, 0x303E), (0x4E00, 0x9FFF), (0xFF01, 0xFF60))
_PLAIN = re.compile(
    "[\x20-\x7e" + "".join(f"{chr(start)}-{chr(end)}" for start, end in WIDE_RANGES) + "]*"
)


def width(cell: str) -> int:
    """A cell's display width, as rich measures it: Chinese characters count two. A cell of
    printable ASCII and common Chinese alone (every id, day and figure, most titles) is
    measured in C; rich's lookup, character by character, measures the rest."""
    if cell.isascii() and cell.isprintable():
        return len(cell)
    if _PLAIN.fullmatch(cell):
        return 2 * len(cell) - len(cell.encode("ascii", "ignore"))
    return cell_len(cell)


def column_widths(table: Sequence[Sequence[str]]) -> list[int]:
    """Each column's display width."""
    return [max(map(width, column)) for column in zip(*table, strict=True)]


def clipped(cell: str, room: int) -> str:
    """The cell cut to a display width, with … where it was cut."""
    if width(cell) <= room:
        return cell
    kept = ""
    for char in cell:
        if cell_len(kept + char) > room - 1:
            break
        kept += char
    return kept + "…"


def fitted(
    table: Sequence[Sequence[str]], giving_way: Sequence[int], total: int, least: int = 8
) -> list[list[str]]:
    """The table with its columns cut, those in `giving_way` first (each down to `least`
    columns at most), so that every line, two spaces between cells, fits `total` display
    columns where it can."""
    rows = [list(row) for row in table]
    for column in giving_way:
        widths = column_widths(rows)
        excess = sum(widths) + 2 * (len(widths) - 1) - total
        if excess <= 0:
            break
        room = max(least, widths[column] - excess)
        rows = [[clipped(c, room) if i == column else c for i, c in enumerate(r)] for r in rows]
    return rows


def aligned(cells: Sequence[str], widths: Sequence[int], right: Sequence[bool]) -> str:
    """One line of cells padded to their column's display width, two spaces apart."""
    padded = [
        " " * (room - width(cell)) + cell if to_right else cell + " " * (room - width(cell))
        for cell, room, to_right in zip(cells, widths, right, strict=True)
    ]
    return "  ".join(padded).rstrip()


# --- Markdown -----------------------------------------------------------------------


def md_text(text: str) -> str:
    """Text for Markdown: visible, on one line, and no raw HTML (a `<script>` stays text)."""
    shown = visible(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return shown.replace("\r", " ").replace("\n", " ")


def md_cell(value: Cell) -> str:
    return md_text(cell_text(value)).replace("|", "\\|")


def markdown_table(
    header: Sequence[Cell], rows: Sequence[Sequence[Cell]], right: Sequence[bool] | None = None
) -> list[str]:
    """The table's lines; `right` marks the columns to right-align."""
    rule = "|" + "|".join("---:" if r else "---" for r in (right or [False] * len(header))) + "|"
    lines = ["| " + " | ".join(md_cell(cell) for cell in header) + " |", rule]
    return lines + ["| " + " | ".join(md_cell(cell) for cell in row) + " |" for row in rows]


# --- HTML ---------------------------------------------------------------------------


def html_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A table, figures right-aligned (class n), every cell escaped."""
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    numeric = numeric_columns(header, rows)
    body = []
    for row in rows:
        cells = "".join(
            f'<td class="n">{escape(cell)}</td>' if numeric[i] else f"<td>{escape(cell)}</td>"
            for i, cell in enumerate(row)
        )
        body.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


# --- CSV ----------------------------------------------------------------------------


def guarded(text: str) -> str:
    """Text as written to CSV: a leading apostrophe where Excel or WPS would evaluate it."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(rows: Sequence[Sequence[Cell]]) -> str:
    """The one CSV writer: a byte-order mark (so that Excel and WPS read the Chinese), CRLF,
    every cell that a spreadsheet would take for a formula defused, control characters
    shown escaped."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow(
            [guarded(visible(c)) if isinstance(c, str) else ("" if c is None else c) for c in row]
        )
    return BOM + out.getvalue()


def display_width(value: Cell) -> int:
    """Columns a cell needs in Excel: CJK characters count twice."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in cell_text(value))
