"""The ledger's data: plain dicts, typed, and the order of every key. (The two versions of
the file format differ in one key only; ledger.storage.formats reads both into this form.)

Readers work on plain data, which is quick to build, to cache and to count at
any size; ledger.storage.schema validates it with pydantic against these types.
Writes never serialise this data: they edit the file's text (ledger.storage.splice),
so unknown keys and comments are never lost.
"""

import re
import unicodedata
from collections.abc import Iterable
from datetime import date
from typing import Any, Literal, NotRequired

from typing_extensions import TypedDict

# A campaign's ledger is the file CAMPAIGN.yaml in the data folder.
SUFFIX = ".yaml"

Status = Literal["open", "fixed", "verified", "dropped"]
Severity = Literal["general", "major"]
EventKind = Literal[
    "found",
    "fixed",
    "verified",
    "reopened",
    "dropped",
    "extended",
    "edited",
    "escalated",
    "deescalated",
    "renumbered",
]
Ladder = Literal["notice", "letter", "interview", "bulletin"]
# The escalation ladder: rectification notice (整改通知), supervision letter (督办函),
# summoning interview (约谈), public bulletin (通报).
LADDER: tuple[Ladder, ...] = ("notice", "letter", "interview", "bulletin")

STATUSES: tuple[Status, ...] = ("open", "fixed", "verified", "dropped")
SEVERITIES: tuple[Severity, ...] = ("general", "major")

# A confidential mapping (informants, inspectors' notes), on a finding, an event, a record
# entry or anywhere below them: kept in the file, shown or written out only when asked for.
PRIVATE = "private"


def without_private(value: Any) -> Any:
    """The value with every `private` key removed, at any depth."""
    if isinstance(value, dict):
        return {k: without_private(v) for k, v in value.items() if k != PRIVATE}
    if isinstance(value, list):
        return [without_private(item) for item in value]
    return value


# The fields `edit` may correct; the rest change only through the loop's own steps.
EDITABLE = (
    "title",
    "owner",
    "contact",
    "measure",
    "funds",
    "plan",
    "area",
    "location",
    "found_by",
    "source",
    "severity",
)

# The order the tool writes a finding's keys in; new keys are inserted by it.
FINDING_KEYS = (
    "id",
    "title",
    "area",
    "location",
    "found_on",
    "found_by",
    "source",
    "severity",
    "owner",
    "contact",
    "measure",
    "funds",
    "plan",
    "deadline",
    "status",
    "fixed_on",
    "fix_note",
    "escalation",
    "supervisor",
    "history",
)
CAMPAIGN_KEYS = (
    "id",
    "title",
    "organiser",
    "start",
    "end",
    "prefix",
    "areas",
    "owners",
    "language",
    "document_kinds",
    "document_number",
    "phases",
    "deliverables",
    "rubric",
)
# The keys a record entry (activity, item, suggestion, publication) starts with.
RECORD_KEYS: tuple[str, ...] = ("id", "kind", "number", "title", "addressee", "unit")
RECORD_KEYS += ("deliverable", "method", "score", "on", "date", "as_of", "status")
# Lists of names, written on one line: [a, b].
ONE_LINE = ("areas", "owners", "findings", "evidence")
# The campaign's registries: the values its findings' area and owner may take.
REGISTRIES = ("areas", "owners")


# One dated change in a finding's history. `from` is a Python keyword, hence this form.
Event = TypedDict(
    "Event",
    {
        "on": date,
        "event": EventKind,
        "by": NotRequired[str | None],
        "note": NotRequired[str | None],
        "reason": NotRequired[str | None],
        "from": NotRequired[date],
        "to": NotRequired[date],
        "field": NotRequired[str],  # edited: which field, from what to what
        "old": NotRequired[Any],  # edited, renumbered: the old value, the old id
        "new": NotRequired[Any],
        "correction": NotRequired[bool],  # edited: the old value was a mistake (更正)
        "mentions": NotRequired[list[str]],  # renumbered: where the old id is still named
        "step": NotRequired[Ladder],  # escalated: which step of the ladder, by whom supervised
        "supervisor": NotRequired[str | None],
        "evidence": NotRequired[list[str]],  # files, relative to the ledgers' repository
    },
)


class Campaign(TypedDict):
    id: str
    title: str
    prefix: str
    organiser: NotRequired[str | None]
    start: NotRequired[date | None]
    end: NotRequired[date | None]
    areas: NotRequired[list[str] | None]
    owners: NotRequired[list[str] | None]
    language: NotRequired[Literal["zh", "en"] | None]  # of its reports' headline paragraph
    document_kinds: NotRequired[dict[str, str]]  # more kinds of documents: key -> name
    document_number: NotRequired[str]  # the pattern: 秦政协督〔{year}〕{n}号
    phases: NotRequired[list["Phase"]]
    deliverables: NotRequired[list["Deliverable"]]
    rubric: NotRequired["Rubric"]


# `from` is a Python keyword, hence this form.
Phase = TypedDict("Phase", {"name": str, "from": date, "to": date})


class Deliverable(TypedDict):
    """What units must hand in by a day (9月10日前形成书面报告报送)."""

    id: str
    what: str
    due: date
    phase: NotRequired[str | None]  # the phase it belongs to
    units: NotRequired[list[str] | None]  # from these units; else from every owner


class Rubric(TypedDict):
    """How units are scored (述职测评, 民主评议): methods and their weights; the ledger's own
    method scored 100 less the indicators' points; the grade bands."""

    methods: dict[str, float]
    indicators: NotRequired[dict[str, float]]
    ledger_method: NotRequired[str]
    bands: NotRequired[list[float]]
    units: NotRequired[list[str]]  # the units scored; else the campaign's owners


class Finding(TypedDict):
    """A finding; after `normalize`, severity, status and history are always there."""

    id: str
    title: str
    owner: str
    measure: str
    found_on: date
    deadline: date
    area: NotRequired[str | None]
    location: NotRequired[str | None]
    found_by: NotRequired[str | None]
    severity: NotRequired[Severity]
    contact: NotRequired[str | None]
    status: NotRequired[Status]
    fixed_on: NotRequired[date | None]
    fix_note: NotRequired[str | None]
    funds: NotRequired[str | None]  # a major finding's funds (资金) and contingency plan (预案)
    plan: NotRequired[str | None]
    escalation: NotRequired[Ladder | None]  # under listed supervision (挂牌督办) at this step
    supervisor: NotRequired[str | None]  # the supervising unit (督办单位), not the owner
    source: NotRequired[str | None]  # the activity (an inspection, open or covert) that found it
    history: NotRequired[list[Event]]


# --- the campaign record beside the findings ---------------------------------

ActivityKind = Literal["inspection", "meeting", "seminar", "lookback", "interview", "investigation"]
# On-site inspection (实地考察), meeting (会议), seminar (座谈会), look-back session (回头看),
# the interview of a unit (约谈), an escalated investigation (提级调查).
ACTIVITY_KINDS: tuple[ActivityKind, ...] = (
    "inspection",
    "meeting",
    "seminar",
    "lookback",
    "interview",
    "investigation",
)
InspectionMode = Literal["open", "covert"]  # 明查 / 暗访
INSPECTION_MODES: tuple[InspectionMode, ...] = ("open", "covert")
SuggestionStatus = Literal["proposed", "adopted", "in_progress", "done", "declined"]
SUGGESTION_STATUSES: tuple[SuggestionStatus, ...] = (
    "proposed",
    "adopted",
    "in_progress",
    "done",
    "declined",
)


class RecordEvent(TypedDict):
    """One dated step in the history of an activity, item, suggestion or publication."""

    on: date
    event: str
    by: NotRequired[str | None]
    note: NotRequired[str | None]
    reason: NotRequired[str | None]  # why a publication was amended
    was: NotRequired[dict[str, Any]]  # the figures an amendment replaced


class Activity(TypedDict):
    id: str
    kind: ActivityKind
    on: date
    place: NotRequired[str | None]
    participants: NotRequired[int | None]  # member participations (参与人次)
    group: NotRequired[str | None]
    mode: NotRequired[InspectionMode | None]  # an inspection announced (明查) or not (暗访)
    unit: NotRequired[str | None]  # an interview's or investigation's unit
    findings: NotRequired[list[str]]  # the findings it concerned
    outcome: NotRequired[str | None]
    note: NotRequired[str | None]
    history: NotRequired[list[RecordEvent]]


# Documents issued (两书一函 …): a kind's key, and its name.
DOCUMENT_KINDS: dict[str, tuple[str, str]] = {
    "notice": ("rectification notice", "督促限期整改通知书"),
    "reminder": ("reminder letter", "提醒敦促函"),
    "letter": ("supervision letter", "督办函"),
    "interview_notice": ("interview notice", "约谈通知"),
}


class Document(TypedDict):
    """A document issued to a unit about findings, numbered, and its reply slip (回执)."""

    id: str
    kind: str  # a key of DOCUMENT_KINDS, or of the campaign's document_kinds
    number: str  # 秦政协督〔2020〕3号
    on: date
    addressee: str
    findings: list[str]
    reply_by: NotRequired[date | None]
    replied_on: NotRequired[date | None]  # what the history's `replied` event says
    reply_note: NotRequired[str | None]
    evidence: NotRequired[list[str]]
    note: NotRequired[str | None]
    history: NotRequired[list[RecordEvent]]


class Receipt(TypedDict):
    """A deliverable received from a unit (a written rectification report …)."""

    id: str
    deliverable: str
    unit: str
    on: date
    note: NotRequired[str | None]
    evidence: NotRequired[list[str]]
    history: NotRequired[list[RecordEvent]]


class Score(TypedDict):
    """A unit's mark by a method from outside the ledger (a questionnaire's average …)."""

    id: str
    unit: str
    method: str
    score: float
    on: date
    note: NotRequired[str | None]
    history: NotRequired[list[RecordEvent]]


class Item(TypedDict):
    """An entry of the consolidated problem list (问题清单), grouping findings."""

    id: str
    title: str
    on: date
    findings: list[str]
    note: NotRequired[str | None]
    history: NotRequired[list[RecordEvent]]


class Suggestion(TypedDict):
    """A proposal (意见建议) to an addressee, and how it was taken up."""

    id: str
    title: str
    addressee: str
    on: date
    status: SuggestionStatus
    note: NotRequired[str | None]
    history: NotRequired[list[RecordEvent]]


# The period figures of a published report; `from` is a Python keyword, hence this form.
PublishedPeriod = TypedDict(
    "PublishedPeriod",
    {"from": date, "found": int, "fixed": int, "verified": int, "dropped": int},
)


class Published(TypedDict):
    """Figures reported upward for a date: `check` fails when later edits change them."""

    as_of: date
    found: int
    fixed: int
    open: int
    overdue: int
    period: NotRequired[PublishedPeriod]
    published_on: NotRequired[date | None]
    by: NotRequired[str | None]
    note: NotRequired[str | None]
    history: NotRequired[list[RecordEvent]]  # amendments, with the figures they replaced


# The record's sections, in the order the tool writes them: all before `findings`, so
# that a new finding is still appended at the end of the file.
SECTIONS = ("activities", "items", "suggestions", "documents", "receipts", "scores", "published")
ROOT_KEYS = ("ledger", "campaign", *SECTIONS, "findings")
RECORD_PREFIX = {
    "activities": "A",
    "items": "L",
    "suggestions": "S",
    "documents": "D",
    "receipts": "R",
    "scores": "SC",
}


def next_free_ids(prefix: str, used: Iterable[str], count: int) -> list[str]:
    """The next `count` ids past the highest number used with the prefix: QH-155, QH-156 …
    Ids are never reused."""
    pattern = re.compile(rf"{re.escape(prefix)}-(\d{{1,9}})")  # a longer number is no id of ours
    numbers = [int(m[1]) for used_id in used if (m := pattern.fullmatch(str(used_id)))]
    first = max(numbers, default=0) + 1
    return [f"{prefix}-{number:03d}" for number in range(first, first + count)]


def next_free_id(prefix: str, used: Iterable[str]) -> str:
    return next_free_ids(prefix, used, 1)[0]


_TYPED_ID = re.compile(r"([A-Za-z][A-Za-z0-9]*)-?0*(\d{1,9})")
_ID_SEPARATORS = re.compile(r"[\s,，、;；]+")


def split_ids(typed: Iterable[str]) -> list[str]:
    """Ids as people type or paste them: several to an argument or a line (spaces, commas,
    、，), a byte-order mark from Notepad and stray spaces dropped."""
    return [
        part for text in typed for part in _ID_SEPARATORS.split(text.replace("\ufeff", "")) if part
    ]


def clean_id(typed: str) -> str:
    """One id as typed or pasted, without a byte-order mark or surrounding spaces."""
    return typed.replace("\ufeff", "").strip()


class IdIndex:
    """The ids of a ledger, for finding the one a person meant."""

    def __init__(self, ids: Iterable[str]) -> None:
        self.exact = set(ids)
        self.folded: dict[str, list[str]] = {}
        self.numbered: dict[tuple[str, int], list[str]] = {}
        for known in self.exact:
            self.folded.setdefault(known.casefold(), []).append(known)
            if match := _TYPED_ID.fullmatch(known):
                self.numbered.setdefault((match[1].casefold(), int(match[2])), []).append(known)

    def match(self, typed: str) -> str | None:
        """The id meant: as typed, in another case (g2e-011), or by its number without the
        zeros (QH-96 for QH-096), where exactly one id fits; else None."""
        if typed in self.exact:
            return typed
        fits = self.folded.get(typed.casefold(), [])
        if not fits and (match := _TYPED_ID.fullmatch(typed)):
            fits = self.numbered.get((match[1].casefold(), int(match[2])), [])
        return fits[0] if len(fits) == 1 else None


def id_flaw(text: str) -> str | None:
    """What would let this id look like another: a character nobody sees (a control, a
    format mark such as U+200B, a space or line separator), named as U+XXXX, or "NFC" for
    letters composed differently from how a keyboard types them; None for a fit id."""
    if text.isascii() and text.isprintable() and " " not in text:
        return None  # as every id the tool gives: nothing unseen, nothing composed
    for char in text:
        if unicodedata.category(char)[0] in "CZ":
            return f"U+{ord(char):04X}"
    return None if unicodedata.is_normalized("NFC", text) else "NFC"


def is_one_line(text: str) -> bool:
    """No line break or control character: text that a comment line can hold."""
    return not any(unicodedata.category(char) in ("Cc", "Zl", "Zp") for char in text)


def record_key(section: str, entry: Any) -> str | None:
    """What names an entry of a record section: its id; a publication, its date."""
    if section == "published":
        return str(entry.get("as_of"))
    found = entry.get("id")
    return found if isinstance(found, str) else None


def keys_after(section: str) -> tuple[str, ...]:
    """The top-level keys a record section is written before."""
    return (*SECTIONS[SECTIONS.index(section) + 1 :], "findings")


class Ledger(TypedDict):
    ledger: int
    campaign: Campaign
    activities: NotRequired[list[Activity]]
    items: NotRequired[list[Item]]
    suggestions: NotRequired[list[Suggestion]]
    documents: NotRequired[list[Document]]
    receipts: NotRequired[list[Receipt]]
    scores: NotRequired[list[Score]]
    published: NotRequired[list[Published]]
    findings: NotRequired[list[Finding]]


def records(ledger: Ledger, section: str) -> list[dict[str, Any]]:
    """The entries of a record section (activities, items, suggestions, published)."""
    entries: list[dict[str, Any]] = ledger.get(section) or []  # type: ignore[assignment]
    return entries


# Unknown keys are the users' own: validation keeps them.
for _typed_dict in (
    Event,
    Campaign,
    Finding,
    RecordEvent,
    Activity,
    Item,
    Suggestion,
    Document,
    Receipt,
    Score,
    Phase,
    Deliverable,
    Rubric,
    PublishedPeriod,
    Published,
    Ledger,
):
    _typed_dict.__pydantic_config__ = {"extra": "allow"}  # type: ignore[union-attr]


def normalize(finding: Finding) -> Finding:
    """Fill in the defaults, so that every reader can rely on severity, status and history."""
    finding.setdefault("severity", "general")
    finding.setdefault("status", "open")
    if finding.get("history") is None:
        finding["history"] = []
    return finding
