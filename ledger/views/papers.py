"""The paper trail read for a day: what `due` chases beside the findings (reply slips
overdue, deliverables owed), the documents listed, a campaign's phase and next deliverable,
and the units' scorecards."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from ledger.core.papers import Owed, Reply, Stage, owed, replies, stage_of
from ledger.core.standing import Row
from ledger.storage.store import LedgerFile
from ledger.views.findings import due, owners_meant, rows_of

if TYPE_CHECKING:
    from ledger.core.assess import Assessment


@dataclass
class OwnerDue:
    """What to chase from one owner: findings, reply slips overdue, deliverables owed."""

    owner: str
    rows: list[Row] = field(default_factory=list)
    replies: list[tuple[str, Reply]] = field(default_factory=list)  # (campaign, reply)
    owed: list[tuple[str, Owed]] = field(default_factory=list)


def chase(
    ledgers: list[LedgerFile], day: date, within: int = 7, owner: str | None = None
) -> list[OwnerDue]:
    """Owner by owner, what to chase as of `day`: open findings overdue or due within
    `within` days, reply slips overdue, and deliverables overdue or due within `within`."""
    groups = {name: OwnerDue(name, rows) for name, rows in due(ledgers, day, within, owner)}
    wanted = owners_meant(owner, ledgers, rows_of(ledgers, day))
    horizon = day + timedelta(days=min(max(within, 0), 36500))
    for lf in ledgers:
        campaign = lf.campaign["id"]
        for reply in replies(lf.ledger, day):
            unit = reply.document["addressee"]
            if reply.overdue and (wanted is None or unit in wanted):
                groups.setdefault(unit, OwnerDue(unit)).replies.append((campaign, reply))
        for debt in owed(lf.ledger, day):
            soon = debt.overdue or debt.deliverable["due"] <= horizon
            if soon and (wanted is None or debt.unit in wanted):
                groups.setdefault(debt.unit, OwnerDue(debt.unit)).owed.append((campaign, debt))
    return list(groups.values())


def stages(ledgers: list[LedgerFile], day: date) -> list[tuple[str, Stage]]:
    """Each campaign's phase and next deliverable on `day`, where it declares them."""
    return [
        (lf.campaign["id"], stage)
        for lf in ledgers
        if (stage := stage_of(lf.ledger, day)) is not None
    ]


def documents(
    ledgers: list[LedgerFile], day: date, overdue_only: bool = False
) -> list[tuple[str, Reply]]:
    """Every document issued by `day`, with its reply slip then; or only those overdue."""
    return [
        (lf.campaign["id"], reply)
        for lf in ledgers
        for reply in replies(lf.ledger, day)
        if reply.overdue or not overdue_only
    ]


def documents_of(lf: LedgerFile, finding_id: str, day: date) -> list[Reply]:
    """The documents issued by `day` that named a finding, with their reply slips then."""
    return [r for r in replies(lf.ledger, day) if finding_id in r.document.get("findings", [])]


def assessment(lf: LedgerFile, day: date) -> "Assessment":
    from ledger.core.assess import assess  # only assess needs the scoring

    return assess(lf.ledger, day)
