"""A three-way merge of one ledger file, at the level of campaigns, findings and fields:
git's merge driver (`ledger merge-file %O %A %B --path %P`).

The result is OURS' text with THEIRS' changes made on the lines they concern, so OURS'
comments and layout survive and the findings THEIRS added come with their comments:

- findings added on both sides are all kept; where both took the same new id, the one
  recorded first keeps it (ties broken by content) and the other takes the next free id,
  recorded in its history, so merging either way, or rebasing, gives the same ids;
- different fields of one finding changed on each side are both kept, and the histories
  are merged in date order without duplicates;
- one field changed to different values on each side is a real conflict: that finding
  alone is written between git's conflict markers, and the merge reports it.

Activities, items, suggestions and published figures merge the same way by id; the
campaign mapping by key, its registries (areas, owners) as sets.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ledger.core.errors import InvalidLedgerError, file_error
from ledger.core.model import RECORD_PREFIX, REGISTRIES, SECTIONS, Finding, Ledger, next_free_id
from ledger.core.patch import Change, Edit, SectionEdit
from ledger.storage.atomic import write_atomic
from ledger.storage.formats import change_for_file, edit_for_file, upgraded_text, version_of
from ledger.storage.git import line_merge
from ledger.storage.parser import parse
from ledger.storage.schema import validate, validate_finding, validate_record
from ledger.storage.source import Positions, Source
from ledger.storage.splice import (
    Piece,
    block_lines,
    edit_entry,
    edit_whole,
    finding_spans,
    in_place,
    mapping_in_place,
    section_in_place,
)
from ledger.storage.yamltext import flow_seq

MISSING: Any = object()


@dataclass
class Side:
    """One version of the file: its text, its data and where things are in it."""

    source: Source
    ledger: Ledger
    positions: Positions

    @property
    def lines(self) -> list[str]:
        return self.source.text.splitlines(keepends=True)

    def findings(self) -> dict[str, Finding]:
        return {f["id"]: f for f in self.ledger.get("findings") or []}


def read_side(path: Path, upgrade: bool = False) -> Side | None:
    """A version of the ledger, in format 2 if `upgrade` says so; None for an empty file (the
    base of a file added on both sides). A file that does not parse raises InvalidLedgerError."""
    try:
        source = Source(path, path.read_bytes())
    except OSError as exc:
        raise file_error("cannot_read", path, exc) from None
    if not source.text.strip():
        return None
    if upgrade and (upgraded := upgraded_text(source.text)) is not None:
        source = source.with_text(upgraded)
    parsed = parse(source)
    return Side(source, validate(parsed), parsed.positions)


@dataclass
class Merged:
    text: str
    conflicts: list[str] = field(default_factory=list)  # what is between conflict markers
    renumbered: list[tuple[str, str]] = field(default_factory=list)  # (old id, new id)


def merge_values(base: Any, ours: Any, theirs: Any) -> tuple[Any, bool]:
    """(the merged value, whether it is a conflict): a side that did not change defers."""
    if ours == theirs or theirs == base:
        return ours, False
    if ours == base:
        return theirs, False
    return ours, True


def merge_history(base: list[Any], ours: list[Any], theirs: list[Any]) -> list[Any]:
    """Both sides' events, in date order (ours first on the same day), each once."""
    merged, conflict = merge_values(base, ours, theirs)
    if not conflict:
        return list(merged)
    extra = [event for event in theirs if event not in ours]
    return sorted([*ours, *extra], key=lambda event: event["on"])


def merge_registry(base: Any, ours: Any, theirs: Any) -> Any:
    """A registry (areas, owners) as a set: what either side added, less what either removed."""
    base, ours, theirs = (v if isinstance(v, list) else [] for v in (base, ours, theirs))
    kept = [x for x in ours if x in theirs or x not in base]
    return kept + [x for x in theirs if x not in ours and x not in base] or None


def merge_mapping(
    base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    """Key by key; (merged mapping, keys in conflict)."""
    merged: dict[str, Any] = {}
    conflicts = []
    for key in dict.fromkeys([*ours, *theirs, *base]):
        values = (base.get(key, MISSING), ours.get(key, MISSING), theirs.get(key, MISSING))
        if key == "history":
            value = merge_history(*(v if v is not MISSING else [] for v in values))
        elif key in REGISTRIES:
            value = merge_registry(*values)
            value = MISSING if value is None and values[1] is MISSING else value
        else:
            value, conflict = merge_values(*values)
            if conflict:
                conflicts.append(key)
        if value is not MISSING:
            merged[key] = value
    return merged, conflicts


def change_from(ours: dict[str, Any], merged: dict[str, Any]) -> Change | None:
    """What turns `ours` into `merged`, as an edit of ours' lines."""
    fields: dict[str, Any] = {}
    events: list[dict[str, Any]] = []
    for key, value in merged.items():
        if key == "history":
            history = ours.get("history") or []
            if value[: len(history)] == history:
                events = value[len(history) :]
            else:
                fields[key] = list(value)  # written one event a line by yamltext
        elif ours.get(key, MISSING) != value:
            fields[key] = flow_seq(value) if isinstance(value, list) else value
    removed = [key for key in ours if key not in merged]
    if not fields and not events and not removed:
        return None
    return Change(fields=fields, events=events, removed=removed)


def canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def first_recorded(entry: dict[str, Any]) -> tuple[str, str]:
    """The order in which two entries that took the same id keep it: the one recorded first
    (its first history event, else its date), ties broken by content. Both sides of a merge,
    and a rebase, compute the same."""
    history = entry.get("history") or []
    day = history[0]["on"] if history else entry.get("found_on") or entry.get("on")
    return str(day), canonical(entry)


def renumber_event(old: str, new: str, today: date) -> dict[str, Any]:
    note = f"renumbered by a merge: both sides added {old}"
    return {"on": today, "event": "edited", "field": "id", "old": old, "new": new, "note": note}


def with_marker_lines(ours: str, theirs: str, label: str) -> str:
    return f"<<<<<<< ours ({label})\n{ours}=======\n{theirs}>>>>>>> theirs ({label})\n"


class Merger:
    """Builds the merged text as pieces replacing lines of OURS, and the data it must read
    back as."""

    def __init__(self, base: Side | None, ours: Side, theirs: Side, today: date) -> None:
        self.base, self.ours, self.theirs, self.today = base, ours, theirs, today
        self.version = version_of(ours.ledger)
        self.pieces: list[Piece] = []
        self.result = Merged("")
        self.expected: dict[str, Any] = {}

    def base_ledger(self) -> dict[str, Any]:
        return dict(self.base.ledger) if self.base else {}

    # --- findings -------------------------------------------------------------

    def findings(self) -> bool:
        """Merge the findings; False where the layout needs the whole-file fallback."""
        base = self.base.findings() if self.base else {}
        ours, theirs = self.ours.findings(), self.theirs.findings()
        spans = finding_spans(self.ours.positions, list(ours.values()))
        theirs_spans = finding_spans(self.theirs.positions, list(theirs.values()))
        if (ours and not spans) or (theirs and not theirs_spans):
            return False
        if len(ours) != len(self.ours.ledger.get("findings") or []):
            return False  # duplicate ids: no merge by id
        changes: dict[str, Change] = {}
        merged: dict[str, dict[str, Any]] = {}
        deleted: list[str] = []
        for finding_id, mine in ours.items():
            if finding_id not in theirs:
                if finding_id in base and canonical(base[finding_id]) == canonical(mine):
                    deleted.append(finding_id)  # they deleted it, we did not touch it
                else:
                    merged[finding_id] = dict(mine)
                continue
            if finding_id not in base and canonical(mine) != canonical(theirs[finding_id]):
                merged[finding_id] = dict(mine)  # both added it: settled below
                continue
            values, conflicts = merge_mapping(
                dict(base.get(finding_id, {})), dict(mine), dict(theirs[finding_id])
            )
            if conflicts:
                self.conflict_finding(finding_id, spans, theirs_spans, conflicts)
                merged[finding_id] = dict(mine)
                continue
            merged[finding_id] = values
            change = change_from(dict(mine), values)
            if change is not None:
                changes[finding_id] = change
        texts, added = self.new_findings(base, ours, theirs, merged, changes, theirs_spans)
        text = self.ours.source.text
        in_file = edit_for_file(Edit(changes=changes), self.version)
        pieces = in_place(text, self.ours.positions, list(ours.values()), in_file)
        if changes and pieces is None:
            return False
        lines = self.ours.lines
        for finding_id in deleted:
            start, end = spans[finding_id]
            self.pieces.append(Piece(-1, start, end, ""))
        self.pieces += pieces or []
        if texts:
            root_keys = self.ours.positions.root_keys
            if (
                self.ours.positions.findings_end is None
                or max(root_keys, key=lambda k: root_keys[k]) != "findings"
            ):
                return False
            if lines and not lines[-1].endswith("\n"):
                return False
            self.pieces.append(Piece(-1, len(lines), len(lines), "".join(texts)))
        self.expected["findings"] = [*merged.values(), *added]
        return True

    def new_findings(
        self,
        base: dict[str, Finding],
        ours: dict[str, Finding],
        theirs: dict[str, Finding],
        merged: dict[str, dict[str, Any]],
        changes: dict[str, Change],
        theirs_spans: dict[str, tuple[int, int]],
    ) -> tuple[list[str], list[dict[str, Any]]]:
        """THEIRS' new findings, as text to append and as data; where both sides took the
        same new id, the one recorded later moves to the next free id."""
        used = set(ours) | set(theirs) | set(base)
        prefix = self.ours.ledger["campaign"]["prefix"]
        clashes = sorted(
            (
                i
                for i in theirs
                if i not in base and i in ours and canonical(ours[i]) != canonical(theirs[i])
            ),
            key=lambda i: min(first_recorded(dict(ours[i])), first_recorded(dict(theirs[i]))),
        )
        renamed = {}
        for finding_id in clashes:
            renamed[finding_id] = next_free_id(prefix, used)
            used.add(renamed[finding_id])
            self.result.renumbered.append((finding_id, renamed[finding_id]))
        texts, added = [], []
        theirs_lines = self.theirs.lines
        for finding_id, finding in theirs.items():
            if finding_id in base or (finding_id in ours and finding_id not in renamed):
                continue
            start, end = theirs_spans[finding_id]
            text = "".join(theirs_lines[start:end])
            values: dict[str, Any] = dict(finding)
            if finding_id in renamed:
                new_id = renamed[finding_id]
                rename = Change(
                    fields={"id": new_id}, events=[renumber_event(finding_id, new_id, self.today)]
                )
                if first_recorded(dict(ours[finding_id])) > first_recorded(values):
                    mine = dict(ours[finding_id])  # ours was recorded later: it moves
                    rename.apply(mine)
                    merged[finding_id] = dict(validate_finding(mine))
                    changes[finding_id] = rename
                else:
                    edited = edit_entry(text, change_for_file(rename, self.version))
                    if edited is None:
                        raise _Fallback
                    text = edited
                    rename.apply(values)
            added.append(dict(validate_finding(values)))
            texts.append(text if text.endswith("\n") else text + "\n")
        return texts, added

    def conflict_finding(
        self,
        finding_id: str,
        spans: dict[str, tuple[int, int]],
        theirs_spans: dict[str, tuple[int, int]],
        keys: list[str],
    ) -> None:
        start, end = spans[finding_id]
        t_start, t_end = theirs_spans[finding_id]
        mine = "".join(self.ours.lines[start:end])
        theirs = "".join(self.theirs.lines[t_start:t_end])
        self.pieces.append(Piece(-1, start, end, with_marker_lines(mine, theirs, finding_id)))
        self.result.conflicts.append(f"{finding_id} ({', '.join(keys)})")

    # --- the campaign, the record sections and any other top-level key --------------

    def campaign(self) -> bool:
        base = dict(self.base_ledger().get("campaign") or {})
        ours, theirs = dict(self.ours.ledger["campaign"]), dict(self.theirs.ledger["campaign"])
        merged, conflicts = merge_mapping(base, ours, theirs)
        self.expected["campaign"] = merged
        if conflicts:
            self.conflict_block("campaign", f"campaign ({', '.join(conflicts)})")
            return True
        change = change_from(ours, merged)
        if change is None:
            return True
        piece = mapping_in_place(self.ours.source.text, self.ours.positions, "campaign", change)
        if piece is None:
            return False
        self.pieces.append(Piece(-1, piece[0], piece[1], piece[2]))
        return True

    def sections(self) -> bool:
        return all(self.section(name) for name in SECTIONS)

    def section(self, name: str) -> bool:
        key_of: Callable[[dict[str, Any]], str] = (
            (lambda e: str(e["as_of"])) if name == "published" else (lambda e: e["id"])
        )
        base = {key_of(e): e for e in self.base_ledger().get(name) or []}
        ours = {key_of(e): e for e in self.ours.ledger.get(name) or []}  # type: ignore[attr-defined]
        theirs = {key_of(e): e for e in self.theirs.ledger.get(name) or []}  # type: ignore[attr-defined]
        if not ours and not theirs:
            return True
        edit = SectionEdit()
        merged = {key: dict(entry) for key, entry in ours.items()}  # ours' entries, in place
        used = set(ours) | set(theirs) | set(base)
        conflicts = []
        for key, entry in theirs.items():
            if key not in ours:
                if key not in base:
                    edit.added.append(dict(entry))
                continue
            if key not in base and canonical(ours[key]) != canonical(entry):
                if name == "published":
                    conflicts.append(key)
                    continue
                new_id = next_free_id(RECORD_PREFIX[name], used)
                used.add(new_id)
                self.result.renumbered.append((key, new_id))
                if first_recorded(ours[key]) > first_recorded(entry):
                    # ours was recorded later: it takes the new id, in its place
                    edit.changes[key] = Change(fields={"id": new_id})
                    merged[key] = {**merged[key], "id": new_id}
                    edit.added.append(dict(entry))
                else:
                    edit.added.append({**entry, "id": new_id})
                continue
            values, clash = merge_mapping(base.get(key, {}), dict(ours[key]), dict(entry))
            if clash:
                conflicts.append(f"{key} ({', '.join(clash)})")
                continue
            merged[key] = values
            change = change_from(dict(ours[key]), values)
            if change is not None:
                if name == "published":
                    conflicts.append(key)
                    continue
                edit.changes[key] = change
        if conflicts:
            self.conflict_block(name, f"{name}: {', '.join(conflicts)}")
            return True
        entries = [*merged.values(), *edit.added]
        self.expected[name] = [validate_record(name, e) for e in entries]
        if not edit.added and not edit.changes:
            return True
        in_file = edit_for_file(Edit(sections={name: edit}), self.version).sections[name]
        piece = section_in_place(self.ours.source.text, self.ours.positions, name, in_file)
        if piece is None:
            return False
        self.pieces.append(Piece(SECTIONS.index(name), piece[0], piece[1], piece[2]))
        return True

    def other_keys(self) -> None:
        """Top-level keys other than the campaign, the sections and the findings: whole
        blocks, taken from THEIRS where only THEIRS changed them."""
        known = {"campaign", "findings", *SECTIONS}
        base = self.base_ledger()
        ours, theirs = dict(self.ours.ledger), dict(self.theirs.ledger)
        for key in dict.fromkeys([*ours, *theirs]):
            if key in known:
                continue
            value, conflict = merge_values(
                base.get(key, MISSING), ours.get(key, MISSING), theirs.get(key, MISSING)
            )
            if value is not MISSING:
                self.expected[key] = value
            if conflict:
                self.conflict_block(key, key)
            elif value != ours.get(key, MISSING):
                self.take_theirs_block(key)

    def take_theirs_block(self, key: str) -> None:
        lines, theirs_lines = self.ours.lines, self.theirs.lines
        body = ""
        if key in self.theirs.positions.root_keys:
            start, end, _ = block_lines(theirs_lines, self.theirs.positions.root_keys, key)
            body = "".join(theirs_lines[start:end])
        if key in self.ours.positions.root_keys:
            start, end, _ = block_lines(lines, self.ours.positions.root_keys, key)
            self.pieces.append(Piece(-1, start, end, body))
        else:
            at = self.ours.positions.root_keys.get("campaign", 0)
            self.pieces.append(Piece(-1, at, at, body))

    def conflict_block(self, key: str, label: str) -> None:
        lines, theirs_lines = self.ours.lines, self.theirs.lines
        mine = theirs = ""
        start = end = len(lines)
        if key in self.ours.positions.root_keys:
            start, end, _ = block_lines(lines, self.ours.positions.root_keys, key)
            mine = "".join(lines[start:end])
        if key in self.theirs.positions.root_keys:
            t_start, t_end, _ = block_lines(theirs_lines, self.theirs.positions.root_keys, key)
            theirs = "".join(theirs_lines[t_start:t_end])
        self.pieces.append(Piece(-1, start, end, with_marker_lines(mine, theirs, key)))
        self.result.conflicts.append(label)

    def text(self) -> str:
        """OURS with every piece in place; insertions at one line in the sections' order."""
        ordered = sorted(self.pieces, key=lambda p: (p.start, p.index))
        lines = self.ours.lines
        out = []
        at = 0
        for piece in ordered:
            out.append("".join(lines[at : piece.start]))
            out.append(piece.body + piece.tail)
            at = max(at, piece.end)
        out.append("".join(lines[at:]))
        return "".join(out)


class _Fallback(Exception):
    """The layout cannot be edited on its lines: merge by a whole-file round trip."""


def merge(base: Side | None, ours: Side, theirs: Side, today: date) -> Merged:
    """The three-way merge; conflicts are left between markers and listed."""
    merger = Merger(base, ours, theirs, today)
    try:
        in_place_ok = merger.campaign() and merger.sections() and merger.findings()
    except _Fallback:
        in_place_ok = False
    merger.other_keys()
    if not in_place_ok and not merger.result.conflicts:
        return _merge_whole(merger)
    text = merger.text()
    merger.result.text = text
    if not merger.result.conflicts:
        _verify(ours, text, merger.expected)
    return merger.result


def _verify(ours: Side, text: str, expected: dict[str, Any]) -> None:
    """The merged text must read back as the merged data, or nothing is written."""
    ledger: dict[str, Any] = dict(validate(parse(ours.source.with_text(text))))
    wanted = dict(ours.ledger) | expected
    wanted["findings"] = [validate_finding(f) for f in expected.get("findings") or []]
    if "campaign" in expected:
        wanted["campaign"] = dict(expected["campaign"])
    for name in SECTIONS:
        if not wanted.get(name):
            wanted.pop(name, None)
            ledger.pop(name, None)
    if canonical(ledger) != canonical(wanted):
        raise InvalidLedgerError([])


def _merge_whole(merger: Merger) -> Merged:
    """The fallback: OURS round-tripped whole, with THEIRS' findings merged in as data."""
    expected = merger.expected.get("findings")
    if expected is None:
        raise InvalidLedgerError([])
    ours = merger.ours
    ours_ids = {f["id"] for f in ours.ledger.get("findings") or []}
    changes = {}
    for finding in expected:
        if finding["id"] in ours_ids:
            change = change_from(dict(ours.findings()[finding["id"]]), dict(finding))
            if change is not None:
                changes[finding["id"]] = change
    added = [dict(f) for f in expected if f["id"] not in ours_ids]
    findings = list(ours.ledger.get("findings") or [])
    in_file = edit_for_file(Edit(changes=changes, added=added), merger.version)
    text = edit_whole(ours.source.text, ours.positions, findings, in_file)
    merger.result.text = text
    return merger.result


@dataclass(frozen=True)
class Outcome:
    clean: bool
    messages: list[tuple[str, dict[str, Any]]]  # message keys and their parameters


def merge_file(base: Path, ours: Path, theirs: Path, label: str, today: date) -> Outcome:
    """git's merge driver: merge into OURS' file; clean or with conflicts between markers.

    Where a side does not parse (a hand edit gone wrong), git's own line merge is used.
    """
    try:
        sides = read_side(base), read_side(ours), read_side(theirs)
        if len({version_of(side.ledger) for side in sides if side is not None}) > 1:
            # A side in format 2: the others are upgraded first, so that nothing is lost.
            sides = read_side(base, True), read_side(ours, True), read_side(theirs, True)
    except InvalidLedgerError as exc:
        reason = exc.problems[0].key if exc.problems else "invalid"
        return _line_merge(
            base, ours, theirs, label, [("merge_unreadable", {"path": label, "reason": reason})]
        )
    base_side, ours_side, theirs_side = sides
    if ours_side is None or theirs_side is None:
        return _line_merge(base, ours, theirs, label, [])
    try:
        merged = merge(base_side, ours_side, theirs_side, today)
    except InvalidLedgerError:
        return _line_merge(
            base, ours, theirs, label, [("merge_unreadable", {"path": label, "reason": "merge"})]
        )
    write_atomic(ours, ours_side.source.encode(merged.text))
    messages: list[tuple[str, dict[str, Any]]] = [
        ("merge_renumbered", {"path": label, "old": old, "new": new})
        for old, new in merged.renumbered
    ]
    if merged.conflicts:
        messages.append(("merge_conflicts", {"path": label, "what": "; ".join(merged.conflicts)}))
    return Outcome(not merged.conflicts, messages)


def _line_merge(
    base: Path, ours: Path, theirs: Path, label: str, messages: list[tuple[str, dict[str, Any]]]
) -> Outcome:
    """git's own line merge, with conflict markers, as git would do without us."""
    return Outcome(line_merge(base, ours, theirs, label), messages)
