"""Which findings: lists with filters, what to chase owner by owner, one finding by id; each
as the findings stood at the end of the day asked about."""

from datetime import date, timedelta
from pathlib import Path

from ledger.core.errors import NotFoundError, UsageError
from ledger.core.model import Finding, clean_id
from ledger.core.registry import match_owners
from ledger.core.standing import Row, Standing, standing, status_filter
from ledger.storage.store import LedgerFile, load, locate_findings

# Days past which no deadline lies: a larger --within is the same as this.
MAX_WITHIN = 36_500


def rows_of(ledgers: list[LedgerFile], day: date) -> list[Row]:
    """Every finding found by `day`, with its standing that day, in file order."""
    rows = []
    for lf in ledgers:
        campaign = lf.campaign["id"]
        for finding in lf.findings:
            st = standing(finding, day)
            if st is not None:
                rows.append(Row(campaign, finding, st))
    return rows


def list_findings(
    ledgers: list[LedgerFile],
    day: date,
    *,
    status: str | None = None,
    owner: str | None = None,
    area: str | None = None,
    due_within: int | None = None,
    escalated: bool = False,
) -> list[Row]:
    """Findings matching every filter given, as they stood at the end of `day`: open ones
    first by the deadline then in force, then the rest in file order.

    Without --status, dropped findings are left out (`all` takes them too). An owner
    matches as every command matches one (ledger.core.registry.match_owners); an area on
    part of its name.
    """
    wanted = status_filter(status)
    if due_within is not None and due_within < 0:
        raise UsageError("bad_due_within", value=due_within)
    horizon = None if due_within is None else day + timedelta(days=min(due_within, MAX_WITHIN))
    every = rows_of(ledgers, day)
    owners = owners_meant(owner, ledgers, every)
    rows = [
        row
        for row in every
        if matches(row, wanted, owners, area, horizon)
        and (row.standing.escalation or not escalated)
    ]
    open_rows = sorted((r for r in rows if r.standing.is_open), key=lambda r: r.standing.deadline)
    return open_rows + [r for r in rows if not r.standing.is_open]


def owners_meant(owner: str | None, ledgers: list[LedgerFile], rows: list[Row]) -> set[str] | None:
    """The owners an --owner means, among the ledgers' registries and the owners of `rows`."""
    if owner is None:
        return None
    known = {row.standing.owner for row in rows}
    for lf in ledgers:
        known.update(lf.campaign.get("owners") or [])
    return set(match_owners(owner, sorted(known)))


def matches(
    row: Row, status: str | None, owners: set[str] | None, area: str | None, horizon: date | None
) -> bool:
    st = row.standing
    if status == "overdue":
        if not st.overdue:
            return False
    elif status == "all":
        pass
    elif status is not None:
        if st.state != status:
            return False
    elif st.state == "dropped":
        return False
    if owners is not None and st.owner not in owners:
        return False
    if area is not None and area not in st.area:
        return False
    if horizon is not None:
        return st.is_open and st.deadline <= horizon
    return True


def due(
    ledgers: list[LedgerFile], day: date, within: int = 7, owner: str | None = None
) -> list[tuple[str, list[Row]]]:
    """What to chase: open findings overdue or due within `within` days, grouped by owner.

    Owners with the most overdue findings come first; each owner's findings by deadline.
    """
    rows = list_findings(ledgers, day, status="open", owner=owner, due_within=within)
    groups: dict[str, list[Row]] = {}
    for row in rows:
        groups.setdefault(row.standing.owner, []).append(row)
    return sorted(groups.items(), key=lambda g: (-sum(r.overdue for r in g[1]), -len(g[1]), g[0]))


def standing_of(finding: Finding, day: date) -> Standing:
    """The finding's standing on `day`; NotFoundError if it was not yet found then."""
    st = standing(finding, day)
    if st is None:
        raise NotFoundError("not_yet_found", finding=finding["id"], day=day.isoformat())
    return st


def find(data_dir: Path, campaign_id: str | None, finding_id: str) -> tuple[LedgerFile, Finding]:
    """The finding with this id, in the named campaign or the one ledger that holds it."""
    path, (finding_id,) = locate_findings(data_dir, campaign_id, [clean_id(finding_id)])
    lf = load(path)
    finding = lf.finding(finding_id)
    if finding is None:
        raise NotFoundError("no_finding_in", finding=finding_id, campaign=lf.path.stem)
    return lf, finding
