"""The paper trail and the assessment's inputs: documents issued to units and their reply
slips (回执), deliverables received, and the marks entered from outside the ledger.

Each command checks its input, then writes one section of one file through
ledger.storage.transaction, as the other record commands do.
"""

import re
from datetime import date
from pathlib import Path
from typing import Any

from ledger.commands.records import _add, _event, _not_future
from ledger.core.assess import METHODS
from ledger.core.errors import LedgerError, NotFoundError, UsageError
from ledger.core.i18n import text
from ledger.core.model import DOCUMENT_KINDS, Campaign, Ledger, next_free_ids, records
from ledger.core.patch import Change, Edit, SectionEdit
from ledger.core.registry import match_owner
from ledger.core.standing import open_findings
from ledger.storage.sheets import read_sheet
from ledger.storage.store import LedgerFile
from ledger.storage.transaction import update

# The numbering when the campaign sets no pattern: QH督改〔2020〕3号.
DEFAULT_NUMBER = "{prefix}{short}〔{year}〕{n}号"
SHORT = {"notice": "督改", "reminder": "提醒", "letter": "督办", "interview_notice": "约谈"}


def kinds_of(campaign: Campaign) -> dict[str, str]:
    """The kinds of document the campaign issues: key -> Chinese name."""
    kinds = {key: names[1] for key, names in DOCUMENT_KINDS.items()}
    return kinds | dict(campaign.get("document_kinds") or {})


def document_number(ledger: Ledger, kind: str, on: date) -> str:
    """The next number for a document of `kind` issued on `on`, in the campaign's pattern:
    counted per kind and year where the pattern names the kind ({short} or {kind}), per
    year otherwise; it starts again at 1 each year."""
    campaign = ledger["campaign"]
    pattern = campaign.get("document_number") or DEFAULT_NUMBER
    per_kind = "{short}" in pattern or "{kind}" in pattern
    issued = [
        d for d in records(ledger, "documents")
        if d["on"].year == on.year and (d["kind"] == kind or not per_kind)
    ]  # fmt: skip
    taken = {d["number"] for d in records(ledger, "documents")}
    short = SHORT.get(kind) or kinds_of(campaign).get(kind, kind)[:2]
    n = len(issued) + 1
    while True:
        number = pattern.format(
            prefix=campaign["prefix"], short=short, kind=kind, year=on.year, n=n
        )
        if number not in taken:
            return number
        n += 1


def issue_document(
    path: Path,
    kind: str,
    addressee: str,
    finding_ids: list[str],
    on: date,
    today: date,
    *,
    reply_by: date | None = None,
    note: str | None = None,
    by: str | None = None,
) -> dict[str, Any]:
    """Record a document issued to a unit about findings, with its number and the day its
    reply slip is due; returns it as written. Without findings named, the document covers
    the unit's findings open on the day."""
    _not_future(on, today)
    if reply_by is not None and reply_by < on:
        raise UsageError("reply_before_issue", day=on)

    def make(lf: LedgerFile) -> dict[str, Any]:
        kinds = kinds_of(lf.campaign)
        if kind not in kinds:
            raise UsageError("bad_choice", option="--kind", value=kind, choices=tuple(kinds))
        known = sorted({f["owner"] for f in lf.findings} | set(lf.campaign.get("owners") or []))
        unit = match_owner(addressee, known)
        named = finding_ids or [f["id"] for f, _ in open_findings(lf.findings, unit, on)]
        unknown = [i for i in named if lf.finding(i) is None]
        if unknown:
            raise NotFoundError("no_findings_in", findings=tuple(unknown), campaign=lf.path.stem)
        if not named:
            raise NotFoundError("notice_nothing", owner=unit, day=on.isoformat(), owners=("—",))
        return {
            "kind": kind,
            "number": document_number(lf.ledger, kind, on),
            "addressee": unit,
            "on": on,
            "findings": list(dict.fromkeys(named)),
            "reply_by": reply_by,
            "note": note,
            "history": [_event(on, "issued", by)],
        }

    return _add(path, "documents", make)


def reply_document(
    path: Path,
    document_id: str,
    on: date,
    today: date,
    *,
    note: str | None = None,
    evidence: tuple[str, ...] = (),
    by: str | None = None,
) -> dict[str, Any]:
    """Record the reply slip (回执) received for a document."""
    _not_future(on, today)
    result: dict[str, Any] = {}

    def plan(lf: LedgerFile) -> Edit:
        document = _record(lf, "documents", document_id)
        if any(e["event"] == "replied" for e in document.get("history") or []):
            raise LedgerError("already_replied", record=document_id, day=document.get("replied_on"))
        if on < document["on"]:
            raise LedgerError("before_last_event", finding=document_id, day=document["on"])
        event = _event(on, "replied", by, note)
        if evidence:
            event["evidence"] = list(evidence)
        fields: dict[str, Any] = {"replied_on": on}
        if note:
            fields["reply_note"] = note
        result.update(document, **fields)
        change = Change(fields=fields, events=[event])
        return Edit(sections={"documents": SectionEdit(changes={document_id: change})})

    update(path, plan)
    return result


def receive(
    path: Path,
    deliverable_id: str,
    unit: str,
    on: date,
    today: date,
    *,
    note: str | None = None,
    evidence: tuple[str, ...] = (),
    by: str | None = None,
) -> dict[str, Any]:
    """Record a deliverable received from a unit."""
    _not_future(on, today)

    def make(lf: LedgerFile) -> dict[str, Any]:
        deliverables = {d["id"]: d for d in lf.campaign.get("deliverables") or []}
        if deliverable_id not in deliverables:
            raise NotFoundError(
                "no_deliverable", deliverable=deliverable_id, known=tuple(deliverables) or ("—",)
            )
        expected = deliverables[deliverable_id].get("units") or sorted(
            {f["owner"] for f in lf.findings} | set(lf.campaign.get("owners") or [])
        )
        who = match_owner(unit, list(expected))
        already = [
            r
            for r in lf.records("receipts")
            if (r["deliverable"], r["unit"]) == (deliverable_id, who)
        ]
        if already:
            raise LedgerError(
                "already_received", deliverable=deliverable_id, unit=who, day=already[0]["on"]
            )
        return {
            "deliverable": deliverable_id,
            "unit": who,
            "on": on,
            "note": note,
            "evidence": list(evidence) or None,
            "history": [_event(on, "received", by)],
        }

    return _add(path, "receipts", make)


def set_scores(
    path: Path,
    marks: list[tuple[str, str, float]],
    on: date,
    today: date,
    *,
    note: str | None = None,
    by: str | None = None,
) -> list[dict[str, Any]]:
    """Enter units' marks, (unit, method, score) each, by methods the rubric names (a
    questionnaire's average …): all of them, or none on any mistake."""
    _not_future(on, today)
    for _, _, score in marks:
        if not 0 <= score <= 100:
            raise UsageError("bad_score", value=score)
    written: list[dict[str, Any]] = []

    def plan(lf: LedgerFile) -> Edit:
        rubric: dict[str, Any] = dict(lf.campaign.get("rubric") or {})
        own = rubric.get("ledger_method", "assessment")
        methods = tuple(m for m in rubric.get("methods") or {} if m != own)
        known = sorted({f["owner"] for f in lf.findings} | set(lf.campaign.get("owners") or []))
        ids = next_free_ids("SC", (e["id"] for e in lf.records("scores")), len(marks))
        written.clear()
        for new_id, (unit, method, score) in zip(ids, marks, strict=True):
            if method not in methods:
                raise UsageError(
                    "bad_choice", option="--method", value=method, choices=methods or ("—",)
                )
            entry: dict[str, Any] = {"id": new_id, "unit": match_owner(unit, known)}
            entry["method"] = method
            entry |= {
                "score": score,
                "on": on,
                "note": note,
                "history": [_event(on, "entered", by)],
            }
            written.append({k: v for k, v in entry.items() if v is not None})
        return Edit(sections={"scores": SectionEdit(added=[dict(e) for e in written])})

    update(path, plan)
    return written


_NUMBER = re.compile(r"^\d+(\.\d+)?$")
UNIT_HEADERS = ("单位", "责任单位", "被评议单位", "unit")


def marks_of_sheet(sheet_file: Path) -> list[tuple[str, str, float]]:
    """The marks a sheet holds: a column of units (单位 / 责任单位) and a column for each
    method (its key, or its Chinese name: 问卷调查, 暗访检查, 公开评议)."""
    rows = [r for r in read_sheet(sheet_file).rows if any(c not in (None, "") for c in r)]
    header = [str(cell or "").strip() for cell in rows[0]] if rows else []
    unit_at = next((i for i, h in enumerate(header) if h in UNIT_HEADERS), None)
    if unit_at is None:
        raise UsageError("import_no_header", headers=UNIT_HEADERS[:2], sheets=())
    names = {text(f"method_{m}", "zh"): m for m in METHODS}
    columns = {i: names.get(h, h) for i, h in enumerate(header) if i != unit_at and h}
    marks = []
    for row in rows[1:]:
        unit = str(row[unit_at] or "").strip()
        for i, method in columns.items():
            cell = str(row[i]).strip() if i < len(row) and row[i] is not None else ""
            if unit and _NUMBER.match(cell):
                marks.append((unit, method, float(cell)))
    return marks


def _record(lf: LedgerFile, section: str, record_id: str) -> dict[str, Any]:
    record = lf.record(section, record_id)
    if record is None:
        raise NotFoundError("no_record_in", record=record_id, campaign=lf.path.stem)
    return record
