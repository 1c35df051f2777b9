"""A period's report as a value: what happened in a month (or any span), where each
campaign stands at its end, who improved, the trend, and the campaign's record in one
paragraph. No file is read here (ledger.views.report loads the ledgers); every format
in ledger.output.report shows this value.

Every figure comes from ledger.core.counts, the code path behind `summary`, so a
report's figures as of a day are the summary's figures for that day.
"""

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from ledger.core.counts import (
    BREAKDOWNS,
    Flow,
    Tally,
    add_into,
    counts_from,
    flow,
    move_counts,
    moves_of,
    rate_text,
    series,
    tally,
)
from ledger.core.dates import plausible
from ledger.core.errors import UsageError
from ledger.core.i18n import text
from ledger.core.model import Finding, Ledger, records
from ledger.core.papers import Stage, stage_of
from ledger.core.standing import events_of, standing

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
# The breakdowns a report gives, in its order.
REPORT_BREAKDOWNS = ("area", "owner", "street")


@dataclass(frozen=True)
class Period:
    """The days start..end, both included; the report's as-of date is `end`."""

    start: date
    end: date

    @property
    def is_month(self) -> bool:
        return self.start.day == 1 and self.end == month_end(self.start)

    @property
    def label(self) -> str:
        return f"{self.start:%Y-%m}" if self.is_month else f"{self.start} – {self.end}"

    def previous(self) -> "Period":
        """The month before a month; otherwise the span of the same length just before."""
        if self.is_month:
            end = self.start - timedelta(days=1)
            return Period(end.replace(day=1), end)
        length = self.end - self.start
        end = self.start - timedelta(days=1)
        return Period(end - length, end)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def parse_month(value: str) -> Period:
    match = _MONTH.match(value.strip())
    if not match or not 1 <= int(match[2]) <= 12:
        raise UsageError("bad_month", value=value)
    start = plausible(date(int(match[1]), int(match[2]), 1), "--month", value)
    return Period(start, month_end(start))


def choose_period(month: str | None, start: date | None, end: date | None, today: date) -> Period:
    """--month, or --from with --to, or by default the last complete month before today."""
    if month is not None and (start or end):
        raise UsageError("period_mixed")
    if month is not None:
        return parse_month(month)
    if start or end:
        if start is None or end is None:
            raise UsageError("period_incomplete")
        if end < start:
            raise UsageError("end_before_start", start=start, end=end)
        return Period(start, end)
    last = today.replace(day=1) - timedelta(days=1)
    return Period(last.replace(day=1), last)


@dataclass(frozen=True)
class RecordFigures:
    """The campaign's record up to the period's end, and its activities within the period."""

    inspections: int = 0
    meetings: int = 0  # meetings, seminars and look-back sessions
    participations: int = 0
    items: int = 0
    suggestions: int = 0
    adopted: int = 0  # suggestions adopted, in progress or done
    activities_in_period: int = 0
    participations_in_period: int = 0
    notices: int = 0  # documents issued: 督促限期整改通知书
    reminders: int = 0  # 提醒敦促函
    letters: int = 0  # 督办函
    other_documents: int = 0  # any other kind
    interviews: int = 0  # units interviewed (约谈), times
    investigations: int = 0  # escalated investigations (提级调查)
    supervised: int = 0  # findings ever under listed supervision (挂牌督办)
    found_open: int = 0  # findings an announced inspection (明查) found
    found_covert: int = 0  # findings an unannounced one (暗访) found

    def __add__(self, other: "RecordFigures") -> "RecordFigures":
        pairs = zip(vars(self).values(), vars(other).values(), strict=True)
        return RecordFigures(*(a + b for a, b in pairs))


MEETINGS = ("meeting", "seminar", "lookback")


def record_figures(ledger: Ledger, period: Period) -> RecordFigures:
    activities = [a for a in records(ledger, "activities") if a["on"] <= period.end]
    within = [a for a in activities if a["on"] >= period.start]
    suggestions = [s for s in records(ledger, "suggestions") if s["on"] <= period.end]
    issued = [d["kind"] for d in records(ledger, "documents") if d["on"] <= period.end]
    kinds = {"notice": 0, "reminder": 0, "letter": 0}
    for kind in issued:
        if kind in kinds:
            kinds[kind] += 1
    modes = {a["id"]: a.get("mode") for a in activities if a["kind"] == "inspection"}
    standings = ((f, standing(f, period.end)) for f in ledger["findings"])
    found = [f for f, st in standings if st is not None and st.state != "dropped"]
    sources = [modes.get(f.get("source") or "") for f in found]
    return RecordFigures(
        inspections=sum(a["kind"] == "inspection" for a in activities),
        meetings=sum(a["kind"] in MEETINGS for a in activities),
        participations=sum(a.get("participants") or 0 for a in activities),
        items=sum(i["on"] <= period.end for i in records(ledger, "items")),
        suggestions=len(suggestions),
        adopted=sum(s["status"] in ("adopted", "in_progress", "done") for s in suggestions),
        activities_in_period=len(within),
        participations_in_period=sum(a.get("participants") or 0 for a in within),
        notices=kinds["notice"],
        reminders=kinds["reminder"],
        letters=kinds["letter"],
        other_documents=len(issued) - sum(kinds.values()),
        interviews=sum(a["kind"] == "interview" for a in activities),
        investigations=sum(a["kind"] == "investigation" for a in activities),
        supervised=sum(_ever_supervised(f, period.end) for f in found),
        found_open=sources.count("open"),
        found_covert=sources.count("covert"),
    )


def _ever_supervised(finding: Finding, day: date) -> bool:
    """Whether the finding was put under listed supervision (挂牌督办) by `day`."""
    return any(e["event"] == "escalated" and e["on"] <= day for e in events_of(finding))


@dataclass(frozen=True)
class Line:
    """One line of a breakdown: the period's flow and the standing at its end."""

    key: str
    flow: Flow
    tally: Tally


@dataclass(frozen=True)
class OwnerFigures:
    new: int = 0
    fixed: int = 0
    verified: int = 0
    newly_overdue: int = 0  # overdue at the period's end, not at its start
    open: int = 0
    overdue: int = 0


@dataclass(frozen=True)
class OwnerLine:
    """An owner's month against the month before (月度对比)."""

    owner: str
    now: OwnerFigures
    before: OwnerFigures


@dataclass(frozen=True)
class OverdueLine:
    campaign: str
    id: str
    title: str
    owner: str
    deadline: date
    days: int


@dataclass(frozen=True)
class CampaignReport:
    campaign: str
    title: str
    language: str | None
    flow: Flow
    tally: Tally  # at the period's end
    before: Tally  # at the end of the day before it began
    record: RecordFigures
    breakdowns: dict[str, list[Line]]
    owners: list[OwnerLine]
    overdue: list[OverdueLine]
    stage: Stage | None = None  # the campaign's phase and next deliverable at the period's end


@dataclass(frozen=True)
class Snapshot:
    """The commit the ledgers were read at, and whether uncommitted changes were read too."""

    commit: str
    dirty: bool


@dataclass(frozen=True)
class SourceStamp:
    """A district's repository a city's report read: its commit and date, and how many days
    old its state is where the last sync could not reach it."""

    name: str
    commit: str
    committed: str
    stale_days: int | None


@dataclass(frozen=True)
class Report:
    period: Period
    campaigns: list[CampaignReport]
    trend: list[tuple[str, Tally]]  # month by month, from the first campaign's start
    snapshot: Snapshot | None = None
    sources: tuple[SourceStamp, ...] = ()  # in a city's rollup, every district's commit
    owners: list[OwnerLine] = field(default_factory=list)  # all campaigns together

    @property
    def flow(self) -> Flow:
        return sum((c.flow for c in self.campaigns), Flow())

    @property
    def districts(self) -> list[tuple[str, Flow, Tally]]:
        """In a city's rollup, each district's figures: the sum of its campaigns (labelled
        district/campaign; a campaign id itself never holds a slash)."""
        if not self.sources:
            return []
        groups: dict[str, list[CampaignReport]] = {}
        for c in self.campaigns:
            groups.setdefault(c.campaign.split("/", 1)[0], []).append(c)
        return [
            (name, sum((c.flow for c in cs), Flow()), sum((c.tally for c in cs), Tally()))
            for name, cs in groups.items()
        ]

    @property
    def language(self) -> str | None:
        """The language every campaign reported declares (init --language), if they agree."""
        declared = {c.language for c in self.campaigns}
        return declared.pop() if len(declared) == 1 else None

    @property
    def tally(self) -> Tally:
        return sum((c.tally for c in self.campaigns), Tally())

    @property
    def before(self) -> Tally:
        return sum((c.before for c in self.campaigns), Tally())

    @property
    def record(self) -> RecordFigures:
        return sum((c.record for c in self.campaigns), RecordFigures())


def _breakdowns(findings: list[Finding], period: Period) -> dict[str, list[Line]]:
    """Each breakdown's lines, every finding found by the period's end under its key as it
    stood then ("" where it has none), so that each breakdown adds up to the campaign."""
    groups: dict[str, dict[str, tuple[list[int], list[int]]]] = {
        name: {} for name in REPORT_BREAKDOWNS
    }
    for finding in findings:
        st = standing(finding, period.end)
        counts = counts_from(st)
        if st is None or counts is None:
            continue  # not yet found
        moved = move_counts(finding, period.start, period.end)
        for name in REPORT_BREAKDOWNS:
            key = BREAKDOWNS[name](st)
            flows, tallies = groups[name].setdefault(key, ([0] * len(moved), [0] * len(counts)))
            add_into(flows, moved)
            add_into(tallies, counts)
    result = {}
    for name, lines in groups.items():
        order = _owner_order if name == "owner" else _size_order
        result[name] = sorted(
            (Line(k, Flow(*f), Tally(*t)) for k, (f, t) in lines.items()), key=order
        )
    return {name: lines for name, lines in result.items() if lines}


def _owner_order(line: Line) -> tuple[bool, int, int, str]:
    """Owners with the most open, then the most overdue, first; "none" last."""
    return (not line.key, -line.tally.open, -line.tally.overdue, line.key)


def _size_order(line: Line) -> tuple[bool, int, str]:
    return (not line.key, -line.tally.found, line.key)


def _owner_figures(findings: Iterable[Finding], period: Period) -> dict[str, OwnerFigures]:
    """Per owner as of the period's end: new (found in the period, as every table of the
    report counts it, dropped ones included), fixed, verified, newly overdue, open, overdue."""
    day_before = period.start - timedelta(days=1)
    figures: dict[str, list[int]] = {}
    for finding in findings:
        st = standing(finding, period.end)
        if st is None:
            continue
        moved = moves_of(finding, period.start, period.end)
        earlier = standing(finding, day_before)
        if st.state == "dropped" and not moved.found and not moved.dropped:
            continue  # dropped before the period: nothing of it is in these figures
        was_overdue = earlier is not None and earlier.overdue
        row = figures.setdefault(st.owner, [0] * 6)
        for place, add in enumerate(
            (
                moved.found,
                moved.fixed,
                moved.verified,
                int(st.overdue and not was_overdue),
                int(st.is_open),
                int(st.overdue),
            )
        ):
            row[place] += add
    return {owner: OwnerFigures(*row) for owner, row in figures.items()}


def owner_lines(findings: list[Finding], period: Period) -> list[OwnerLine]:
    """Per owner, this period against the previous one; most open and overdue first."""
    now = _owner_figures(findings, period)
    before = _owner_figures(findings, period.previous())
    lines = [
        OwnerLine(owner, now.get(owner, OwnerFigures()), before.get(owner, OwnerFigures()))
        for owner in sorted(now.keys() | before.keys())
    ]
    return sorted(lines, key=lambda line: (-line.now.open, -line.now.overdue, line.owner))


def overdue_lines(campaign: str, findings: list[Finding], day: date) -> list[OverdueLine]:
    """Findings overdue at the end of `day`, longest overdue first."""
    lines = []
    for finding in findings:
        st = standing(finding, day)
        if st is not None and st.overdue:
            lines.append(
                OverdueLine(
                    campaign,
                    finding["id"],
                    st.title,
                    st.owner,
                    st.deadline,
                    (day - st.deadline).days,
                )
            )
    return sorted(lines, key=lambda line: (-line.days, line.campaign, line.id))


def campaign_report(ledger: Ledger, period: Period) -> CampaignReport:
    findings = ledger["findings"]
    at_end = tally(findings, period.end)
    before = tally(findings, period.start - timedelta(days=1))
    moved = flow(findings, period.start, period.end)
    campaign = ledger["campaign"]
    return CampaignReport(
        campaign=campaign["id"],
        title=campaign["title"],
        language=campaign.get("language"),
        flow=moved,
        tally=at_end,
        before=before,
        record=record_figures(ledger, period),
        breakdowns=_breakdowns(findings, period),
        owners=owner_lines(findings, period),
        overdue=overdue_lines(campaign["id"], findings, period.end),
        stage=stage_of(ledger, period.end),
    )


def months(first: date, last: date) -> list[date]:
    """The first day of every month from first's to last's."""
    result = []
    day = first.replace(day=1)
    while day <= last:
        result.append(day)
        day = month_end(day) + timedelta(days=1)
    return result


def trend(ledgers: list[Ledger], end: date) -> list[tuple[str, Tally]]:
    """Standing at each month's end (the period's end for its own month), from the month
    the earliest campaign started or found its first finding."""
    starts = [ledger["campaign"].get("start") for ledger in ledgers]
    starts += [min((f["found_on"] for f in lg["findings"]), default=None) for lg in ledgers]
    known = [day for day in starts if day is not None]
    if not known or min(known) > end:
        return []
    firsts = months(min(known), end)
    days = [min(month_end(first), end) for first in firsts]
    findings = [finding for ledger in ledgers for finding in ledger["findings"]]
    return [(f"{first:%Y-%m}", t) for first, t in zip(firsts, series(findings, days), strict=True)]


def build_report(
    ledgers: list[Ledger],
    period: Period,
    stamp: Snapshot | None,
    sources: tuple[SourceStamp, ...] = (),
) -> Report:
    """The report for these ledgers and this period."""
    all_findings = [finding for ledger in ledgers for finding in ledger["findings"]]
    campaigns = [campaign_report(ledger, period) for ledger in ledgers]
    return Report(
        period=period,
        campaigns=campaigns,
        trend=trend(ledgers, period.end),
        snapshot=stamp,
        # one campaign: its owners are the report's (not counted twice over 10,000 findings)
        owners=campaigns[0].owners if len(campaigns) == 1 else owner_lines(all_findings, period),
        sources=sources,
    )


def headline(figures: RecordFigures, standing: Tally, lang: str) -> str:
    """The closing report's paragraph: activities, participations, found and fixed, the
    problem list and the suggestions; then the paper trail (documents issued, interviews,
    investigations, listed supervision), each clause only where its count is not zero."""
    first = text(
        "report_headline",
        lang,
        inspections=figures.inspections,
        meetings=figures.meetings,
        participations=figures.participations,
        found=standing.found,
        fixed=standing.fixed,
        rate=rate_text(standing),
        items=figures.items,
        suggestions=figures.suggestions,
    )
    trail = paper_trail(figures, lang)
    return text("two_sentences", lang, first=first, second=trail) if trail else first


def paper_trail(figures: RecordFigures, lang: str) -> str:
    """The second sentence: 发出督促限期整改通知书、提醒敦促函82份，约谈单位6家次，提级调查1起，
    挂牌督办2起; a clause whose count is zero is left out, and the whole when all are."""
    named = [
        text(f"doc_kind_{kind}", lang)
        for kind, count in (
            ("notice", figures.notices),
            ("reminder", figures.reminders),
            ("letter", figures.letters),
        )
        if count
    ]
    if figures.other_documents:
        named.append(text("doc_kind_other", lang))
    documents = figures.notices + figures.reminders + figures.letters + figures.other_documents
    clauses = []
    if documents:
        kinds = text("list_and", lang).join(named)
        clauses.append(text("trail_documents", lang, kinds=kinds, count=documents))
    for key, count in (
        ("trail_interviews", figures.interviews),
        ("trail_investigations", figures.investigations),
        ("trail_supervised", figures.supervised),
        ("trail_found_covert", figures.found_covert),
    ):
        if count:
            clauses.append(text(key, lang, count=count))
    if not clauses:
        return ""
    return text("trail_sentence", lang, clauses=text("clause_separator", lang).join(clauses))
