"""Validation beyond the schema: each check is a small function returning Problems."""

import dataclasses
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ledger.core.counts import difference_text, published_differences
from ledger.core.errors import FileError, InvalidLedgerError, Problem
from ledger.core.i18n import Phrase
from ledger.core.model import RECORD_PREFIX, SUFFIX, Finding
from ledger.core.registry import outside, suggest
from ledger.core.standing import events_of, final_standing, stored_differences
from ledger.storage.git import repository_root, staged_bytes, tell_git
from ledger.storage.source import key_line
from ledger.storage.store import LedgerFile, evidence_root, ledger_paths, load


@dataclass(frozen=True)
class Context:
    """What the checks are told: today, and where evidence paths are relative to (the
    repository of the ledgers, unless a staged copy is checked elsewhere)."""

    today: date
    evidence_root: Path | None = None


Check = Callable[[LedgerFile, Context], Iterator[Problem]]


def _finding_line(lf: LedgerFile, index: int, key: str | None = None) -> int | None:
    loc = ("findings", index) if key is None else ("findings", index, key)
    return key_line(lf.lines, lf.positions, loc)


def _problem(
    lf: LedgerFile, index: int, finding: Finding, key: str, message: str, **params: Any
) -> Problem:
    return Problem(
        path=lf.path,
        line=_finding_line(lf, index, key),
        field=f"{finding['id']}.{key}",
        key=message,
        params=params,
        finding=finding["id"],
    )


def check_dates(lf: LedgerFile, ctx: Context) -> Iterator[Problem]:
    for index, f in enumerate(lf.findings):
        found_on, fixed_on = f["found_on"], f.get("fixed_on")
        if f["deadline"] < found_on:
            yield _problem(lf, index, f, "deadline", "deadline_before_found", found_on=found_on)
        if fixed_on is not None and fixed_on < found_on:
            yield _problem(lf, index, f, "fixed_on", "fixed_before_found", found_on=found_on)


def check_status_fields(lf: LedgerFile, ctx: Context) -> Iterator[Problem]:
    """A finding written by hand without a history: its status and fixed_on agree."""
    for index, f in enumerate(lf.findings):
        if f["history"]:
            continue  # held to its history instead
        status, fixed_on = f["status"], f.get("fixed_on")
        if status in ("fixed", "verified") and fixed_on is None:
            yield _problem(
                lf, index, f, "fixed_on", "fixed_without_date", status=Phrase(f"status_{status}")
            )
        if status == "open" and fixed_on is not None:
            yield _problem(lf, index, f, "fixed_on", "open_with_fixed_on")


def check_history(lf: LedgerFile, ctx: Context) -> Iterator[Problem]:
    """The history starts with `found` on found_on, runs forward, and holds no day to come."""
    for index, f in enumerate(lf.findings):
        history = f["history"]
        if not history:
            continue
        first = history[0]
        found = events_of(f)[0]
        if first["event"] != "found" or found["on"] != f["found_on"]:
            yield _problem(lf, index, f, "history", "history_start", found_on=f["found_on"])
        dates = [event["on"] for event in history]
        if dates != sorted(dates):
            yield _problem(lf, index, f, "history", "history_order")


def check_future(lf: LedgerFile, ctx: Context) -> Iterator[Problem]:
    """Nothing is dated after today: a day to come would count as done when it is not."""
    for index, f in enumerate(lf.findings):
        days = [("found_on", f["found_on"]), ("fixed_on", f.get("fixed_on"))]
        days += [("history", event["on"]) for event in f["history"]]
        for key, day in days:
            if day is not None and day > ctx.today:
                yield _problem(lf, index, f, key, "dated_in_future", day=day, today=ctx.today)
                break


def check_stored_fields(lf: LedgerFile, ctx: Context) -> Iterator[Problem]:
    """The stored fields are the standing after the last event: each that says otherwise
    is reported with both values."""
    for index, f in enumerate(lf.findings):
        if not f["history"]:
            continue
        for key, stored, replayed in stored_differences(f):
            yield _problem(
                lf,
                index,
                f,
                key,
                "stored_vs_history",
                stored=_shown(stored),
                replayed=_shown(replayed),
            )


def _shown(value: Any) -> str:
    return "—" if value is None else str(value)


def check_registries(lf: LedgerFile, ctx: Context) -> Iterator[Problem]:
    campaign = lf.ledger["campaign"]
    areas, owners = campaign.get("areas"), campaign.get("owners")
    for index, f in enumerate(lf.findings):
        for key, value, known in (("area", f.get("area"), areas), ("owner", f["owner"], owners)):
            if outside(value, known):
                assert value is not None and known
                yield _problem(
                    lf, index, f, key, "not_in_registry", value=value, hint=suggest(value, known)
                )


def check_five_in_place(lf: LedgerFile, ctx: Context) -> Iterator[Problem]:
    """A major finding needs responsibility, measure, funds, deadline and plan (五到位)."""
    for index, f in enumerate(lf.findings):
        st = final_standing(f)
        if st is not None and st.severity == "major" and st.state != "dropped":
            for key in ("funds", "plan"):
                if not f.get(key):
                    yield _problem(lf, index, f, key, "major_lacks", field=Phrase(f"field_{key}"))


def check_evidence(lf: LedgerFile, ctx: Context) -> Iterator[Problem]:
    """Evidence files recorded in the history lie inside the ledgers' repository, and should
    still be there (a warning, not an error). Outside it, a path is not even looked at: check
    must not tell whether some other file exists."""
    root = (ctx.evidence_root or evidence_root(lf.path.parent)).resolve()
    for index, f in enumerate(lf.findings):
        for event in f["history"]:
            for name in event.get("evidence") or []:
                path = (root / name).resolve()
                if not path.is_relative_to(root):
                    yield _problem(lf, index, f, "history", "evidence_outside_file", file=name)
                elif not path.is_file():
                    problem = _problem(lf, index, f, "history", "evidence_missing", file=name)
                    yield dataclasses.replace(problem, warning=True)


def check_mentions(lf: LedgerFile, ctx: Context) -> Iterator[Problem]:
    """A finding renumbered by a merge whose old id is still named in notes, reasons or
    evidence paths: a warning until the clerk has looked and removed `mentions`."""
    for index, f in enumerate(lf.findings):
        for event in f["history"]:
            if event["event"] == "renumbered" and event.get("mentions"):
                problem = _problem(
                    lf,
                    index,
                    f,
                    "history",
                    "renumbered_mentions",
                    old=event.get("old"),
                    new=event.get("new"),
                    where="; ".join(event["mentions"]),
                )
                yield dataclasses.replace(problem, warning=True)


def _record_problem(
    lf: LedgerFile, section: str, index: int, key: str, message: str, **params: Any
) -> Problem:
    entry = lf.records(section)[index]
    name = entry.get("id") or f"{section}[{index}]"
    line = key_line(lf.lines, lf.positions, (section, index, key))
    return Problem(lf.path, line, f"{name}.{key}", message, params)


def check_record_ids(lf: LedgerFile, ctx: Context) -> Iterator[Problem]:
    """The entries of every numbered section have ids unique within it."""
    for section in RECORD_PREFIX:
        first: dict[str, int] = {}
        for index, entry in enumerate(lf.records(section)):
            if entry["id"] in first:
                line = key_line(lf.lines, lf.positions, (section, first[entry["id"]], "id"))
                yield _record_problem(
                    lf, section, index, "id", "duplicate_record_id", record=entry["id"], first=line
                )
            else:
                first[entry["id"]] = index


def check_items(lf: LedgerFile, ctx: Context) -> Iterator[Problem]:
    """Every finding a problem-list item, a document or an activity names is a finding of
    this ledger."""
    known = {f["id"] for f in lf.findings}
    for section in ("items", "documents", "activities"):
        for index, entry in enumerate(lf.records(section)):
            for finding_id in entry.get("findings") or []:
                if finding_id not in known:
                    yield _record_problem(
                        lf,
                        section,
                        index,
                        "findings",
                        "item_unknown_finding",
                        record=entry["id"],
                        finding=finding_id,
                    )


def check_sources(lf: LedgerFile, ctx: Context) -> Iterator[Problem]:
    """A finding's source is an activity of this ledger."""
    activities = {a["id"] for a in lf.records("activities")}
    for index, f in enumerate(lf.findings):
        source = f.get("source")
        if source and source not in activities:
            yield _problem(lf, index, f, "source", "unknown_source", source=source)


def check_plan(lf: LedgerFile, ctx: Context) -> Iterator[Problem]:
    """Each deliverable received is one the campaign declares, received within its phase's
    time (not before the phase began) and not after the campaign ended; each mark entered is
    by a method of the rubric."""
    campaign = lf.campaign
    phases = {p["name"]: p for p in campaign.get("phases") or []}
    deliverables = {d["id"]: d for d in campaign.get("deliverables") or []}
    end = campaign.get("end")
    for index, receipt in enumerate(lf.records("receipts")):
        deliverable = deliverables.get(receipt["deliverable"])
        if deliverable is None:
            yield _record_problem(lf, "receipts", index, "deliverable", "no_deliverable",
                                  deliverable=receipt["deliverable"], known=tuple(deliverables) or ("—",))  # fmt: skip
            continue
        phase = phases.get(deliverable.get("phase") or "")
        if phase is not None and receipt["on"] < phase["from"]:
            yield _record_problem(lf, "receipts", index, "date", "received_before_phase",
                                  phase=phase["name"], day=phase["from"])  # fmt: skip
        if end is not None and receipt["on"] > end:
            yield _record_problem(lf, "receipts", index, "date", "received_after_end", day=end)
    rubric = campaign.get("rubric")
    methods = set(rubric["methods"]) if rubric else set()
    for index, score in enumerate(lf.records("scores")):
        if score["method"] not in methods:
            yield _record_problem(lf, "scores", index, "method", "unknown_method",
                                  method=score["method"], methods=tuple(methods) or ("—",))  # fmt: skip


def check_published(lf: LedgerFile, ctx: Context) -> Iterator[Problem]:
    """Published figures are official: the ledger must still give them for their date."""
    for index, entry in enumerate(lf.records("published")):
        differences = difference_text(published_differences(lf.findings, entry))
        if differences:
            problem = _record_problem(
                lf,
                "published",
                index,
                "as_of",
                "published_mismatch",
                day=entry["as_of"],
                differences=differences,
            )
            yield dataclasses.replace(problem, field=f"published[{entry['as_of']}]")


CHECKS: tuple[Check, ...] = (
    check_dates,
    check_status_fields,
    check_history,
    check_future,
    check_stored_fields,
    check_registries,
    check_five_in_place,
    check_evidence,
    check_mentions,
    check_record_ids,
    check_items,
    check_sources,
    check_plan,
    check_published,
)


def check_file(path: Path, ctx: Context) -> list[Problem]:
    """Every problem in one ledger file, in line order; schema problems stop the semantic checks."""
    try:
        lf = load(path)
    except InvalidLedgerError as exc:
        return exc.problems
    except FileError as exc:
        return [Problem(path, None, "", "unreadable", {"reason": exc.params["reason"]})]
    problems = [problem for check in CHECKS for problem in check(lf, ctx)]
    return sorted(problems, key=lambda p: p.line or 0)


def check_files(paths: list[Path], today: date) -> list[Problem]:
    """Every problem in these ledger files, file by file."""
    return [problem for path in paths for problem in check_file(path, Context(today))]


def check_districts(sources_file: Path, today: date) -> tuple[list[Problem], int]:
    """The problems of every district's ledgers, as `ledger sync` fetched them, each named
    district/data/file; a source never fetched is one too."""
    from ledger.storage.sources import checkouts

    found, problems = checkouts(sources_file)
    count = 0
    for checkout in found:
        for path in ledger_paths(checkout.data):
            count += 1
            problems += [checkout.shown(p) for p in check_file(path, Context(today, checkout.root))]
    return problems, count


def check_staged(data_dir: Path, today: date) -> tuple[list[Problem], int]:
    """The problems of every ledger staged for the next commit (a merge commit included), as
    git holds them in its index, named by their paths in the repository; and how many were
    checked. Their evidence is looked for in the repository."""
    root = repository_root(data_dir)
    folder = data_dir.resolve().relative_to(root.resolve()).as_posix()
    prefix = "" if folder == "." else f"{folder}/"
    staged = tell_git(root, "diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR")
    names = [n for n in staged.split("\0") if n.startswith(prefix) and n.endswith(SUFFIX)]
    names = [n for n in names if "/" not in n[len(prefix) :]]
    problems: list[Problem] = []
    with tempfile.TemporaryDirectory(prefix="ledger-staged-") as temp:
        for name in names:
            copy = Path(temp) / Path(name).name
            copy.write_bytes(staged_bytes(root, name))
            for problem in check_file(copy, Context(today, root)):
                problems.append(dataclasses.replace(problem, path=Path(name)))
    return problems, len(names)
