"""Importing an existing ledger spreadsheet (整改台账) into a campaign.

Real sheets have a merged title row, Chinese headers in a few wordings, dates typed
every which way, status words instead of states, blank rows, and a totals row at the
bottom. The header row is found by its words; every data row is checked on its own and
every problem is reported with the sheet's row number; one bad row and nothing is
written. Columns this does not know are kept on each finding under their own header.
"""

import re
from collections.abc import Callable, Iterable
from contextlib import suppress
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ledger.core.dates import parse_date
from ledger.core.errors import UsageError
from ledger.core.model import FINDING_KEYS, PRIVATE, SEVERITIES, Campaign, Finding, next_free_ids
from ledger.core.patch import Amendment, Edit
from ledger.core.registry import outside, suggest
from ledger.core.sheetplan import Plan, RowProblem
from ledger.core.standing import LADDER_WORDS, STATUS_WORDS
from ledger.storage.schema import validate_finding
from ledger.storage.sheets import Cell, read_rows
from ledger.storage.store import LedgerFile, load
from ledger.storage.transaction import update

# field: the headers it goes by (compared without spaces, case-insensitively)
HEADERS: dict[str, tuple[str, ...]] = {
    "seq": ("序号", "编号", "no.", "no", "#"),
    "title": (
        "问题描述",
        "存在问题",
        "问题",
        "问题内容",
        "隐患描述",
        "finding",
        "title",
        "description",
    ),
    "area": ("问题类别", "领域", "类别", "area", "category"),
    "location": ("所在街道", "地点", "问题地点", "位置", "location", "place"),
    "found_on": ("发现时间", "检查时间", "发现日期", "foundon", "found_on"),
    "found_by": ("督导组", "检查组", "发现单位", "foundby", "found_by"),
    "severity": ("隐患等级", "等级", "severity"),
    "owner": ("责任单位", "owner"),
    "contact": ("责任人", "联系人", "contact"),
    "measure": ("整改措施", "measure"),
    "funds": ("整改资金", "资金", "funds"),
    "plan": ("应急预案", "预案", "plan"),
    "deadline": ("整改时限", "完成时限", "deadline"),
    "status": ("整改情况", "整改状态", "是否整改", "状态", "status"),
    "fixed_on": ("完成时间", "整改完成时间", "fixedon", "fixed_on"),
    "fix_note": ("备注", "整改说明", "note", "fix_note"),
    "escalation": ("挂牌督办", "督办", "escalation"),
    "supervisor": ("督办单位", "supervisor"),
}
REQUIRED = ("title", "owner", "measure", "deadline")
TEXT_FIELDS: tuple[str, ...] = ("title", "owner", "measure", "contact", "location", "area")
TEXT_FIELDS += ("found_by", "funds", "plan", "fix_note", "supervisor")
SEVERITY_WORDS: dict[str, tuple[str, ...]] = {
    "general": ("一般", "一般隐患", "general"),
    "major": ("重大", "重大隐患", "major"),
}
TOTALS = re.compile(r"^(合计|总计|小计|共计|total)", re.IGNORECASE)
_MONTH_DAY = re.compile(r"^(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$")
HEADER_SCAN = 20


def _key(text: Any) -> str:
    return re.sub(r"\s+", "", str(text or "")).lower()


def parse_maps(maps: Iterable[str]) -> dict[str, str]:
    """--map FIELD=列名, as {header: field}."""
    result = {}
    for item in maps:
        name, _, header = item.partition("=")
        name, header = name.strip(), header.strip()
        if name not in HEADERS or name == "seq" or not header:
            raise UsageError(
                "import_bad_map", value=item, fields=tuple(f for f in HEADERS if f != "seq")
            )
        result[_key(header)] = name
    return result


def find_header(rows: list[list[Cell]], maps: dict[str, str]) -> int:
    """The index of the header row: the first of the top rows naming three known columns
    and the finding itself."""
    known = {_key(alias): name for name, aliases in HEADERS.items() for alias in aliases} | maps
    for index, row in enumerate(rows[:HEADER_SCAN]):
        names = {known.get(_key(cell)) for cell in row if isinstance(cell, str)}
        if "title" in names and len(names - {None}) >= 3:
            return index
    raise UsageError("import_no_header", headers="、".join(HEADERS["title"][:3]))


def column_fields(header: list[Cell], maps: dict[str, str]) -> list[tuple[str, str]]:
    """(key, field) for each column; the field is "" for a column kept on each finding
    under its own header (made unique, and never one of the tool's own keys: a sheet's
    `id` column must not overwrite the ids the tool gives) and "-" for an empty header."""
    known = {_key(alias): name for name, aliases in HEADERS.items() for alias in aliases} | maps
    result: list[tuple[str, str]] = []
    taken: set[str] = set()
    kept: set[str] = set()
    for cell in header:
        text = "" if cell is None else str(cell).strip()
        name = maps.get(_key(text)) or known.get(_key(text), "")
        if not text:
            name = "-"
        elif name in taken:
            name = ""  # a second column of the same meaning: kept under its own header
        taken.add(name)
        if name == "":
            text = _unique_key(text, kept)
            kept.add(text)
        result.append((text, name))
    return result


# Keys of a finding that only the tool writes: a sheet's column of that name is kept apart.
RESERVED = {*FINDING_KEYS, PRIVATE}


def _unique_key(text: str, kept: set[str]) -> str:
    """A kept column's key: its header, numbered where that is taken or reserved."""
    key, number = text, 1
    while key in kept or key in RESERVED:
        number += 1
        key = f"{text}（{number}）"
    return key


def to_date(value: Cell, year: int, today: date) -> date | None:
    """A date cell, or a date as typed: 2020/5/31, 2020.5.31, 2020年5月31日, 5月31日."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if match := _MONTH_DAY.match(text):
        return date(year, int(match[1]), int(match[2]))
    return parse_date(text, today, option="")


def _word(value: Cell, words: dict[str, tuple[str, ...]]) -> str | None:
    text = _key(value)
    return next(
        (name for name, options in words.items() if text in (_key(o) for o in options)), None
    )


class RowReader:
    """Turns one data row into a finding's values, noting each problem."""

    def __init__(
        self, columns: list[tuple[str, str]], campaign: Campaign, today: date, by: str | None
    ) -> None:
        self.columns, self.campaign, self.today, self.by = columns, campaign, today, by
        start = campaign.get("start")
        self.year = start.year if start else today.year

    def read(self, number: int, row: list[Cell], problems: list[RowProblem]) -> dict[str, Any]:
        cells = {
            name: (header, row[i] if i < len(row) else None)
            for i, (header, name) in enumerate(self.columns)
        }
        values: dict[str, Any] = {}
        for i, (header, name) in enumerate(self.columns):
            cell = row[i] if i < len(row) else None
            if name == "" and cell not in (None, ""):
                values[header] = cell.strip() if isinstance(cell, str) else cell
        for name in TEXT_FIELDS:
            header, cell = cells.get(name, (name, None))
            text = "" if cell is None else str(cell).strip()
            if text:
                values[name] = text
            elif name in REQUIRED:
                problems.append(RowProblem(number, header, "import_missing"))
        for name in ("found_on", "deadline", "fixed_on"):
            header, cell = cells.get(name, (name, None))
            try:
                day = to_date(cell, self.year, self.today)
            except (UsageError, ValueError):
                problems.append(RowProblem(number, header, "import_bad_date", {"value": cell}))
                continue
            if day is not None:
                values[name] = day
            elif name == "deadline":
                problems.append(RowProblem(number, header, "import_missing"))
        self._found_on(number, values, cells, problems)
        self._status(number, values, cells, problems)
        self._escalation(number, values, cells, problems)
        self._severity(number, values, cells, problems)
        self._registries(number, values, cells, problems)
        return values

    def _found_on(
        self, number: int, values: dict[str, Any], cells: dict[str, Any], problems: list[RowProblem]
    ) -> None:
        if "found_on" not in values:
            start = self.campaign.get("start")
            if start is None:
                header = cells.get("found_on", ("found_on",))[0]
                problems.append(RowProblem(number, header, "import_no_found_on"))
                return
            values["found_on"] = start
        if values["found_on"] > self.today:
            problems.append(
                RowProblem(
                    number,
                    cells.get("found_on", ("found_on",))[0],
                    "import_future",
                    {"day": values["found_on"]},
                )
            )
        if "deadline" in values and values["deadline"] < values["found_on"]:
            problems.append(
                RowProblem(
                    number,
                    cells["deadline"][0],
                    "import_deadline_before_found",
                    {"found_on": values["found_on"]},
                )
            )

    def _status(
        self, number: int, values: dict[str, Any], cells: dict[str, Any], problems: list[RowProblem]
    ) -> None:
        header, cell = cells.get("status", ("status", None))
        status = _word(cell, STATUS_WORDS)
        if status is None:
            problems.append(RowProblem(number, header, "import_bad_status", {"value": cell}))
            return
        found_on = values.get("found_on")
        found: dict[str, Any] = {"on": found_on, "event": "found"}
        if self.by:
            found["by"] = self.by
        history: list[dict[str, Any]] = [found] if found_on else []
        fixed_on = values.get("fixed_on")
        if status in ("fixed", "verified"):
            if fixed_on is None:
                problems.append(
                    RowProblem(
                        number,
                        cells.get("fixed_on", (header,))[0],
                        "import_fixed_without_date",
                        {"value": cell},
                    )
                )
                return
            if found_on and fixed_on < found_on:
                problems.append(
                    RowProblem(
                        number,
                        cells["fixed_on"][0],
                        "import_fixed_before_found",
                        {"found_on": found_on},
                    )
                )
                return
            if fixed_on > self.today:
                problems.append(
                    RowProblem(number, cells["fixed_on"][0], "import_future", {"day": fixed_on})
                )
                return
            history.append({"on": fixed_on, "event": "fixed"})
            if status == "verified":
                history.append({"on": fixed_on, "event": "verified"})
        elif fixed_on is not None and status == "open":
            header = cells["fixed_on"][0]
            problems.append(RowProblem(number, header, "import_open_with_date", {"value": cell}))
            return
        if status == "dropped" and found_on:
            history.append(
                {"on": found_on, "event": "dropped", "reason": str(cell).strip() or "dropped"}
            )
        values["status"] = status
        values["history"] = history

    def _escalation(
        self, number: int, values: dict[str, Any], cells: dict[str, Any], problems: list[RowProblem]
    ) -> None:
        """Listed supervision (挂牌督办) as the event it is, from the day found: every
        command then counts it alike."""
        header, cell = cells.get("escalation", ("escalation", None))
        step = _word(cell, LADDER_WORDS)
        if step is None:
            problems.append(RowProblem(number, header, "import_bad_escalation", {"value": cell}))
            return
        history = values.get("history")
        if not step or history is None:
            return
        values["escalation"] = step
        event: dict[str, Any] = {"on": values["found_on"], "event": "escalated", "step": step}
        if values.get("supervisor"):
            event["supervisor"] = values["supervisor"]
        history.insert(1, event)

    def _severity(
        self, number: int, values: dict[str, Any], cells: dict[str, Any], problems: list[RowProblem]
    ) -> None:
        header, cell = cells.get("severity", ("severity", None))
        severity = "general" if cell in (None, "") else _word(cell, SEVERITY_WORDS)
        if severity not in SEVERITIES:
            problems.append(RowProblem(number, header, "import_bad_severity", {"value": cell}))
            return
        values["severity"] = severity
        if severity == "major" and values.get("status") != "dropped":
            for name in ("funds", "plan"):
                if not values.get(name):
                    problems.append(
                        RowProblem(
                            number,
                            cells.get(name, (name,))[0],
                            "import_major_lacks",
                            {"field": name},
                        )
                    )

    def _registries(
        self, number: int, values: dict[str, Any], cells: dict[str, Any], problems: list[RowProblem]
    ) -> None:
        for name, registry in (
            ("area", self.campaign.get("areas")),
            ("owner", self.campaign.get("owners")),
        ):
            value = values.get(name)
            if outside(value, registry):
                assert value is not None and registry
                hint = suggest(value, registry)
                problems.append(
                    RowProblem(
                        number,
                        cells[name][0],
                        "import_not_in_registry",
                        {"value": value, "hint": hint},
                    )
                )


def is_totals(row: list[Cell], title_at: int) -> bool:
    """A totals row (合计, 总计, 小计): in a cell before the title, or as the whole title."""
    before = [str(c).strip() for c in row[: max(title_at, 1)] if c not in (None, "")]
    title = str(row[title_at]).strip() if title_at < len(row) and row[title_at] is not None else ""
    return any(TOTALS.match(c) for c in before) or bool(TOTALS.fullmatch(title))


def _identity(finding: dict[str, Any] | Finding) -> tuple[str, str, str]:
    return (
        str(finding.get("title", "")),
        str(finding.get("location") or ""),
        str(finding.get("owner", "")),
    )


def plan_import(
    lf: LedgerFile,
    rows: list[list[Cell]],
    maps: dict[str, str],
    today: date,
    progress: Callable[[int], None] | None = None,
    by: str | None = None,
) -> Plan:
    """Read every data row below the header; nothing is written here."""
    header_index = find_header(rows, maps)
    columns = column_fields(rows[header_index], maps)
    plan = Plan(columns={text: name for text, name in columns if name != "-"})
    reader = RowReader(columns, lf.campaign, today, by)
    existing = {_identity(f) for f in lf.findings}
    title_at = next((i for i, (_, name) in enumerate(columns) if name == "title"), 0)
    for index in range(header_index + 1, len(rows)):
        number, row = index + 1, rows[index]
        if progress is not None:
            progress(index)
        if all(cell is None or str(cell).strip() == "" for cell in row):
            continue
        if is_totals(row, title_at):
            plan.skipped.append((number, "import_skipped_totals", {}))
            continue
        problems: list[RowProblem] = []
        values = reader.read(number, row, problems)
        if not problems:
            try:
                validate_finding({"id": "X-1", **values})
            except ValidationError as exc:
                problems.append(
                    RowProblem(number, "", "import_invalid", {"detail": exc.errors()[0]["msg"]})
                )
        if problems:
            plan.problems += problems
            continue
        identity = _identity(values)
        if identity in existing:
            plan.skipped.append((number, "import_skipped_existing", {"title": values["title"]}))
            continue
        plan.findings.append((number, values))
    return plan


def import_sheet(
    path: Path,
    sheet_file: Path,
    today: date,
    *,
    sheet: str | None = None,
    maps: Iterable[str] = (),
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
    by: str | None = None,
    amend: Amendment | None = None,
) -> Plan:
    """Import the sheet's findings into the ledger at `path`, all or nothing; `by` is who
    recorded them."""
    rows = read_rows(sheet_file, sheet)
    mapped = parse_maps(maps)
    total = len(rows)
    step = (lambda i: progress(i, total)) if progress else None
    if dry_run:
        return plan_import(load(path), rows, mapped, today, step, by)
    plan = Plan()

    def edit(lf: LedgerFile) -> Edit:
        """Planned on the file as it is under the lock, so ids and duplicates are right."""
        planned = plan_import(lf, rows, mapped, today, step, by)
        vars(plan).update(vars(planned))
        if planned.problems or not planned.findings:
            raise _NothingToWrite
        used = (f["id"] for f in lf.findings)
        plan.ids = next_free_ids(lf.campaign["prefix"], used, len(planned.findings))
        pairs = zip(plan.ids, planned.findings, strict=True)
        added = [{"id": new_id, **values} for new_id, (_, values) in pairs]
        return Edit(added=added, amend=amend)

    with suppress(_NothingToWrite):
        update(path, edit)
    return plan


class _NothingToWrite(Exception):
    """Problems in the sheet, or nothing new in it: the import writes nothing."""
