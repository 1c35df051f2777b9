"""Generated spreadsheets, as offices and attackers make them, imported through the CLI:
xlsx and CSV, with title rows, merged cells, a stale <dimension>, duplicate headers,
headers named like the tool's own keys, formulas, control characters, huge cells and
bad bytes. Every sheet either imports exactly its data rows, each under a fresh id with
its kept columns, or is refused with nothing written; never a traceback.

LEDGER_SHEET_EXAMPLES sets how many sheets are tried (default 30).
"""

import csv
import io
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from ledger.commands.sheet_import import HEADERS
from tests.helpers import run

EXAMPLES = int(os.environ.get("LEDGER_SHEET_EXAMPLES", "30"))
LEDGER = """\
ledger: 2
campaign:
  id: demo
  title: 演示活动
  prefix: DM
  start: 2020-04-01
  owners: [区房产局, 区商务局]
findings:
  - id: DM-001
    title: 已有的问题
    found_on: 2020-04-01
    owner: 区房产局
    measure: 清理
    deadline: 2020-04-30
    status: open
    history:
      - {date: 2020-04-01, event: found}
"""
REQUIRED = {"title": "问题描述", "owner": "责任单位", "measure": "整改措施", "deadline": "整改时限"}
KNOWN = {re.sub(r"\s+", "", alias).lower() for aliases in HEADERS.values() for alias in aliases}
NASTY_TEXT = st.sampled_from(
    ["=1+2", "+cmd", "@SUM(A1)", "-1", "\x1b]0;PWNED\x07", "<script>x</script>", "a|b", "\u200b"]
)
TEXT = st.one_of(st.text(st.characters(blacklist_categories=("Cs",)), max_size=12), NASTY_TEXT)
EXTRA_HEADERS = st.one_of(
    st.sampled_from(["id", "history", "private", "status_", "电话", "=cmd|x", "ledger", "备注2"]),
    st.sampled_from(list(REQUIRED.values())),  # a second column of a meaning
    TEXT.filter(lambda h: re.sub(r"\s+", "", h).lower() not in KNOWN),
)


@dataclass
class Sheet:
    header: list[str]
    rows: list[list[Any]]  # data rows; None for a blank row
    title_rows: int = 0
    huge: bool = False
    form: str = "xlsx"
    stale_dimension: bool = False
    merged_title: bool = False
    encoding: str = "utf-8"
    bad_bytes: bool = False
    kept: list[int] = field(default_factory=list)  # columns kept under their own header


@st.composite
def sheets(draw: st.DrawFn) -> Sheet:
    required = list(REQUIRED.values())
    extras = draw(st.lists(EXTRA_HEADERS, max_size=4))
    header = draw(st.permutations(required + extras))
    count = draw(st.integers(0, 8))
    rows: list[list[Any]] = []
    for number in range(count):
        if draw(st.booleans()) and draw(st.booleans()):
            rows.append([None] * len(header))  # a blank row
        values = {
            "问题描述": f"问题{number}号 {draw(TEXT)}",
            "责任单位": draw(st.sampled_from(["区房产局", "区商务局"])),
            "整改措施": f"整改 {draw(TEXT)}",
            "整改时限": draw(st.sampled_from(["2020-05-30", "2020/6/1", "2020年7月1日"])),
        }
        row: list[Any] = []
        seen: set[str] = set()
        for name in header:
            if name in values and name not in seen:
                row.append(values[name])
            else:
                row.append(draw(st.one_of(st.none(), TEXT, st.integers(-5, 10**6))))
            seen.add(name)
        rows.append(row)
    form = draw(st.sampled_from(["xlsx", "csv"]))
    return Sheet(
        header=header,
        rows=rows,
        title_rows=draw(st.integers(0, 2)),
        huge=draw(st.integers(0, 9)) == 0,
        form=form,
        stale_dimension=form == "xlsx" and draw(st.booleans()),
        merged_title=form == "xlsx" and draw(st.booleans()),
        encoding=draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030"])),
        bad_bytes=form == "csv" and draw(st.integers(0, 5)) == 0,
    )


def all_rows(sheet: Sheet) -> list[list[Any]]:
    top = [["2020年安全生产专项民主监督问题整改台账", *[None] * (len(sheet.header) - 1)]]
    rows = [list(row) for row in sheet.rows]
    if sheet.huge and rows and any(r[0] is not None for r in rows):
        target = next(r for r in rows if r[0] is not None)
        column = sheet.header.index("整改措施")
        target[column] = "长" * 200_000 if sheet.form == "csv" else "长" * 32_000
    return top * sheet.title_rows + [sheet.header] + rows


def write(sheet: Sheet, folder: Path) -> Path:
    rows = all_rows(sheet)
    if sheet.form == "csv":
        out = io.StringIO()
        csv.writer(out).writerows([["" if v is None else v for v in row] for row in rows])
        text = out.getvalue()
        try:
            raw = text.encode(sheet.encoding)
        except UnicodeEncodeError:
            raw = text.encode("utf-8")
        if sheet.bad_bytes:
            raw += b"\xff\xfe\x80\x00"
        path = folder / "台账.csv"
        path.write_bytes(raw)
        return path
    book = Workbook()
    worksheet = book.active
    assert worksheet is not None
    for row in rows:
        worksheet.append([_xlsx_safe(v) for v in row])
    if sheet.merged_title and sheet.title_rows:
        worksheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(sheet.header))
    path = folder / "台账.xlsx"
    book.save(path)
    if sheet.stale_dimension:
        _stale(path)
    return path


def _xlsx_safe(value: Any) -> Any:
    """openpyxl refuses control characters in cells: as a generator would, drop them."""
    if isinstance(value, str):
        return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", value)
    return value


def _stale(path: Path) -> None:
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:B2"/>', data)
            target.writestr(item, data)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(sheet=sheets())
def test_a_sheet_imports_its_data_rows_or_nothing(sheet: Sheet, tmp_path_factory: Any) -> None:
    folder = tmp_path_factory.mktemp("sheet")
    data = folder / "data"
    data.mkdir()
    ledger = data / "demo.yaml"
    ledger.write_text(LEDGER, encoding="utf-8")
    source = write(sheet, folder)
    data_rows = sum(1 for row in sheet.rows if any(v is not None for v in row))

    previewed = run(data, "--lang", "en", "import", str(source), "-c", "demo", "--dry-run")
    result = run(data, "--lang", "en", "import", str(source), "-c", "demo")  # raises on a bug
    assert "Traceback" not in result.stderr
    if sheet.bad_bytes:
        assert result.exit_code == 2, result.stderr
        assert ledger.read_text(encoding="utf-8") == LEDGER
        return
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert f"would import {data_rows} finding(s)" in previewed.stdout
    findings = json.loads(run(data, "list", "--json").stdout)
    assert sorted(f["id"] for f in findings) == [f"DM-{n:03d}" for n in range(1, data_rows + 2)]
    column = sheet.header.index("问题描述")
    written = [row[column] for row in sheet.rows if any(v is not None for v in row)]
    if sheet.form == "xlsx":
        written = [_xlsx_safe(title) for title in written]
    titles = sorted(f["title"] for f in findings if f["id"] != "DM-001")
    assert titles == sorted(title.strip() for title in written)
    assert run(data, "check").exit_code == 0
