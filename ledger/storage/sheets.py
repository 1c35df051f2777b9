"""Spreadsheet files as they really arrive: xlsx and CSV (UTF-8, UTF-8 with BOM,
GB18030/GBK) read into rows of cells. Writing them is ledger.output.sheet's.

openpyxl is imported only when a spreadsheet is read or written.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ledger.core.errors import LedgerError, UsageError, file_error
from ledger.core.i18n import Phrase
from ledger.storage.sharing import shared_row

Cell = str | int | float | date | None
# A cell beginning with one of these is a formula to Excel and WPS (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ENCODINGS = ("utf-8-sig", "gb18030")
MAX_CELL = 16 * 1024 * 1024  # characters in one CSV cell


def decode_csv(raw: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-8 (with or without BOM), else GB18030, which covers GBK and
    GB2312 and is what Excel on a Chinese Windows writes."""
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise UsageError("sheet_encoding")


WORKBOOKS = (".xlsx", ".xlsm", ".xls", ".ods")


@dataclass(frozen=True)
class SheetData:
    """A sheet as read: its rows (merged cells spread over every cell they cover), its
    name, and the names of every sheet of the workbook."""

    rows: list[list[Cell]]
    name: str = ""
    sheets: tuple[str, ...] = ()


def read_rows(path: Path, sheet: str | None = None) -> list[list[Cell]]:
    """Every row of the sheet (the first, or the one named), cells as values."""
    return read_sheet(path, sheet).rows


def read_sheet(path: Path, sheet: str | None = None) -> SheetData:
    """The sheet (the first, or the one named) of a CSV, xlsx, xls or ods file: text,
    numbers, and dates where the spreadsheet holds date cells; empty cells as None."""
    if not path.is_file():
        raise UsageError("sheet_not_found", path=str(path))
    suffix = path.suffix.lower()
    if suffix == ".csv":
        if sheet is not None:
            raise UsageError("sheet_option_csv")
        return SheetData(_csv_rows(path), path.stem, (path.stem,))
    if suffix in WORKBOOKS:
        return _workbook_sheet(path, sheet)
    raise UsageError("sheet_format", path=str(path))


def _csv_rows(path: Path) -> list[list[Cell]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise file_error("cannot_read", path, exc) from None
    text, _ = decode_csv(raw)
    del raw
    csv.field_size_limit(MAX_CELL)
    shared: dict[Any, Any] = {}
    try:
        return [
            shared_row([_unguard(cell) if cell.strip() else None for cell in row], shared)
            for row in csv.reader(io.StringIO(text))
        ]
    except csv.Error as exc:
        reason = (
            Phrase("reason_cell_too_large", {"limit": MAX_CELL})
            if "field limit" in str(exc)
            else Phrase("reason_csv_damaged")
        )
        raise UsageError("sheet_unreadable", path=str(path), reason=reason) from None


def _workbook_sheet(path: Path, sheet: str | None) -> SheetData:
    """A sheet of an xlsx, xls or ods, read with calamine: in full whatever the file's
    metadata says (a stale `<dimension>` hides no row), entities never expanded. A damaged
    file (not a zip, truncated XML, a missing part) is refused with what was wrong."""
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        names = tuple(book.sheet_names)
        if sheet is not None and sheet not in names:
            raise UsageError("sheet_no_such", sheet=sheet, sheets=names)
        chosen = book.get_sheet_by_name(sheet) if sheet is not None else book.get_sheet_by_index(0)
        shared: dict[Any, Any] = {}
        rows = [
            shared_row([_cell(value) for value in row], shared)
            for row in chosen.to_python(skip_empty_area=False)
        ]
        merged = chosen.merged_cell_ranges or []
        if path.suffix.lower() == ".ods":
            merged = _ods_merges(path, chosen.name)  # calamine gives none for ods
    except LedgerError:
        raise
    except Exception as exc:  # calamine raises its own kinds for zip, XML and format faults
        reason = Phrase(_workbook_reason(exc))
        raise UsageError("sheet_unreadable", path=str(path), reason=reason) from None
    _spread(rows, merged)
    return SheetData(rows, chosen.name, names)


_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


def _ods_merges(path: Path, sheet: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """The merged ranges of an ods sheet, ((top, left), (bottom, right)), from its XML
    (read with defusedxml: no entity is expanded, nothing outside is fetched)."""
    import zipfile

    from defusedxml.ElementTree import iterparse

    ranges = []
    row = -1
    inside = False
    with zipfile.ZipFile(path) as archive, archive.open("content.xml") as content:
        for event, element in iterparse(content, events=("start", "end")):
            tag = element.tag
            if tag == f"{_ODS_TABLE}table":
                inside = event == "start" and element.get(f"{_ODS_TABLE}name") == sheet
                if not inside and event == "end" and row >= 0:
                    break
            elif inside and event == "start" and tag == f"{_ODS_TABLE}table-row":
                row += 1
                column = 0
            elif inside and event == "end" and tag == f"{_ODS_TABLE}table-row":
                repeated = int(element.get(f"{_ODS_TABLE}number-rows-repeated", "1"))
                row += repeated - 1
                element.clear()
            elif inside and event == "start" and tag.endswith("table-cell"):
                across = int(element.get(f"{_ODS_TABLE}number-columns-spanned", "1"))
                down = int(element.get(f"{_ODS_TABLE}number-rows-spanned", "1"))
                if across > 1 or down > 1:
                    ranges.append(((row, column), (row + down - 1, column + across - 1)))
                column += int(element.get(f"{_ODS_TABLE}number-columns-repeated", "1"))
    return ranges


def _spread(rows: list[list[Cell]], merged: list[Any]) -> None:
    """Every cell of a merged range given the range's value, as a reader sees it: a 责任单位
    merged over two rows belongs to both."""
    for (top, left), (bottom, right) in merged:
        if top >= len(rows):
            continue
        value = rows[top][left] if left < len(rows[top]) else None
        for row in rows[top : bottom + 1]:
            row.extend([None] * (right + 1 - len(row)))
            for column in range(left, right + 1):
                row[column] = value


def _workbook_reason(exc: BaseException) -> str:
    """What was wrong with a workbook, in the user's words: the key of the reason."""
    kind = type(exc).__name__
    if kind == "ZipError" or "zip" in str(exc).lower() or "CompoundFile" in kind:
        return "reason_not_zip"
    return "reason_xlsx_damaged"


def _cell(value: Any) -> Cell:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        return _unguard(value) if value.strip() else None
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)  # calamine reads every number as a float: 序号 1, not 1.0
    if isinstance(value, date | int | float) or value is None:
        return value
    return str(value)


def _unguard(text: str) -> str:
    """A cell this tool wrote as `'=…` (to keep a spreadsheet from evaluating it) reads back
    as `=…`."""
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_STARTS:
        return text[1:]
    return text
