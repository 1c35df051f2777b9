"""Spreadsheet files as they really arrive: xlsx and CSV (UTF-8, UTF-8 with BOM,
GB18030/GBK) read into rows of cells. Writing them is ledger.output.sheet's.

openpyxl is imported only when a spreadsheet is read or written.
"""

import csv
import io
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ledger.core.errors import LedgerError, UsageError, file_error
from ledger.core.i18n import Phrase

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


def read_rows(path: Path, sheet: str | None = None) -> list[list[Cell]]:
    """Every row of the sheet (the first, or the one named), cells as values: text, numbers,
    and dates where the spreadsheet holds date cells."""
    if not path.is_file():
        raise UsageError("sheet_not_found", path=str(path))
    suffix = path.suffix.lower()
    if suffix == ".csv":
        if sheet is not None:
            raise UsageError("sheet_option_csv")
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise file_error("cannot_read", path, exc) from None
        text, _ = decode_csv(raw)
        csv.field_size_limit(MAX_CELL)
        try:
            return [[_unguard(cell) for cell in row] for row in csv.reader(io.StringIO(text))]
        except csv.Error as exc:
            reason = (
                Phrase("reason_cell_too_large", {"limit": MAX_CELL})
                if "field limit" in str(exc)
                else Phrase("reason_csv_damaged")
            )
            raise UsageError("sheet_unreadable", path=str(path), reason=reason) from None
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx_rows(path, sheet)
    raise UsageError("sheet_format", path=str(path))


def _xlsx_rows(path: Path, sheet: str | None) -> list[list[Cell]]:
    """The rows of an xlsx, read in full whatever its metadata says (a stale `<dimension>`
    must not hide rows). A damaged or hostile file (not a zip, truncated XML, an entity
    bomb) is refused with what was wrong, never half read."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
        try:
            if sheet is not None and sheet not in book.sheetnames:
                raise UsageError("sheet_no_such", sheet=sheet, sheets=tuple(book.sheetnames))
            worksheet = book[sheet] if sheet is not None else book.worksheets[0]
            worksheet.reset_dimensions()
            return [
                [_cell(value) for value in row] for row in worksheet.iter_rows(values_only=True)
            ]
        finally:
            book.close()
    except LedgerError:
        raise
    except Exception as exc:  # openpyxl, zipfile and the XML parser raise many kinds
        reason = Phrase(_xlsx_reason(exc))
        raise UsageError("sheet_unreadable", path=str(path), reason=reason) from None


def _xlsx_reason(exc: BaseException) -> str:
    """What was wrong with an xlsx, in the user's words: the key of the reason."""
    causes: list[BaseException] = []
    cause: BaseException | None = exc
    while cause is not None and len(causes) < 10:
        causes.append(cause)
        cause = cause.__cause__ or cause.__context__
    names = {type(cause).__name__ for cause in causes}
    if "BadZipFile" in names:
        return "reason_not_zip"
    if names & {"EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden"}:
        return "reason_xml_entities"
    return "reason_xlsx_damaged"


def _cell(value: Any) -> Cell:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        return _unguard(value)
    if isinstance(value, date | int | float) or value is None:
        return value
    return str(value)


def _unguard(text: str) -> str:
    """A cell this tool wrote as `'=…` (to keep a spreadsheet from evaluating it) reads back
    as `=…`."""
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_STARTS:
        return text[1:]
    return text
