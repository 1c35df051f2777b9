"""Which findings: lists with filters, what to chase owner by owner, one finding by id."""

from datetime import date, timedelta
from pathlib import Path

from ledger.core.errors import NotFoundError, UsageError
from ledger.core.model import Finding
from ledger.core.standing import LIST_STATUSES, Row
from ledger.storage.store import LedgerFile, load, path_of_findings


def list_findings(
    paths: list[Path],
    today: date,
    *,
    status: str | None = None,
    owner: str | None = None,
    area: str | None = None,
    due_within: int | None = None,
    escalated: bool = False,
) -> list[Row]:
    """Findings matching every filter given: open ones first by deadline, then the rest in file order.

    Without --status, dropped findings are left out. Owner and area match on part of the name.
    """
    if status is not None and status not in LIST_STATUSES:
        raise UsageError(
            "bad_choice", option="--status", value=status, choices=", ".join(LIST_STATUSES)
        )
    if due_within is not None and due_within < 0:
        raise UsageError("bad_due_within", value=due_within)
    rows = []
    for path in paths:
        lf = load(path)
        for finding in lf.findings:
            if escalated and not finding.get("escalation"):
                continue
            row = _row(lf, finding, today)
            if _matches(row, status, owner, area, due_within, today):
                rows.append(row)
    open_rows = sorted(
        (r for r in rows if r.finding["status"] == "open"), key=lambda r: r.finding["deadline"]
    )
    return open_rows + [r for r in rows if r.finding["status"] != "open"]


def _row(lf: LedgerFile, finding: Finding, today: date) -> Row:
    is_open = finding["status"] == "open"
    deadline = finding["deadline"]
    days_left = (deadline - today).days if is_open else None
    return Row(lf.campaign["id"], finding, is_open and deadline < today, days_left)


def _matches(
    row: Row,
    status: str | None,
    owner: str | None,
    area: str | None,
    due_within: int | None,
    today: date,
) -> bool:
    finding = row.finding
    current = finding["status"]
    if status == "overdue":
        if not row.overdue:
            return False
    elif status is not None:
        if current != status:
            return False
    elif current == "dropped":
        return False
    if owner is not None and owner not in finding["owner"]:
        return False
    if area is not None and area not in (finding.get("area") or ""):
        return False
    if due_within is not None:
        return current == "open" and finding["deadline"] <= today + timedelta(days=due_within)
    return True


def due(
    paths: list[Path], today: date, within: int = 7, owner: str | None = None
) -> list[tuple[str, list[Row]]]:
    """What to chase: open findings overdue or due within `within` days, grouped by owner.

    Owners with the most overdue findings come first; each owner's findings by deadline.
    """
    rows = list_findings(paths, today, status="open", owner=owner, due_within=within)
    groups: dict[str, list[Row]] = {}
    for row in rows:
        groups.setdefault(row.finding["owner"], []).append(row)
    return sorted(groups.items(), key=lambda g: (-sum(r.overdue for r in g[1]), -len(g[1]), g[0]))


def find(data_dir: Path, campaign_id: str | None, finding_id: str) -> tuple[LedgerFile, Finding]:
    """The finding with this id, in the named campaign or the one ledger that holds it."""
    lf = load(path_of_findings(data_dir, campaign_id, [finding_id]))
    finding = lf.finding(finding_id)
    if finding is None:
        raise NotFoundError("no_finding_in", finding=finding_id, campaign=lf.path.stem)
    return lf, finding
