"""The campaign's record beside its findings: activities held, the consolidated problem
list, suggestions made, and the figures published upward.

Each entry has an id and a history, as findings do; each command here checks its
input, then writes one section of one file through ledger.storage.transaction.
"""

from datetime import date
from pathlib import Path
from typing import Any

from pydantic_core import ValidationError

from ledger.core.counts import PUBLISHED_KEYS, published_figures
from ledger.core.errors import LedgerError, NotFoundError, UsageError
from ledger.core.i18n import Phrase
from ledger.core.model import (
    ACTIVITY_KINDS,
    INSPECTION_MODES,
    RECORD_PREFIX,
    SUGGESTION_STATUSES,
    next_free_id,
)
from ledger.core.patch import Change, Edit, SectionEdit
from ledger.core.registry import match_owner
from ledger.storage.schema import validate_record
from ledger.storage.store import LedgerFile
from ledger.storage.transaction import update


def next_record_id(section: str, entries: list[dict[str, Any]]) -> str:
    """One past the highest number used in the section: A-001, L-001, S-001; never reused."""
    return next_free_id(RECORD_PREFIX[section], (e.get("id", "") for e in entries))


def _event(on: date, event: str, by: str | None, note: str | None = None) -> dict[str, Any]:
    return {k: v for k, v in {"on": on, "event": event, "by": by, "note": note}.items() if v}


def _not_future(on: date, today: date, option: str = "--on") -> None:
    if on > today:
        raise UsageError("date_in_future", option=option, day=on)


def _add(path: Path, section: str, make: Any) -> dict[str, Any]:
    """Append one entry made by `make(lf)` (a dict without id) with the section's next id."""
    created: dict[str, Any] = {}

    def plan(lf: LedgerFile) -> Edit:
        made = {key: value for key, value in make(lf).items() if value is not None}
        values = {"id": next_record_id(section, lf.records(section)), **made}
        try:
            validate_record(section, values)
        except ValidationError as exc:
            raise UsageError("bad_finding", detail=str(exc.errors()[0]["msg"])) from None
        created.update(values)
        return Edit(sections={section: SectionEdit(added=[values])})

    update(path, plan)
    return created


def add_activity(
    path: Path,
    kind: str,
    on: date,
    today: date,
    *,
    place: str | None = None,
    participants: int | None = None,
    group: str | None = None,
    mode: str | None = None,
    unit: str | None = None,
    findings: list[str] | None = None,
    outcome: str | None = None,
    note: str | None = None,
    by: str | None = None,
) -> dict[str, Any]:
    """Record an inspection (open or covert), meeting, seminar, look-back session, the
    interview of a unit (约谈) or an escalated investigation (提级调查)."""
    if kind not in ACTIVITY_KINDS:
        raise UsageError("bad_choice", option="--kind", value=kind, choices=tuple(ACTIVITY_KINDS))
    if mode is not None and (kind != "inspection" or mode not in INSPECTION_MODES):
        raise UsageError("bad_choice", option="--mode", value=mode, choices=INSPECTION_MODES)
    if unit is None and kind in ("interview", "investigation"):
        raise UsageError("unit_needed", kind=Phrase(f"kind_{kind}"))
    _not_future(on, today)
    if participants is not None and participants < 0:
        raise UsageError("bad_participants", value=participants)

    def make(lf: LedgerFile) -> dict[str, Any]:
        unknown = [i for i in findings or [] if lf.finding(i) is None]
        if unknown:
            raise NotFoundError("no_findings_in", findings=tuple(unknown), campaign=lf.path.stem)
        known = sorted({f["owner"] for f in lf.findings} | set(lf.campaign.get("owners") or []))
        return {
            "kind": kind,
            "on": on,
            "place": place,
            "participants": participants,
            "group": group,
            "mode": mode,
            "unit": match_owner(unit, known) if unit is not None else None,
            "findings": list(findings) if findings else None,
            "outcome": outcome,
            "note": note,
            "history": [_event(today, "recorded", by)],
        }

    return _add(path, "activities", make)


def add_item(
    path: Path,
    title: str,
    finding_ids: list[str],
    on: date,
    today: date,
    *,
    note: str | None = None,
    by: str | None = None,
) -> dict[str, Any]:
    """Put an entry on the problem list (问题清单), grouping findings that exist."""
    if not title.strip():
        raise UsageError("empty_value", option="--title")
    if not finding_ids:
        raise UsageError("item_needs_findings")
    _not_future(on, today)

    def make(lf: LedgerFile) -> dict[str, Any]:
        known = {f["id"] for f in lf.findings}
        unknown = [finding_id for finding_id in finding_ids if finding_id not in known]
        if unknown:
            raise NotFoundError("no_findings_in", findings=tuple(unknown), campaign=lf.path.stem)
        values = {"title": title, "on": on, "findings": list(dict.fromkeys(finding_ids))}
        return {**values, "note": note, "history": [_event(on, "listed", by)]}

    return _add(path, "items", make)


def add_suggestion(
    path: Path,
    title: str,
    addressee: str,
    on: date,
    today: date,
    *,
    note: str | None = None,
    by: str | None = None,
) -> dict[str, Any]:
    """Record a suggestion (意见建议) made to an addressee; it starts as proposed."""
    for option, value in (("--title", title), ("--to", addressee)):
        if not value.strip():
            raise UsageError("empty_value", option=option)
    _not_future(on, today)
    values = {
        "title": title,
        "addressee": addressee,
        "on": on,
        "status": "proposed",
        "note": note,
        "history": [_event(on, "proposed", by)],
    }
    return _add(path, "suggestions", lambda lf: values)


def set_suggestion(
    path: Path,
    suggestion_id: str,
    status: str,
    on: date,
    today: date,
    *,
    note: str | None = None,
    by: str | None = None,
) -> dict[str, Any]:
    """Record how a suggestion was taken up: adopted, in progress, done or declined."""
    if status not in SUGGESTION_STATUSES:
        choices = tuple(SUGGESTION_STATUSES)
        raise UsageError("bad_choice", option="--status", value=status, choices=choices)
    _not_future(on, today)
    result: dict[str, Any] = {}

    def plan(lf: LedgerFile) -> Edit:
        suggestion = lf.record("suggestions", suggestion_id)
        if suggestion is None:
            raise NotFoundError("no_record_in", record=suggestion_id, campaign=lf.path.stem)
        if suggestion["status"] == status:
            raise LedgerError(
                "suggestion_already", record=suggestion_id, status=Phrase(f"suggestion_{status}")
            )
        history = suggestion.get("history") or []
        last = max((e["on"] for e in history), default=suggestion["on"])
        if on < last:
            raise LedgerError("before_last_event", finding=suggestion_id, day=last)
        change = Change(fields={"status": status}, events=[_event(on, status, by, note)])
        result.update(suggestion, status=status)
        return Edit(sections={"suggestions": SectionEdit(changes={suggestion_id: change})})

    update(path, plan)
    return result


def publish(
    path: Path,
    as_of: date,
    today: date,
    *,
    note: str | None = None,
    by: str | None = None,
    amend_reason: str | None = None,
) -> dict[str, Any]:
    """Record the figures reported upward for `as_of`; from then on every write is held to
    them. The period figures are those of as_of's month, up to as_of.

    With `amend_reason`, publish again for a date already published: the figures become
    today's, and the publication's history keeps the old ones and the reason."""
    _not_future(as_of, today, "--as-of")
    if amend_reason is not None and not amend_reason.strip():
        raise UsageError("empty_value", option="--reason")
    entry: dict[str, Any] = {}

    def plan(lf: LedgerFile) -> Edit:
        existing = next((p for p in lf.records("published") if p["as_of"] == as_of), None)
        figures = published_figures(lf.findings, as_of)
        if existing is None and amend_reason is not None:
            raise NotFoundError("not_published", day=as_of, path=str(lf.path))
        if existing is not None and amend_reason is None:
            raise UsageError("already_published", day=as_of, path=str(lf.path))
        entry.update(figures)
        if existing is not None and amend_reason is not None:
            was = {key: existing[key] for key in (*PUBLISHED_KEYS, "period") if key in existing}
            event = _event(today, "amended", by) | {"reason": amend_reason.strip(), "was": was}
            fields = {key: value for key, value in figures.items() if key != "as_of"}
            change = Change(fields=fields, events=[event])
            return Edit(sections={"published": SectionEdit(changes={str(as_of): change})})
        entry.update({k: v for k, v in (("published_on", today), ("by", by), ("note", note)) if v})
        return Edit(sections={"published": SectionEdit(added=[dict(entry)])})

    update(path, plan)
    return entry
