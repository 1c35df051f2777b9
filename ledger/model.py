"""The ledger's data model (format version 1) and the translation of schema errors.

Models are a read-only view of a file. Writes never serialise a model: they edit
the file's text (see ledger.edit), so unknown keys and comments are never lost.
Every model keeps unknown keys (extra="allow"): they are the users' own.
"""

from collections.abc import Iterator
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from ledger.errors import InvalidLedgerError, Problem
from ledger.source import Parsed, key_line

FORMAT_VERSION = 1

Status = Literal["open", "fixed", "verified", "dropped"]
Severity = Literal["general", "major"]
EventKind = Literal["found", "fixed", "verified", "reopened", "dropped"]

STATUSES: tuple[Status, ...] = ("open", "fixed", "verified", "dropped")
SEVERITIES: tuple[Severity, ...] = ("general", "major")
# The state a finding is in after each kind of history event.
STATE_AFTER: dict[str, Status] = {
    "found": "open",
    "fixed": "fixed",
    "verified": "verified",
    "reopened": "open",
    "dropped": "dropped",
}

# The order the tool writes a finding's keys in; new keys are inserted by it.
FINDING_KEYS = (
    "id",
    "title",
    "area",
    "location",
    "found_on",
    "found_by",
    "severity",
    "owner",
    "contact",
    "measure",
    "deadline",
    "status",
    "fixed_on",
    "fix_note",
    "history",
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)


class Event(_Model):
    """One dated change in a finding's history."""

    on: date
    event: EventKind
    by: str | None = None
    note: str | None = None


class Campaign(_Model):
    id: str
    title: str
    prefix: str
    organiser: str | None = None
    start: date | None = None
    end: date | None = None
    areas: list[str] | None = None
    owners: list[str] | None = None


class Finding(_Model):
    id: str
    title: str
    owner: str
    measure: str
    found_on: date
    deadline: date
    area: str | None = None
    location: str | None = None
    found_by: str | None = None
    severity: Severity = "general"
    contact: str | None = None
    status: Status = "open"
    fixed_on: date | None = None
    fix_note: str | None = None
    history: list[Event] = []


class Ledger(_Model):
    ledger: int
    campaign: Campaign
    findings: list[Finding] = []


def build(parsed: Parsed) -> Ledger:
    """Validate parsed data into a Ledger; every schema error becomes a located Problem."""
    data = parsed.data
    path = parsed.source.path
    if not isinstance(data, dict):
        kind = "empty" if data is None else type(data).__name__
        raise InvalidLedgerError([Problem(path, 1, "", "not_a_ledger", {"kind": kind})])
    version = data.get("ledger")
    lines = parsed.source.text.split("\n")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        line = key_line(lines, parsed.positions, ("ledger",))
        problem = Problem(path, line, "ledger", "format_too_new", {"version": version})
        raise InvalidLedgerError([problem])
    try:
        model = Ledger.model_validate(data)
    except ValidationError as exc:
        raise InvalidLedgerError(list(_problems(exc, parsed))) from None
    if model.ledger != FORMAT_VERSION:
        line = key_line(lines, parsed.positions, ("ledger",))
        problem = Problem(path, line, "ledger", "format_unknown", {"version": model.ledger})
        raise InvalidLedgerError([problem])
    return model


_MESSAGE_OF_TYPE = {
    "missing": "field_missing",
    "string_type": "field_not_text",
    "date_type": "field_not_date",
    "date_parsing": "field_not_date",
    "date_from_datetime_parsing": "field_not_date",
    "date_from_datetime_inexact": "field_not_date",
    "int_type": "field_not_integer",
    "int_parsing": "field_not_integer",
    "list_type": "field_not_list",
    "model_type": "field_not_mapping",
    "dict_type": "field_not_mapping",
    "literal_error": "field_not_one_of",
}


def _problems(exc: ValidationError, parsed: Parsed) -> Iterator[Problem]:
    lines = parsed.source.text.split("\n")
    for error in exc.errors(include_url=False):
        loc = error["loc"]
        finding_id = _finding_id(parsed.data, loc)
        params: dict[str, Any] = {"detail": error["msg"]}
        if error["type"] == "literal_error":
            params["expected"] = str(error.get("ctx", {}).get("expected", ""))
        yield Problem(
            path=parsed.source.path,
            line=key_line(lines, parsed.positions, loc),
            field=_field_name(loc, finding_id),
            key=_MESSAGE_OF_TYPE.get(error["type"], "field_invalid"),
            params=params,
            finding=finding_id,
        )


def _finding_id(data: Any, loc: tuple[int | str, ...]) -> str | None:
    """The id of the finding that `loc` points into, if it has one."""
    if len(loc) < 2 or loc[0] != "findings" or not isinstance(loc[1], int):
        return None
    findings = data.get("findings")
    if not isinstance(findings, list) or not 0 <= loc[1] < len(findings):
        return None
    finding = findings[loc[1]]
    finding_id = finding.get("id") if isinstance(finding, dict) else None
    return finding_id if isinstance(finding_id, str) else None


def _field_name(loc: tuple[int | str, ...], finding_id: str | None) -> str:
    """`QH-004.deadline` where the finding has an id, else `findings[3].deadline`."""
    parts: list[str] = []
    for index, step in enumerate(loc):
        if isinstance(step, int):
            if index == 1 and loc[0] == "findings" and finding_id:
                parts = [finding_id]
            else:
                parts[-1:] = [f"{parts[-1]}[{step}]" if parts else f"[{step}]"]
        else:
            parts.append(step)
    return ".".join(parts)
