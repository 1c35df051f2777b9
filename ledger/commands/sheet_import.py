"""Importing an existing ledger spreadsheet (整改台账) into a campaign.

Real sheets have a merged title row, a header of one or two rows in a few wordings (with
suffixes such as 责任单位（牵头）), merged body cells, dates typed every which way or kept
as Excel serial numbers, status words instead of states, blank rows, and a totals row at
the bottom. The header is found by its words; every data row is read on its own and every
problem reported with the sheet's row number. A row the ledger cannot hold (no title, a
date that is not a date) refuses the import: nothing is written. A row that breaks a rule
the old sheet could not know (a major hazard without funds or plan) is imported and named
as a warning, and `check` names it until it is put right; `strict` refuses those too.
Columns this does not know are kept on each finding under their own header.

A sheet exported by this tool carries each finding's history (处理记录): the import gives
it back as it was, so the figures of every day come back, not only today's.
"""

import re
from collections.abc import Callable, Iterable
from contextlib import suppress
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from pydantic_core import ValidationError

from ledger.core.counts import tally
from ledger.core.dates import parse_date
from ledger.core.errors import UsageError
from ledger.core.model import FINDING_KEYS, PRIVATE, SEVERITIES, Campaign, Finding, next_free_ids
from ledger.core.patch import Amendment, Edit
from ledger.core.registry import outside, suggest
from ledger.core.sheetplan import Plan, RowProblem
from ledger.core.standing import LADDER_WORDS, STATUS_WORDS, final_standing
from ledger.core.trail import TrailError, parse_trail
from ledger.storage.schema import validate_finding
from ledger.storage.sheets import Cell, SheetData, read_sheet
from ledger.storage.store import LedgerFile, load
from ledger.storage.transaction import update

# field: the headers it goes by (compared without spaces or a bracketed suffix, any case)
HEADERS: dict[str, tuple[str, ...]] = {
    "seq": ("序号", "编号", "no.", "no", "#"),
    "source_id": ("原编号", "id"),
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
    "deadline_was": ("原整改时限", "原时限", "firstdeadline", "originaldeadline"),
    "deadline": ("整改时限", "完成时限", "deadline"),
    "extended_to": ("延期至", "延期时限", "延期后时限", "extendedto"),
    "status": ("整改情况", "整改状态", "是否整改", "状态", "status"),
    "fixed_on": ("完成时间", "整改完成时间", "fixedon", "fixed_on"),
    "verified_on": ("验收时间", "验收日期", "销号时间", "verifiedon"),
    "note": ("备注", "整改说明", "note", "fix_note"),
    "escalation": ("挂牌督办", "督办", "escalation"),
    "supervisor": ("督办单位", "supervisor"),
    "reopened": ("重新整改次数", "timesreopened", "reopened"),
    "dropped_reason": ("撤销原因", "reasondropped", "droppedreason"),
    "trail": ("处理记录", "eventhistory"),
}
REQUIRED = ("title", "owner", "measure", "deadline")
TEXT_FIELDS: tuple[str, ...] = ("title", "owner", "measure", "contact", "location", "area")
TEXT_FIELDS += ("found_by", "funds", "plan", "supervisor")
DATE_FIELDS = ("found_on", "deadline_was", "deadline", "extended_to", "fixed_on", "verified_on")
PAST_FIELDS = ("found_on", "fixed_on", "verified_on")  # what happened: not on a day to come
SEVERITY_WORDS: dict[str, tuple[str, ...]] = {
    "general": ("一般", "一般隐患", "general"),
    "major": ("重大", "重大隐患", "major"),
}
TOTALS = re.compile(r"^(合计|总计|小计|共计|total)", re.IGNORECASE)
_MONTH_DAY = re.compile(r"^(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$")
_TIME_OF_DAY = re.compile(r"^(.+?)[ T]+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
_SUFFIX = re.compile(r"[（(【\[][^（(【\[]*[）)】\]]$")
# Excel counts days from 1899-12-30; a serial number in these bounds is a date in 1954-2119.
_EXCEL_EPOCH = date(1899, 12, 30)
_SERIALS = range(20000, 80000)
HEADER_SCAN = 20
# What a totals row may say, as the sheet's own figures (已整改398处 …).
_TOTAL_WORDS = {
    "found": r"(?:共|合计|总计|发现)[^\d，。；]{0,6}?(\d+)\s*[处条个项件]",
    "fixed": r"(?:已整改|整改完成|已完成)[^\d，。；]{0,3}?(\d+)",
    "verified": r"(?:已验收|已销号|验收销号)[^\d，。；]{0,3}?(\d+)",
    "open": r"(?:未整改|未完成|正在整改|整改中)[^\d，。；]{0,3}?(\d+)",
    "overdue": r"(?:超期|逾期)[^\d，。；]{0,3}?(\d+)",
    "dropped": r"(?:撤销|不属实)[^\d，。；]{0,3}?(\d+)",
}


def _key(text: Any) -> str:
    """A header as it is compared: no spaces, no bracketed suffix, any case."""
    plain = re.sub(r"\s+", "", str(text or "")).lower()
    return _SUFFIX.sub("", plain) or plain


_KNOWN = {_key(alias): name for name, aliases in HEADERS.items() for alias in aliases}


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


def find_header(data: SheetData, maps: dict[str, str]) -> int:
    """The index of the header row: the first of the top rows naming three known columns
    and the finding itself. None found: a UsageError naming the other sheets."""
    known = _KNOWN | maps
    for index, row in enumerate(data.rows[:HEADER_SCAN]):
        names = {known.get(_key(cell)) for cell in row if isinstance(cell, str)}
        if "title" in names and len(names - {None}) >= 3:
            return index
    others = tuple(name for name in data.sheets if name != data.name)
    key = "import_no_header_sheets" if others else "import_no_header"
    raise UsageError(key, headers=HEADERS["title"][:3], sheets=others)


def header_rows(data: SheetData, at: int, maps: dict[str, str]) -> tuple[list[Cell], int]:
    """The header as one row, and the index of the first data row. A two-row header (整改
    情况 merged over 是否整改 and 完成时间) is read as the columns of its second row, under
    the first where the second says nothing new."""
    top = data.rows[at]
    if at + 1 >= len(data.rows):
        return top, at + 1
    below = data.rows[at + 1]
    title_at = next(i for i, cell in enumerate(top) if (_KNOWN | maps).get(_key(cell)) == "title")
    under_title = below[title_at] if title_at < len(below) else None
    if under_title not in (None, top[title_at]) or not any(
        (_KNOWN | maps).get(_key(cell)) for cell in below if isinstance(cell, str)
    ):
        return top, at + 1
    merged: list[Cell] = []
    for column, cell in enumerate(top):
        sub = below[column] if column < len(below) else None
        merged.append(sub if sub not in (None, "", cell) else cell)
    return merged, at + 2


def column_fields(header: list[Cell], maps: dict[str, str]) -> list[tuple[str, str]]:
    """(key, field) for each column; the field is "" for a column kept on each finding
    under its own header (made unique, and never one of the tool's own keys: a sheet's
    `id` column must not overwrite the ids the tool gives) and "-" for an empty header or
    one read no further (a second id column)."""
    texts = ["" if cell is None else str(cell).strip() for cell in header]
    names = [maps.get(_key(t)) or _KNOWN.get(_key(t), "") for t in texts]
    if names.count("seq") > 1:  # 序号 and 编号: 编号 is an id this tool exported
        second = names.index("seq", names.index("seq") + 1)
        names[second] = "-" if "source_id" in names else "source_id"  # 原编号 is older
    result: list[tuple[str, str]] = []
    taken: set[str] = set()
    kept: set[str] = set()
    for text, name in zip(texts, names, strict=True):
        if not text:
            name = "-"
        elif name == "-":
            pass  # an id of a later generation: 原编号, the first one, is kept
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
    """A date cell, or a date as typed: 2020/5/31, 2020年5月31日, 5月31日, an Excel serial
    number (44712, as a number or as text), or any of these followed by a time of day."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if int(value) in _SERIALS:
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise ValueError(value)
    text = str(value).strip()
    if match := _TIME_OF_DAY.match(text):
        text = match[1]
    if re.fullmatch(r"\d{5}(\.0+)?", text) and int(float(text)) in _SERIALS:
        return _EXCEL_EPOCH + timedelta(days=int(float(text)))
    if match := _MONTH_DAY.match(text):
        return date(year, int(match[1]), int(match[2]))
    return parse_date(text, today, option="")


def _word(value: Cell, words: dict[str, tuple[str, ...]]) -> str | None:
    text = _key(value)
    return next(
        (name for name, options in words.items() if text in (_key(o) for o in options)), None
    )


class RowReader:
    """Turns one data row into a finding's values, noting each problem and warning."""

    def __init__(
        self, columns: list[tuple[str, str]], campaign: Campaign, today: date, by: str | None
    ) -> None:
        self.columns, self.campaign, self.today, self.by = columns, campaign, today, by
        start = campaign.get("start")
        self.year = start.year if start else today.year
        self.present = {name for _, name in columns}

    def read(
        self, number: int, row: list[Cell], problems: list[RowProblem], warnings: list[RowProblem]
    ) -> dict[str, Any]:
        self.number, self.problems, self.warnings = number, problems, warnings
        self.cells = {
            name: (header, row[i] if i < len(row) else None)
            for i, (header, name) in enumerate(self.columns)
        }
        values: dict[str, Any] = {}
        for i, (header, name) in enumerate(self.columns):
            cell = row[i] if i < len(row) else None
            if name == "" and cell not in (None, ""):
                values[header] = cell.strip() if isinstance(cell, str) else cell
            if name == "source_id" and cell not in (None, ""):
                values["原编号"] = str(cell).strip()
        for name in TEXT_FIELDS:
            text = self._text(name)
            if text:
                values[name] = text
            elif name in REQUIRED and name in self.present:
                self._problem(name, "import_missing")
        days = {name: self._date(name) for name in DATE_FIELDS}
        if "deadline" in self.present and self._cell("deadline") in (None, ""):
            self._problem("deadline", "import_missing")
        if self.problems:
            return values
        values["found_on"] = self._found_on(days)
        values["severity"] = self._severity()
        history = self._history(values, days)
        if history is None:
            return values
        values["history"] = history
        self._cache(values, days)
        self._warn(values)
        return values

    # --- cells ---------------------------------------------------------------------

    def _header(self, name: str) -> str:
        """The column's header in the sheet, or the words it goes by where there is none."""
        return self.cells.get(name, (HEADERS.get(name, (name,))[0], None))[0]

    def _cell(self, name: str) -> Cell:
        return self.cells.get(name, (name, None))[1]

    def _text(self, name: str) -> str:
        cell = self._cell(name)
        return "" if cell is None else str(cell).strip()

    def _problem(self, name: str, key: str, **params: Any) -> None:
        self.problems.append(RowProblem(self.number, self._header(name), key, params))

    def _warning(self, name: str, key: str, **params: Any) -> None:
        self.warnings.append(RowProblem(self.number, self._header(name), key, params))

    def _date(self, name: str) -> date | None:
        cell = self._cell(name)
        try:
            day = to_date(cell, self.year, self.today)
        except (UsageError, ValueError):
            self._problem(name, "import_bad_date", value=cell)
            return None
        if day is not None and day > self.today and name in PAST_FIELDS:
            self._problem(name, "import_future", day=day)
        return day

    # --- the finding -----------------------------------------------------------------

    def _found_on(self, days: dict[str, date | None]) -> date:
        found = days["found_on"]
        if found is not None:
            return found
        start = self.campaign.get("start")
        assert start is not None  # plan_import refuses a campaign without one first
        return start

    def _severity(self) -> str:
        cell = self._cell("severity")
        severity = "general" if cell in (None, "") else _word(cell, SEVERITY_WORDS)
        if severity not in SEVERITIES:
            self._problem("severity", "import_bad_severity", value=cell)
            return "general"
        return severity

    def _history(self, values: dict[str, Any], days: dict[str, date | None]) -> list[Any] | None:
        """The finding's events: as its 处理记录 says where the sheet carries one, else as
        its columns imply."""
        trail = self._text("trail")
        if trail:
            try:
                events = parse_trail(trail)
            except TrailError as exc:
                self._problem("trail", "import_bad_trail", number=exc.number, line=exc.line)
                return None
            if not events or events[0]["event"] != "found":
                first = trail.strip().splitlines()[0]
                self._problem("trail", "import_bad_trail", number=1, line=first)
                return None
            values["found_on"] = events[0]["on"]
            if self.by and "by" not in events[0]:
                events[0]["by"] = self.by
            return list(events)
        return self._implied_history(values, days)

    def _implied_history(
        self, values: dict[str, Any], days: dict[str, date | None]
    ) -> list[Any] | None:
        found_on = values["found_on"]
        status_cell = self._cell("status")
        status = _word(status_cell, STATUS_WORDS)
        if status is None:
            self._problem("status", "import_bad_status", value=status_cell)
            return None
        note = self._text("note")
        found: dict[str, Any] = {"on": found_on, "event": "found"}
        if self.by:
            found["by"] = self.by
        if note and status not in ("fixed", "verified"):
            found["note"] = note  # a remark on the finding, not a claim of rectification
        history: list[dict[str, Any]] = [found]
        step = _word(self._cell("escalation"), LADDER_WORDS)
        if step is None:
            self._problem("escalation", "import_bad_escalation", value=self._cell("escalation"))
            return None
        if step:
            escalated = {"on": found_on, "event": "escalated", "step": step}
            if values.get("supervisor"):
                escalated["supervisor"] = values["supervisor"]
            history.append(escalated)
        extension = self._extension(found_on, days)
        if extension is not None:
            history.append(extension)
        fixed_on = days["fixed_on"]
        if status in ("fixed", "verified"):
            if fixed_on is None:
                self._problem("fixed_on", "import_fixed_without_date", value=status_cell)
                return None
            if fixed_on < found_on:
                self._problem("fixed_on", "import_fixed_before_found", found_on=found_on)
                return None
            fixed: dict[str, Any] = {"on": fixed_on, "event": "fixed"}
            if note:
                fixed["note"] = note
            history.append(fixed)
            if status == "verified":
                verified_on = max(days["verified_on"] or fixed_on, fixed_on)
                history.append({"on": verified_on, "event": "verified"})
        elif fixed_on is not None and status == "open":
            self._problem("fixed_on", "import_open_with_date", value=status_cell)
            return None
        if status == "dropped":
            reason = self._text("dropped_reason") or str(status_cell).strip()
            history.append({"on": found_on, "event": "dropped", "reason": reason})
        return sorted(history, key=lambda event: event["on"])

    def _extension(self, found_on: date, days: dict[str, date | None]) -> dict[str, Any] | None:
        """An extension the columns show (原整改时限 and 整改时限, or 整改时限 and 延期至),
        dated on the original deadline: when it was granted, the sheet does not say."""
        first, then = days["deadline_was"], days["deadline"]
        if days["extended_to"] is not None:
            first, then = days["deadline"], days["extended_to"]
        if first is None or then is None or then <= first:
            return None
        on = min(max(first, found_on), self.today)
        return {"on": on, "event": "extended", "from": first, "to": then, "reason": "—"}

    def _cache(self, values: dict[str, Any], days: dict[str, date | None]) -> None:
        """The stored fields: what the history says after its last event."""
        values["deadline"] = days["extended_to"] or days["deadline"]
        if values["deadline"] is None:
            return
        probe: Finding = {"id": "X-1", "status": "open", **values}  # type: ignore[typeddict-item]
        if values["history"] and values["history"][0]["event"] == "found":
            first = values["history"][0]["on"]
            values["found_on"] = probe["found_on"] = first
        st = final_standing(probe)
        if st is None:
            return
        values["status"] = st.state
        values["deadline"] = st.deadline
        for name, value in (
            ("fixed_on", st.fixed_on),
            ("fix_note", st.fix_note),
            ("escalation", st.escalation),
            ("supervisor", st.supervisor),
        ):
            if value is not None:
                values[name] = value
            else:
                values.pop(name, None)

    def _warn(self, values: dict[str, Any]) -> None:
        """Rules of the domain the old sheet could not know: imported, and named."""
        if values.get("severity") == "major" and values.get("status") != "dropped":
            for name in ("funds", "plan"):
                if not values.get(name):
                    self._warning(name, "import_major_lacks", field=HEADERS[name][0])
        for name, registry in (
            ("area", self.campaign.get("areas")),
            ("owner", self.campaign.get("owners")),
        ):
            value = values.get(name)
            if outside(value, registry):
                assert value is not None and registry
                hint = suggest(value, registry)
                self._warning(name, "import_not_in_registry", value=value, hint=hint)
        deadline = values.get("deadline")
        if deadline is not None and deadline < values["found_on"]:
            self._warning("deadline", "import_deadline_before_found", found_on=values["found_on"])


def is_totals(row: list[Cell], title_at: int) -> bool:
    """A totals row (合计, 总计, 小计): in a cell before the title, or as the whole title."""
    before = [str(c).strip() for c in row[: max(title_at, 1)] if c not in (None, "")]
    title = str(row[title_at]).strip() if title_at < len(row) and row[title_at] is not None else ""
    return any(TOTALS.match(c) for c in before) or bool(TOTALS.fullmatch(title))


def totals_of(row: list[Cell]) -> dict[str, int]:
    """What a totals row says of the sheet's figures (共154处 已整改148处 …)."""
    said = "，".join(str(cell) for cell in row if cell not in (None, ""))
    figures = {}
    for name, pattern in _TOTAL_WORDS.items():
        if match := re.search(pattern, said):
            figures[name] = int(match[1])
    return figures


def _identity(finding: dict[str, Any] | Finding) -> tuple[str, str, str]:
    return (
        str(finding.get("title", "")),
        str(finding.get("location") or ""),
        str(finding.get("owner", "")),
    )


def plan_import(
    lf: LedgerFile,
    data: SheetData,
    maps: dict[str, str],
    today: date,
    progress: Callable[[int], None] | None = None,
    by: str | None = None,
) -> Plan:
    """Read every data row below the header; nothing is written here."""
    at = find_header(data, maps)
    header, first = header_rows(data, at, maps)
    _check_maps(maps, header)
    columns = column_fields(header, maps)
    plan = Plan(columns={text: name for text, name in columns if name != "-"})
    present = {name for _, name in columns}
    _missing_columns(plan, present, lf.campaign, at + 1)
    if plan.problems:
        return plan
    reader = RowReader(columns, lf.campaign, today, by)
    existing = {_identity(f) for f in lf.findings}
    title_at = next((i for i, (_, name) in enumerate(columns) if name == "title"), 0)
    for index in range(first, len(data.rows)):
        number, row = index + 1, data.rows[index]
        if progress is not None:
            progress(index)
        if all(cell is None or str(cell).strip() == "" for cell in row):
            continue
        if is_totals(row, title_at):
            plan.skipped.append((number, "import_skipped_totals", {}))
            plan.sheet_totals = totals_of(row)
            continue
        problems: list[RowProblem] = []
        warnings: list[RowProblem] = []
        values = reader.read(number, row, problems, warnings)
        if not problems:
            _validate(number, values, problems)
        if problems:
            plan.problems += problems
            continue
        identity = _identity(values)
        if identity in existing:
            plan.skipped.append((number, "import_skipped_existing", {"title": values["title"]}))
            continue
        plan.warnings += warnings
        plan.findings.append((number, values))
    plan.counts = _counts(plan, today)
    return plan


def _check_maps(maps: dict[str, str], header: list[Cell]) -> None:
    """Every --map names a column the sheet has."""
    headers = {_key(cell) for cell in header if cell not in (None, "")}
    for name in maps:
        if name not in headers:
            shown = tuple(str(cell) for cell in header if cell not in (None, ""))
            raise UsageError("import_map_unknown", column=name, headers=shown)


def _missing_columns(plan: Plan, present: set[str], campaign: Campaign, row: int) -> None:
    """A required column the sheet lacks: once, by the words it goes by and the --map to
    write; a missing 发现时间 is assumed to be the campaign's start, and said so."""
    for name in REQUIRED:
        if name not in present:
            words = HEADERS[name][:3]
            plan.problems.append(
                RowProblem(row, "", "import_no_column", {"words": words, "field": name})
            )
    if "found_on" not in present:
        start = campaign.get("start")
        if start is None:
            plan.problems.append(RowProblem(row, "", "import_no_found_on", {}))
        else:
            plan.assumed.append(("import_assumed_found_on", {"day": start}))
    if "trail" not in present and "reopened" in present:
        plan.assumed.append(("import_assumed_reopenings", {}))


def _validate(number: int, values: dict[str, Any], problems: list[RowProblem]) -> None:
    try:
        validate_finding({"id": "X-1", **values})
    except ValidationError as exc:
        problems.append(
            RowProblem(number, "", "import_invalid", {"detail": exc.errors()[0]["msg"]})
        )


def _counts(plan: Plan, today: date) -> dict[str, int]:
    """The would-be findings' figures today, as the preview shows them."""
    findings: list[Finding] = [
        {"id": f"X-{n}", **values}  # type: ignore[typeddict-item]
        for n, (_, values) in enumerate(plan.findings, start=1)
    ]
    figures = tally(findings, today)
    names = ("found", "fixed", "verified", "open", "overdue", "dropped")
    return {name: getattr(figures, name) for name in names}


def import_sheet(
    path: Path,
    sheet_file: Path,
    today: date,
    *,
    sheet: str | None = None,
    maps: Iterable[str] = (),
    dry_run: bool = False,
    strict: bool = False,
    progress: Callable[[int, int], None] | None = None,
    by: str | None = None,
    amend: Amendment | None = None,
) -> Plan:
    """Import the sheet's findings into the ledger at `path`, all or nothing; `by` is who
    recorded them. Warnings refuse the import too where `strict`."""
    unread = [read_sheet(sheet_file, sheet)]  # let go of once planned: 100,000 rows, 300 MB
    mapped = parse_maps(maps)
    total = len(unread[0].rows)
    step = (lambda i: progress(i, total)) if progress else None

    def planned_on(lf: LedgerFile) -> Plan:
        planned = plan_import(lf, unread.pop(), mapped, today, step, by)
        if strict:
            planned.problems += planned.warnings
            planned.warnings = []
        return planned

    if dry_run:
        return planned_on(load(path))
    plan = Plan()

    def edit(lf: LedgerFile) -> Edit:
        """Planned on the file as it is under the lock, so ids and duplicates are right."""
        vars(plan).update(vars(planned_on(lf)))
        if plan.problems or not plan.findings:
            raise _NothingToWrite
        used = (f["id"] for f in lf.findings)
        plan.ids = next_free_ids(lf.campaign["prefix"], used, len(plan.findings))
        pairs = zip(plan.ids, plan.findings, strict=True)
        added = [{"id": new_id, **values} for new_id, (_, values) in pairs]
        return Edit(added=added, amend=amend)

    with suppress(_NothingToWrite):
        update(path, edit)
    return plan


class _NothingToWrite(Exception):
    """Problems in the sheet, or nothing new in it: the import writes nothing."""
