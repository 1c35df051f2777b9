"""Scoring units (述职测评, 民主评议) as the campaign's rubric says, every point traced.

A rubric names its methods and their weights: marks entered from outside the ledger (a
questionnaire's average, a public review's mark, each a `scores` entry), and the ledger's
own method, scored 100 less the indicators' points (each overdue finding, each reopened
twice, each under listed supervision, each reply slip overdue, each rectified late). A
unit's total is the weighted mean of its methods; its grade, by the bands (80 and 60 by
default: 满意, 基本满意, 不满意). Everything is taken as it stood at the end of the day
asked about, through the same standing function as every figure: an assessment as of a
day never changes, whatever is recorded later.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ledger.core.errors import UsageError
from ledger.core.model import Ledger, records
from ledger.core.standing import Standing, standing

# The methods the seed names; a rubric may name others.
METHODS = ("questionnaire", "covert", "public", "assessment")
# What the ledger's own method counts, for a unit, as of the day.
INDICATORS = ("overdue", "reopened_twice", "escalated", "replies_overdue", "late")
BANDS = (Decimal(80), Decimal(60))
GRADES = ("satisfied", "basically_satisfied", "not_satisfied")
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Point:
    """One traced contribution to a unit's score: a method's entered mark (from the score
    record named), or an indicator's points taken off the ledger's method (for the findings
    or documents named)."""

    method: str
    indicator: str | None
    points: Decimal  # the mark entered, or the points taken off (negative)
    sources: tuple[str, ...]


@dataclass(frozen=True)
class UnitScore:
    unit: str
    methods: dict[str, Decimal | None]  # each method's score; None where none was entered
    total: Decimal | None  # None until every method has a score
    grade: str | None
    points: list[Point] = field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        return [method for method, score in self.methods.items() if score is None]


@dataclass(frozen=True)
class Assessment:
    campaign: str
    title: str
    as_of: date
    weights: dict[str, Decimal]
    ledger_method: str | None
    units: list[UnitScore]


def assess(ledger: Ledger, day: date) -> Assessment:
    """Every unit's score as of the end of `day`; a UsageError where the campaign has no
    rubric."""
    campaign = ledger["campaign"]
    rubric = campaign.get("rubric")
    if not rubric or not rubric.get("methods"):
        raise UsageError("no_rubric", campaign=campaign["id"])
    weights = {name: _decimal(weight) for name, weight in rubric["methods"].items()}
    ledger_method = rubric.get("ledger_method") or (
        "assessment" if "assessment" in weights else None
    )
    bands = tuple(_decimal(b) for b in rubric.get("bands") or BANDS)
    standings = [
        (finding["id"], st)
        for finding in ledger["findings"]
        if (st := standing(finding, day)) is not None and st.state != "dropped"
    ]
    units = list(rubric.get("units") or [])
    if not units:
        units = sorted(set(campaign.get("owners") or []) | {st.owner for _, st in standings})
    entered = _entered(ledger, day)
    scores = []
    for unit in units:
        points: list[Point] = []
        methods: dict[str, Decimal | None] = {}
        for method in weights:
            if method == ledger_method:
                methods[method] = _ledger_score(ledger, rubric, unit, standings, day, points)
            elif (mark := entered.get((unit, method))) is not None:
                methods[method] = mark[0]
                points.append(Point(method, None, mark[0], (mark[1],)))
            else:
                methods[method] = None
        total = _weighted(methods, weights)
        scores.append(UnitScore(unit, methods, total, _grade(total, bands), points))
    return Assessment(campaign["id"], campaign["title"], day, weights, ledger_method, scores)


def _decimal(value: Any) -> Decimal:
    return Decimal(str(value))


def _entered(ledger: Ledger, day: date) -> dict[tuple[str, str], tuple[Decimal, str]]:
    """The latest mark entered by `day` for each unit and method, with its record's id."""
    marks: dict[tuple[str, str], tuple[Decimal, str]] = {}
    for entry in sorted(records(ledger, "scores"), key=lambda e: e["on"]):
        if entry["on"] <= day:
            marks[(entry["unit"], entry["method"])] = (_decimal(entry["score"]), entry["id"])
    return marks


def _ledger_score(
    ledger: Ledger,
    rubric: Any,
    unit: str,
    standings: list[tuple[str, Standing]],
    day: date,
    points: list[Point],
) -> Decimal:
    """100 less each indicator's points for every finding or document it counts."""
    counted = _counted(ledger, unit, standings, day)
    score = HUNDRED
    for indicator, each in (rubric.get("indicators") or {}).items():
        sources = counted.get(indicator, ())
        if not sources:
            continue
        taken = _decimal(each) * len(sources)
        score -= taken
        points.append(
            Point(rubric.get("ledger_method") or "assessment", indicator, -taken, sources)
        )
    return max(score, Decimal(0))


def _counted(
    ledger: Ledger, unit: str, standings: list[tuple[str, Standing]], day: date
) -> dict[str, tuple[str, ...]]:
    """For each indicator, the findings (or documents) of `unit` it counts as of `day`."""
    own = [(finding_id, st) for finding_id, st in standings if st.owner == unit]
    late = [i for i, st in own if st.fixed_on is not None and st.fixed_on > st.deadline]
    replies = [
        document["id"]
        for document in records(ledger, "documents")
        if document["addressee"] == unit
        and document["on"] <= day
        and document.get("reply_by") is not None
        and document["reply_by"] < day
        and not _replied_by(document, day)
    ]
    return {
        "overdue": tuple(i for i, st in own if st.overdue),
        "reopened_twice": tuple(i for i, st in own if st.reopened >= 2),
        "escalated": tuple(i for i, st in own if st.is_open and st.escalation is not None),
        "replies_overdue": tuple(replies),
        "late": tuple(late),
    }


def _replied_by(document: dict[str, Any], day: date) -> bool:
    """Whether the reply slip had come back by `day`, as the document's history says."""
    return any(
        event["event"] == "replied" and event["on"] <= day
        for event in document.get("history") or []
    )


def _weighted(methods: dict[str, Decimal | None], weights: dict[str, Decimal]) -> Decimal | None:
    if any(score is None for score in methods.values()):
        return None
    total_weight = sum(weights.values(), Decimal(0))
    if not total_weight:
        return None
    weighted = sum((weights[m] * s for m, s in methods.items() if s is not None), Decimal(0))
    return weighted / total_weight


def _grade(total: Decimal | None, bands: tuple[Decimal, ...]) -> str | None:
    """满意 from the first band up, 基本满意 from the second, 不满意 below: on the exact
    total, so 79.95 is 基本满意 even though it shows as 79.95."""
    if total is None:
        return None
    for band, grade in zip(bands, GRADES, strict=False):
        if total >= band:
            return grade
    return GRADES[-1]


def shown(value: Decimal | None) -> str:
    """A score as printed: two decimals, rounded half up; — where there is none."""
    return "—" if value is None else str(value.quantize(CENT, ROUND_HALF_UP))
