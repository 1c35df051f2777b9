"""Creating ledgers and findings, and correcting them: init, add and edit. Each checks its
input, then writes one file."""

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pydantic_core import ValidationError

from ledger.core.errors import LedgerError, NotFoundError, RefusedError, UsageError
from ledger.core.model import (
    EDITABLE,
    SEVERITIES,
    Campaign,
    Finding,
    is_one_line,
    next_free_id,
)
from ledger.core.patch import Amendment, Change, Edit, FieldChange
from ledger.core.registry import require_registered
from ledger.core.standing import events_of, first_deadline, implied_history, last_event_day
from ledger.storage.atomic import write_atomic
from ledger.storage.formats import NEWEST
from ledger.storage.lock import locked
from ledger.storage.parser import parse
from ledger.storage.schema import validate, validate_finding
from ledger.storage.source import Source
from ledger.storage.store import LedgerFile, ledger_path
from ledger.storage.transaction import update
from ledger.storage.yamltext import dump, flow_seq, round_trip_yaml, scalar

PREFIX = re.compile(r"[A-Za-z][A-Za-z0-9]{0,15}")


def default_prefix(campaign_id: str) -> str:
    """Initials of the id's parts: qinhuai-2020-safety gives Q2S."""
    initials = "".join(part[0] for part in re.split(r"[-_.]+", campaign_id) if part)
    prefix = initials.upper()
    return prefix if PREFIX.fullmatch(prefix) else "F"


def init_ledger(
    data_dir: Path,
    campaign_id: str,
    *,
    title: str,
    prefix: str | None = None,
    organiser: str | None = None,
    start: date | None = None,
    end: date | None = None,
    areas: list[str] | None = None,
    owners: list[str] | None = None,
    language: str | None = None,
) -> Path:
    """Create a new, empty ledger file; never overwrite one. `language` (zh or en) is the
    one its reports are written in when no language is asked for."""
    path = ledger_path(data_dir, campaign_id)
    prefix = prefix or default_prefix(campaign_id)
    if not PREFIX.fullmatch(prefix):
        raise UsageError("bad_prefix", prefix=prefix)
    if start and end and end < start:
        raise UsageError("end_before_start", start=start, end=end)
    if not is_one_line(title):  # it heads the file as a comment line
        raise UsageError("not_one_line", option="--title")
    if language not in (None, "zh", "en"):
        raise UsageError("bad_choice", option="--language", value=language, choices=("zh", "en"))
    campaign: dict[str, Any] = {
        "id": campaign_id,
        "title": title,
        "organiser": organiser,
        "start": start,
        "end": end,
        "prefix": prefix,
        "areas": flow_seq(areas) if areas else None,
        "owners": flow_seq(owners) if owners else None,
        "language": language,
    }
    document = {
        "ledger": NEWEST,
        "campaign": {k: scalar(v) for k, v in campaign.items() if v is not None},
        "findings": flow_seq([]),
    }
    header = f"# 台账 · {title}\n# Kept with the `ledger` command and by hand: comments and extra keys stay.\n"
    text = header + dump(round_trip_yaml(), document)
    validate(parse(Source(path, text.encode("utf-8"))))  # refuse what would not load
    data_dir.mkdir(parents=True, exist_ok=True)
    with locked(path):
        if path.exists():
            raise UsageError("campaign_exists", path=str(path))
        write_atomic(path, text.encode("utf-8"), create=True)
    return path


@dataclass(frozen=True)
class NewFinding:
    """What `add` is told; id, status and history are the tool's to give."""

    title: str
    owner: str
    measure: str
    deadline: date
    found_on: date
    area: str | None = None
    location: str | None = None
    found_by: str | None = None
    severity: str = "general"
    contact: str | None = None
    funds: str | None = None
    plan: str | None = None
    source: str | None = None  # the activity that found it


def require_activity(lf: LedgerFile, activity_id: str | None) -> None:
    """A finding's source names an activity of the ledger."""
    if activity_id is not None and lf.record("activities", activity_id) is None:
        raise NotFoundError("no_record_in", record=activity_id, campaign=lf.path.stem)


def next_id(campaign: Campaign, findings: list[Finding]) -> str:
    """One past the highest number used with the campaign's prefix: ids are never reused."""
    return next_free_id(campaign["prefix"], (f["id"] for f in findings))


def add_finding(
    path: Path,
    new: NewFinding,
    today: date,
    *,
    by: str | None = None,
    amend: Amendment | None = None,
) -> Finding:
    """Append a finding with the next free id, its `found` event naming who recorded it;
    returns it as written."""
    if new.severity not in SEVERITIES:
        raise UsageError(
            "bad_choice", option="--severity", value=new.severity, choices=tuple(SEVERITIES)
        )
    if new.found_on > today:
        raise UsageError("date_in_future", option="--found-on", day=new.found_on)
    if new.deadline < new.found_on:
        raise UsageError(
            "deadline_before_found_input", deadline=new.deadline, found_on=new.found_on
        )
    for name, value in (("title", new.title), ("owner", new.owner), ("measure", new.measure)):
        if not value.strip():
            raise UsageError("empty_value", option=f"--{name}")
    created: dict[str, Any] = {}

    def plan(lf: LedgerFile) -> Edit:
        campaign = lf.campaign
        require_registered("area", new.area, campaign.get("areas"))
        require_registered("owner", new.owner, campaign.get("owners"))
        require_activity(lf, new.source)
        values = {k: v for k, v in vars(new).items() if v is not None}
        values["id"] = next_id(campaign, lf.findings)
        values["status"] = "open"
        found: dict[str, Any] = {"on": new.found_on, "event": "found"}
        if by:
            found["by"] = by
        values["history"] = [found]
        try:
            validate_finding(values)
        except ValidationError as exc:
            raise UsageError("bad_finding", detail=str(exc.errors()[0]["msg"])) from None
        created.update(values)
        return Edit(added=[values], amend=amend)

    after = update(path, plan)
    finding = after.finding(created["id"])
    if finding is None:
        raise LedgerError("edit_mismatch", path=str(path))
    return finding


def _check_found_on(finding: Finding, found_on: date) -> None:
    """A corrected found_on must still come first: before the deadline set when found and
    before every later step."""
    events = events_of(finding)
    later = [e["on"] for e in events[1:] if e.get("field") != "found_on"]
    deadline = first_deadline(finding, events)
    if found_on > deadline:
        raise UsageError("deadline_before_found_input", deadline=deadline, found_on=found_on)
    if later and found_on > min(later):
        raise UsageError("found_after_steps", found_on=found_on, day=min(later))


def edit_finding(
    path: Path,
    finding_id: str,
    values: dict[str, str | None],
    on: date,
    by: str | None,
    today: date,
    *,
    correction: bool = False,
    found_on: date | None = None,
    amend: Amendment | None = None,
) -> list[FieldChange]:
    """Reassign or correct a finding's fields, each change recorded as an event, old -> new.

    An edit takes effect from its day `on`: figures as of earlier days keep the old value.
    A `correction` (更正) says the value in force was a mistake, and applies from the day
    that value came into force. `found_on` corrects the day the finding was found (always a
    correction: it moves the `found` event). Returns the fields changed (a value given as
    it already was is no change)."""
    if on > today:
        raise UsageError("date_in_future", option="--on", day=on)
    if found_on is not None and found_on > today:
        raise UsageError("date_in_future", option="--found-on", day=found_on)
    given = {key: value for key, value in values.items() if value is not None}
    if not given and found_on is None:
        options = (*(f"--{k.replace('_', '-')}" for k in EDITABLE), "--found-on")
        raise UsageError("nothing_to_edit", fields=options)
    for key, value in given.items():
        if key not in EDITABLE:
            raise UsageError("bad_choice", option="field", value=key, choices=tuple(EDITABLE))
        if not value.strip():
            raise UsageError("empty_value", option=f"--{key}")
    if given.get("severity", "general") not in SEVERITIES:
        choices = tuple(SEVERITIES)
        raise UsageError(
            "bad_choice", option="--severity", value=given["severity"], choices=choices
        )

    made: list[FieldChange] = []

    def plan(lf: LedgerFile) -> Edit:
        finding = lf.finding(finding_id)
        if finding is None:
            raise NotFoundError("no_finding_in", finding=finding_id, campaign=lf.path.stem)
        require_registered("area", given.get("area"), lf.campaign.get("areas"))
        require_registered("owner", given.get("owner"), lf.campaign.get("owners"))
        require_activity(lf, given.get("source"))
        changed: dict[str, Any] = {k: v for k, v in given.items() if finding.get(k) != v}
        if found_on is not None and found_on != finding["found_on"]:
            _check_found_on(finding, found_on)
            changed["found_on"] = found_on
        if not changed:
            raise UsageError("nothing_changes", finding=finding_id)
        made[:] = [FieldChange(key, finding.get(key), new) for key, new in changed.items()]
        after = {**finding, **changed}
        if after.get("severity") == "major":
            lacking = [f"--{key}" for key in ("funds", "plan") if not after.get(key)]
            if lacking:
                raise UsageError("missing_five", options=tuple(lacking))
        last = last_event_day(finding)
        if on < last:
            raise RefusedError([("before_last_event", {"finding": finding_id, "day": last})])
        events = [] if finding["history"] else [dict(e) for e in implied_history(finding)]
        for key, new in changed.items():
            event = {"on": on, "event": "edited", "field": key, "old": finding.get(key), "new": new}
            if correction or key == "found_on":
                event["correction"] = True
            events.append({**event, "by": by} if by else event)
        return Edit(changes={finding_id: Change(fields=changed, events=events)}, amend=amend)

    update(path, plan)
    return made
