"""The closed loop: rectify, verify, reopen, drop and extend, as dated history events.

Each is a transition between states (open, fixed, verified, dropped) or, for
`extended`, a new deadline for an open finding. A call names one or more
findings; if any of them cannot take the step, none does, and the error lists
every one of them with the state it is in and what it would allow.
"""

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ledger.core.errors import RefusedError, UsageError
from ledger.core.i18n import Phrase
from ledger.core.model import LADDER, Finding
from ledger.core.patch import Amendment, Change, Edit
from ledger.core.standing import ALLOWED_FROM, implied_history, last_event_day, standing
from ledger.storage.store import LedgerFile, evidence_root
from ledger.storage.transaction import update


@dataclass(frozen=True)
class Step:
    """What to record: the event, its day and who; a note, a reason or a new deadline."""

    event: str
    on: date
    by: str | None = None
    note: str | None = None
    reason: str | None = None
    deadline: date | None = None  # the new deadline, for reopened and extended
    ladder: str | None = None  # the escalation step, for escalated
    supervisor: str | None = None
    evidence: tuple[str, ...] = ()  # paths relative to the evidence root, for fixed and verified
    force: bool = False  # for escalated: leave to step down the ladder


def evidence_paths(data_dir: Path, given: list[Path]) -> tuple[str, ...]:
    """Evidence files as recorded: relative to the evidence root; they must exist inside it."""
    root = evidence_root(data_dir)
    recorded = []
    for path in given:
        resolved = path.resolve()
        if not resolved.is_file():
            raise UsageError("evidence_not_found", file=str(path))
        if not resolved.is_relative_to(root):
            raise UsageError("evidence_outside", file=str(path), root=str(root))
        recorded.append(resolved.relative_to(root).as_posix())
    return tuple(recorded)


def take_step(
    path: Path, ids: list[str], step: Step, today: date, amend: Amendment | None = None
) -> list[Finding]:
    """Record the step on every finding named, or on none of them. A step that would change
    a published figure is refused, unless `amend` gives leave (and a reason)."""
    if step.on > today:
        raise UsageError("date_in_future", option="--on", day=step.on)
    if not ids:
        raise UsageError("no_ids")
    if len(set(ids)) != len(ids):
        raise UsageError("repeated_ids")
    if step.event in ("reopened", "dropped", "extended") and not (step.reason or "").strip():
        raise UsageError("reason_needed", event=Phrase(f"event_{step.event}"))
    if step.event == "escalated" and step.ladder not in LADDER:
        raise UsageError("bad_choice", option="--step", value=step.ladder, choices=tuple(LADDER))

    def plan(lf: LedgerFile) -> Edit:
        changes: dict[str, Change] = {}
        refusals: list[tuple[str, dict[str, Any]]] = []
        for finding_id in ids:
            finding = lf.finding(finding_id)
            if finding is None:
                refusals.append(
                    ("no_finding_in", {"finding": finding_id, "campaign": lf.path.stem})
                )
                continue
            refusal = _refusal(finding, step)
            if refusal is not None:
                refusals.append(refusal)
                continue
            changes[finding_id] = _change(finding, step)
        if refusals:
            raise RefusedError(refusals)
        return Edit(changes=changes, amend=amend)

    after = update(path, plan)
    return [f for f in after.findings if f["id"] in ids]


def _refusal(finding: Finding, step: Step) -> tuple[str, dict[str, Any]] | None:
    """Why this finding cannot take the step, as it stands on the step's day; or None."""
    finding_id = finding["id"]
    last = last_event_day(finding)
    if step.on < last:
        return ("before_last_event", {"finding": finding_id, "day": last})
    st = standing(finding, step.on)
    assert st is not None  # the step's day is on or after the finding's last event
    if st.state not in ALLOWED_FROM[step.event]:
        return (
            f"cannot_{step.event}",
            {"finding": finding_id, "status": Phrase(f"status_{st.state}")},
        )
    if step.event == "deescalated" and st.escalation is None:
        return ("not_escalated", {"finding": finding_id})
    if step.event == "escalated" and st.escalation in LADDER and step.ladder in LADDER:
        rungs = {"finding": finding_id, "now": Phrase(f"ladder_{st.escalation}")}
        rungs["to"] = Phrase(f"ladder_{step.ladder}")
        if step.ladder == st.escalation:
            return ("ladder_same", rungs)
        if LADDER.index(step.ladder) < LADDER.index(st.escalation) and not step.force:
            return ("ladder_down", rungs)
    new = step.deadline
    if step.event == "extended" and new is not None and new <= st.deadline:
        return ("extend_not_later", {"finding": finding_id, "deadline": st.deadline})
    if step.event == "reopened" and new is not None and new < step.on:
        return ("deadline_before_reopen", {"finding": finding_id, "day": step.on})
    return None


def _change(finding: Finding, step: Step) -> Change:
    """The fields to set or remove and the history events to append for this step. A
    finding written by hand without a history gets the one its fields imply, in full."""
    st = standing(finding, step.on)
    assert st is not None
    event: dict[str, Any] = {"on": step.on, "event": step.event}
    fields: dict[str, Any] = {}
    removed: list[str] = []
    if step.event == "fixed":
        fields = {"status": "fixed", "fixed_on": step.on}
        if step.note:
            fields["fix_note"] = step.note
    elif step.event == "verified":
        fields = {"status": "verified"}
    elif step.event == "dropped":
        fields = {"status": "dropped"}
    elif step.event == "reopened":
        fields = {"status": "open"}
        removed = ["fixed_on", "fix_note"]
    elif step.event == "escalated":
        fields = {"escalation": step.ladder}
        event["step"] = step.ladder
        if step.supervisor:
            fields["supervisor"] = event["supervisor"] = step.supervisor
    elif step.event == "deescalated":
        removed = ["escalation", "supervisor"]
    if step.deadline is not None:
        fields["deadline"] = step.deadline
        event.update({"from": st.deadline, "to": step.deadline})
    for key, value in (("by", step.by), ("reason", step.reason), ("note", step.note)):
        if value:
            event[key] = value
    if step.evidence:
        event["evidence"] = list(step.evidence)
    implied = [] if finding["history"] else [dict(e) for e in implied_history(finding)]
    return Change(fields=fields, events=[*implied, event], removed=removed)
