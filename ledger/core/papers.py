"""The paper trail as of a day: documents issued and their reply slips, the campaign's
phases, and the deliverables units owe. Pure functions of the ledger and the day, so that
`due`, `summary`, `report` and `assess` all say the same."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from ledger.core.model import Deliverable, Ledger, Phase, records


@dataclass(frozen=True)
class Reply:
    """A document's reply slip as of a day: back (on a day), awaited, or overdue."""

    document: dict[str, Any]
    replied_on: date | None
    overdue: bool


def replies(ledger: Ledger, day: date) -> list[Reply]:
    """Every document issued by `day`, with its reply slip as it stood then."""
    result = []
    for document in records(ledger, "documents"):
        if document["on"] > day:
            continue
        back = [e["on"] for e in document.get("history") or [] if e["event"] == "replied"]
        replied_on = back[0] if back and back[0] <= day else None
        reply_by = document.get("reply_by")
        overdue = replied_on is None and reply_by is not None and reply_by < day
        result.append(Reply(document, replied_on, overdue))
    return result


def documents_naming(ledger: Ledger, finding_id: str) -> list[dict[str, Any]]:
    """The documents that named a finding, in the order issued."""
    return [d for d in records(ledger, "documents") if finding_id in d.get("findings", [])]


def phase_on(ledger: Ledger, day: date) -> Phase | None:
    """The campaign's phase that `day` falls in, if any."""
    for phase in ledger["campaign"].get("phases") or []:
        if phase["from"] <= day <= phase["to"]:
            return phase
    return None


@dataclass(frozen=True)
class Owed:
    """A deliverable a unit has not handed in by a day."""

    deliverable: Deliverable
    unit: str
    overdue: bool


def owed(ledger: Ledger, day: date) -> list[Owed]:
    """What units owe as of `day`: each deliverable from each unit it is due from, not
    received by then; by due day."""
    received = {
        (r["deliverable"], r["unit"]) for r in records(ledger, "receipts") if r["on"] <= day
    }
    owners = sorted(
        {f["owner"] for f in ledger["findings"]} | set(ledger["campaign"].get("owners") or [])
    )
    result = []
    for deliverable in ledger["campaign"].get("deliverables") or []:
        for unit in deliverable.get("units") or owners:
            if (deliverable["id"], unit) not in received:
                result.append(Owed(deliverable, unit, deliverable["due"] < day))
    return sorted(result, key=lambda o: (o.deliverable["due"], o.deliverable["id"], o.unit))


def next_owed(ledger: Ledger, day: date) -> Owed | None:
    """The first deliverable still owed on `day`, for summary and report to name."""
    return next(iter(owed(ledger, day)), None)


@dataclass(frozen=True)
class Stage:
    """Where a campaign stands in its plan on a day: its phase and the next deliverable."""

    phase: str | None
    next_owed: Owed | None


def stage_of(ledger: Ledger, day: date) -> Stage | None:
    """The campaign's phase and next deliverable on `day`; None where it declares neither."""
    phase = phase_on(ledger, day)
    upcoming = next_owed(ledger, day)
    if phase is None and upcoming is None:
        return None
    return Stage(phase["name"] if phase else None, upcoming)
