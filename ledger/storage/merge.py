"""A three-way merge of one ledger file, entry by entry: git's merge driver
(`ledger merge-file %O %A %B --path %P`).

The file is cut into its pieces (ledger.storage.structure): the head, each top-level key,
and in the findings and the record sections each entry with the comments that lead it.
Each piece is merged on its own:

- a piece only one side changed is taken from that side as it is written there, its
  comments and layout with it (a `ledger fmt` commit survives, whichever way one merges);
- a piece both sides changed is merged line by line where that gives exactly the merged
  data, else field by field on the lines of the side that changed more than layout, and
  every comment of both sides is kept;
- the same field changed to different values, a finding deleted on one side and changed
  on the other, or a merged history the tool would refuse (the same step twice with other
  notes, a step its state does not allow) is a conflict: that entry alone stands between
  git's conflict markers, both versions whole;
- entries added on both sides with one id are both kept: the one already on the upstream
  branch keeps its id, else the one recorded first; the other takes the next free id, with
  a `renumbered` event, and the problem-list items of its side follow it. Mentions of the
  old id in notes, reasons and evidence paths are reported, and `check` lists them until
  the clerk has looked.

Nothing is written until the result, both versions of every conflict, reads back as the
merged data and holds every comment of both sides; where that cannot be made so, git's own
line merge is used, which loses nothing either.
"""

import json
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ledger.core.errors import InvalidLedgerError, file_error
from ledger.core.model import RECORD_PREFIX, REGISTRIES, next_free_id, record_key
from ledger.core.patch import Change
from ledger.core.standing import ALLOWED_FROM, STATE_AFTER
from ledger.storage.atomic import write_atomic
from ledger.storage.comments import comments
from ledger.storage.formats import (
    change_for_file,
    entry_from_file,
    upgraded_text,
    version_of,
)
from ledger.storage.git import line_merge, run_git
from ledger.storage.parser import parse
from ledger.storage.schema import validate, validate_finding, validate_record
from ledger.storage.source import Source
from ledger.storage.splice import edit_entry
from ledger.storage.structure import LISTS, Block, Document, split

MISSING: Any = object()
# Steps that change a finding's state: the same one twice on one day is one step.
STATE_STEPS = tuple(STATE_AFTER)
MARKER = re.compile(r"^(<{7}|={7}|>{7})( .*)?\n", re.M)


class _Fallback(Exception):
    """The pieces cannot be merged safely: git's line merge instead."""


# --- the three versions ----------------------------------------------------------------


@dataclass
class Piece:
    """An entry of one side: its leading lines, its text and its data (read as the tool
    reads it, days under `on`)."""

    lead: str
    text: str
    data: dict[str, Any]


@dataclass
class Side:
    source: Source
    ledger: dict[str, Any]
    document: Document
    version: int

    def pieces(self, section: str) -> dict[str, Piece]:
        """The section's entries by key, in file order."""
        block = self.document.block(section)
        data = self.ledger.get(section) or []
        if block is None or block.entries is None:
            return {}
        keys = [record_key(section, entry) or "" for entry in data]
        return {
            key: Piece(entry.lead, entry.text, values)
            for key, entry, values in zip(keys, block.entries, data, strict=True)
        }


def read_side(path: Path, upgrade: bool = False) -> Side | None:
    """A version of the ledger, in format 2 if `upgrade` says so; None for an empty file (the
    base of a file added on both sides). A file that does not parse raises InvalidLedgerError;
    one that cannot be cut into pieces raises _Fallback."""
    try:
        source = Source(path, path.read_bytes())
    except OSError as exc:
        raise file_error("cannot_read", path, exc) from None
    if not source.text.strip():
        return None
    if upgrade and (upgraded := upgraded_text(source.text)) is not None:
        source = source.with_text(upgraded)
    ledger: dict[str, Any] = dict(validate(parse(source)))
    document = split(source.text)
    if document is None:
        raise _Fallback
    for section in LISTS:
        block = document.block(section)
        count = len(ledger.get(section) or [])
        if count and (block is None or block.entries is None or len(block.entries) != count):
            raise _Fallback
    return Side(source, ledger, document, version_of(ledger))


# --- merging values --------------------------------------------------------------------


def canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def merge_values(base: Any, ours: Any, theirs: Any) -> tuple[Any, bool]:
    """(the merged value, whether it is a conflict): a side that did not change defers."""
    if canonical(ours) == canonical(theirs) or canonical(theirs) == canonical(base):
        return ours, False
    if canonical(ours) == canonical(base):
        return theirs, False
    return ours, True


def _same_step(event: dict[str, Any]) -> str:
    """What makes two events one: everything but who recorded it."""
    return canonical({k: v for k, v in event.items() if k != "by"})


def merge_history(base: list[Any], ours: list[Any], theirs: list[Any]) -> tuple[list[Any], bool]:
    """Both sides' events in date order (ours first on a day), each once; (history,
    conflict). The same step recorded on both sides is one event; the same state step on
    one day with other details, or a history whose steps its states do not allow, is a
    conflict."""
    merged, conflict = merge_values(base, ours, theirs)
    if not conflict:
        return list(merged), False
    seen = {_same_step(event) for event in ours}
    extra = [event for event in theirs if _same_step(event) not in seen]
    history = sorted([*ours, *extra], key=lambda event: event["on"])
    steps = [(e["on"], e["event"]) for e in history if e["event"] in STATE_STEPS]
    if len(steps) != len(set(steps)) or not _allowed(history):
        return ours, True
    return history, False


def _allowed(history: list[dict[str, Any]]) -> bool:
    """Whether every step of the history is one its state allows, as the loop would."""
    state: str | None = None
    for event in history:
        kind = event["event"]
        if kind == "found":
            if state is not None:
                return False
        elif kind in ALLOWED_FROM and state not in ALLOWED_FROM[kind]:
            return False
        state = STATE_AFTER.get(kind, state)
    return True


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
            value, conflict = merge_history(*(v if v is not MISSING else [] for v in values))
        elif key in REGISTRIES:
            value, conflict = merge_registry(*values), False
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
        elif canonical(ours.get(key, MISSING)) != canonical(value):
            fields[key] = value
    removed = [key for key in ours if key not in merged]
    if not fields and not events and not removed:
        return None
    return Change(fields=fields, events=events, removed=removed)


# --- merging text ----------------------------------------------------------------------


def merge_lines(base: str, ours: str, theirs: str) -> str | None:
    """git's line merge of three texts; None where it conflicts."""
    with tempfile.TemporaryDirectory(prefix="ledger-merge-") as folder:
        paths = [Path(folder) / name for name in ("ours", "base", "theirs")]
        for path, text in zip(paths, (ours, base, theirs), strict=True):
            path.write_text(text, encoding="utf-8")
        done = run_git(Path(folder), "merge-file", "-p", *(str(p) for p in paths))
    return done.stdout if done.returncode == 0 else None


def merge_comment_text(base: str, ours: str, theirs: str) -> str:
    """Lines that only hold comments (a head, the lines leading an entry): one side's change,
    else their line merge, else ours with the lines only theirs added after it."""
    if ours == theirs or theirs == base:
        return ours
    if ours == base:
        return theirs
    merged = merge_lines(base, ours, theirs)
    if merged is not None:
        return merged
    extra = [line for line in theirs.splitlines(keepends=True) if line not in ours]
    return ours + "".join(extra)


def with_markers(ours: str, theirs: str, label: str) -> str:
    return f"<<<<<<< ours ({label})\n{ours}=======\n{theirs}>>>>>>> theirs ({label})\n"


def versions(text: str) -> tuple[str, str]:
    """The text with every conflict resolved for ours, and for theirs."""
    keep = {"ours": [], "theirs": []}  # type: dict[str, list[str]]
    side = None
    for line in text.splitlines(keepends=True):
        if line.startswith("<<<<<<< "):
            side = "ours"
            continue
        if line.startswith("=======") and side == "ours":
            side = "theirs"
            continue
        if line.startswith(">>>>>>> ") and side == "theirs":
            side = None
            continue
        for name in keep:
            if side is None or side == name:
                keep[name].append(line)
    return "".join(keep["ours"]), "".join(keep["theirs"])


# --- the merge -------------------------------------------------------------------------


@dataclass
class Merged:
    text: str
    conflicts: list[str] = field(default_factory=list)  # what is between conflict markers
    renumbered: list[tuple[str, str]] = field(default_factory=list)  # (old id, new id)
    notes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # messages


@dataclass
class _Result:
    """One entry of the result: its text (markers included), and the data each version of
    the result must hold for it (None: absent from that version)."""

    text: str
    ours: dict[str, Any] | None
    theirs: dict[str, Any] | None


Shared = Callable[[str, dict[str, Any]], bool]


def natural(key: str) -> tuple[str, int, str]:
    """QH-999 before QH-1000."""
    match = re.match(r"^(.*?)(\d+)$", key)
    return (match[1], int(match[2]), key) if match else (key, -1, key)


class Merger:
    def __init__(
        self, base: Side | None, ours: Side, theirs: Side, shared: Shared | None = None
    ) -> None:
        self.base, self.ours, self.theirs = base, ours, theirs
        self.shared = shared or (lambda section, values: False)
        self.result = Merged("")
        self.version = ours.version
        self.ours_pieces = {name: ours.pieces(name) for name in LISTS}
        self.theirs_pieces = {name: theirs.pieces(name) for name in LISTS}
        self.base_pieces = {name: base.pieces(name) if base else {} for name in LISTS}

    # --- renumbering ------------------------------------------------------------------

    def renumber(self) -> None:
        """Entries both sides added under one key: the one to move takes the next free key."""
        for section in ("findings", *RECORD_PREFIX):
            base, ours = self.base_pieces[section], self.ours_pieces[section]
            theirs = self.theirs_pieces[section]
            clashes = [
                key
                for key in theirs
                if key not in base
                and key in ours
                and canonical(ours[key].data) != canonical(theirs[key].data)
            ]
            clashes.sort(
                key=lambda k: min(first_recorded(ours[k].data), first_recorded(theirs[k].data))
            )
            used = set(base) | set(ours) | set(theirs)
            for key in clashes:
                new = next_free_id(self._prefix(section), used)
                used.add(new)
                moving = (
                    self.theirs_pieces if self._theirs_moves(section, key) else self.ours_pieces
                )
                self._move(moving, section, key, new)
                self.result.renumbered.append((key, new))

    def _prefix(self, section: str) -> str:
        if section == "findings":
            return str(self.ours.ledger["campaign"]["prefix"])
        return RECORD_PREFIX[section]

    def _theirs_moves(self, section: str, key: str) -> bool:
        """Ids stay put once shared: the side already upstream keeps it; else the one
        recorded first keeps it (ties broken by content), whichever way one merges."""
        ours = self.ours_pieces[section][key].data
        theirs = self.theirs_pieces[section][key].data
        ours_shared, theirs_shared = self.shared(section, ours), self.shared(section, theirs)
        if ours_shared != theirs_shared:
            return ours_shared
        return first_recorded(theirs) > first_recorded(ours)

    def _move(self, pieces: dict[str, dict[str, Piece]], section: str, old: str, new: str) -> None:
        """The entry takes its new key, with a `renumbered` event dated its last event's day,
        and its side's problem-list items name it by its new id."""
        piece = pieces[section][old]
        history = piece.data.get("history") or []
        day = max(
            (e["on"] for e in history), default=piece.data.get("found_on") or piece.data.get("on")
        )
        event: dict[str, Any] = {"on": day, "event": "renumbered", "old": old, "new": new}
        mentions = [where for where in self._mentions(pieces, old) if where]
        if mentions:
            event["mentions"] = mentions
            self.result.notes.append(
                ("merge_mentions", {"old": old, "new": new, "where": "; ".join(mentions)})
            )
        change = Change(fields={"id": new}, events=[event])
        pieces[section] = self._replaced(pieces[section], old, new, piece, change)
        if section == "findings":
            for key, item in list(pieces["items"].items()):
                if old in (item.data.get("findings") or []):
                    listed = [new if f == old else f for f in item.data["findings"]]
                    pieces["items"] = self._replaced(
                        pieces["items"], key, key, item, Change(fields={"findings": listed})
                    )

    def _replaced(
        self, entries: dict[str, Piece], old: str, new: str, piece: Piece, change: Change
    ) -> dict[str, Piece]:
        text = edit_entry(piece.text, change_for_file(change, self.version))
        if text is None:
            raise _Fallback
        data = dict(piece.data)
        change.apply(data)
        return {
            (new if key == old else key): (Piece(piece.lead, text, data) if key == old else value)
            for key, value in entries.items()
        }

    def _mentions(self, pieces: dict[str, dict[str, Piece]], old: str) -> Iterator[str]:
        """Where the moving side's text still names the old id: notes, reasons, evidence."""
        for entries in pieces.values():
            for key, piece in entries.items():
                if key == old:
                    for event in piece.data.get("history") or []:
                        for name in event.get("evidence") or []:
                            if old in name:
                                yield f"{old} evidence {name}"
                    continue
                texts = [
                    str(e.get(k) or "")
                    for e in piece.data.get("history") or []
                    for k in ("note", "reason")
                ]
                texts += [str(piece.data.get(k) or "") for k in ("note", "fix_note", "title")]
                if any(old in value for value in texts):
                    yield key

    # --- the pieces ---------------------------------------------------------------------

    def merge(self) -> Merged:
        self.renumber()
        base_doc = self.base.document if self.base else Document(head="")
        ours_doc, theirs_doc = self.ours.document, self.theirs.document
        out = [merge_comment_text(base_doc.head, ours_doc.head, theirs_doc.head)]
        self.expected_ours: dict[str, Any] = {}
        self.expected_theirs: dict[str, Any] = {}
        for key in self._block_order():
            out.append(
                self._block(key, base_doc.block(key), ours_doc.block(key), theirs_doc.block(key))
            )
        out.append(merge_comment_text(base_doc.tail, ours_doc.tail, theirs_doc.tail))
        self.result.text = "".join(out)
        self._verify()
        return self.result

    def _block_order(self) -> list[str]:
        """Ours' keys in ours' order, theirs' new keys before the key that follows them."""
        order = [b.key for b in self.ours.document.blocks]
        base_keys = {b.key for b in self.base.document.blocks} if self.base else set()
        theirs = [b.key for b in self.theirs.document.blocks]
        for place, key in enumerate(theirs):
            if key in order or key in base_keys:
                continue
            later = [k for k in theirs[place + 1 :] if k in order]
            order.insert(order.index(later[0]) if later else len(order), key)
        return order

    def _block(self, key: str, base: Block | None, ours: Block | None, theirs: Block | None) -> str:
        listed = all(b is None or b.entries is not None for b in (base, ours, theirs))
        if key in LISTS and listed and (ours is not None or theirs is not None):
            return self._list_block(key, base, ours, theirs)
        texts = [b.whole() if b else "" for b in (base, ours, theirs)]
        values = [self._value(side, key) for side in (self.base, self.ours, self.theirs)]
        if key == "campaign":
            return self._mapping_block(key, texts, values)
        merged, conflict = merge_values(*values)
        if conflict:
            self.result.conflicts.append(key)
            self._expect(key, values[1], values[2])
            return with_markers(texts[1], texts[2], key)
        self._expect(key, merged, merged)
        if canonical(values[1]) == canonical(values[0]) and canonical(values[2]) != canonical(
            values[0]
        ):
            return texts[2]
        return merge_comment_text(*texts) if texts[1] != texts[2] else texts[1]

    def _value(self, side: Side | None, key: str) -> Any:
        return MISSING if side is None else side.ledger.get(key, MISSING)

    def _expect(self, key: str, ours: Any, theirs: Any) -> None:
        if ours is not MISSING:
            self.expected_ours[key] = ours
        if theirs is not MISSING:
            self.expected_theirs[key] = theirs

    def _mapping_block(self, key: str, texts: list[str], values: list[Any]) -> str:
        """The campaign: one side's change as written, else a line merge that gives the
        merged mapping, else markers around the block."""
        base, ours, theirs = (v if isinstance(v, dict) else {} for v in values)
        merged, conflicts = merge_mapping(base, ours, theirs)
        choice: str | None
        if texts[1] == texts[2] or texts[2] == texts[0]:
            choice = texts[1]
        elif texts[1] == texts[0]:
            choice = texts[2]
        else:
            choice = merge_lines(*texts) if not conflicts else None
            if choice is None or canonical(self._read_block(choice, key)) != canonical(merged):
                self.result.conflicts.append(f"{key} ({', '.join(conflicts) or 'layout'})")
                self._expect(key, ours, theirs)
                return with_markers(texts[1], texts[2], key)
        self._expect(key, merged, merged)
        return choice

    def _read_block(self, text: str, key: str) -> Any:
        try:
            data = parse(self.ours.source.with_text(text)).data
        except InvalidLedgerError:
            return MISSING
        return data.get(key, MISSING) if isinstance(data, dict) else MISSING

    # --- lists of entries ---------------------------------------------------------------

    def _list_block(
        self, key: str, base: Block | None, ours: Block | None, theirs: Block | None
    ) -> str:
        leads = [b.lead if b else "" for b in (base, ours, theirs)]
        heads = [b.text if b else "" for b in (base, ours, theirs)]
        if ours is None or theirs is None:
            present = ours if ours is not None else theirs
            assert present is not None
            changed = base is None or present.whole() != base.whole()
            if not changed:  # deleted on one side, unchanged on the other
                return ""
        header = merge_comment_text(*leads) + merge_comment_text(*heads)
        base_p = self.base_pieces[key]
        ours_p, theirs_p = self.ours_pieces[key], self.theirs_pieces[key]
        results = {
            k: self._entry(key, k, base_p.get(k), ours_p.get(k), theirs_p.get(k))
            for k in self._entry_order(key)
        }
        ours_list = [r.ours for r in results.values() if r.ours is not None]
        theirs_list = [r.theirs for r in results.values() if r.theirs is not None]
        self._expect(key, ours_list, theirs_list)
        body = "".join(r.text for r in results.values())
        if ours_list or theirs_list:  # entries where there were none: a block list
            header = re.sub(rf"^{re.escape(key)}: \[\]", f"{key}:", header, count=1, flags=re.M)
        else:  # every entry gone: an empty list, not a key without a value
            header = re.sub(
                rf"^{re.escape(key)}:(?=\s*(#.*)?$)", f"{key}: []", header, count=1, flags=re.M
            )
        return header + body

    def _entry_order(self, section: str) -> list[str]:
        """The entries in the order of the side that reordered them (else ours'), each new
        entry after the entry it follows on its side; new entries at one place by key."""
        base = list(self.base_pieces[section])
        ours, theirs = list(self.ours_pieces[section]), list(self.theirs_pieces[section])
        ours_kept = [k for k in ours if k in base]
        theirs_kept = [k for k in theirs if k in base]
        theirs_reordered = theirs_kept != [k for k in base if k in theirs_kept]
        ours_reordered = ours_kept != [k for k in base if k in ours_kept]
        first, second = (
            (theirs_kept, ours_kept)
            if theirs_reordered and not ours_reordered
            else (ours_kept, theirs_kept)
        )
        order = first + [k for k in second if k not in first]
        anchored: dict[str | None, list[str]] = {}
        for side in (ours, theirs):
            anchor = None
            for k in side:
                if k in base:
                    anchor = k
                elif k not in anchored.setdefault(anchor, []):
                    anchored[anchor].append(k)
        result = sorted(anchored.get(None, []), key=natural)
        for k in order:
            result.append(k)
            result += sorted(anchored.get(k, []), key=natural)
        return list(dict.fromkeys(result))

    def _entry(
        self, section: str, key: str, base: Piece | None, ours: Piece | None, theirs: Piece | None
    ) -> _Result:
        label = key
        if ours is None and theirs is None:
            return _Result("", None, None)
        if base is None and (ours is None or theirs is None):
            piece = ours or theirs
            assert piece is not None
            return _Result(piece.lead + piece.text, piece.data, piece.data)
        if ours is None or theirs is None:
            assert base is not None
            present = ours or theirs
            assert present is not None
            if canonical(present.data) == canonical(base.data):
                return self._deleted(key, base, present)
            self.result.conflicts.append(f"{label} (deleted on one side, changed on the other)")
            both = with_markers(
                ours.lead + ours.text if ours else "",
                theirs.lead + theirs.text if theirs else "",
                label,
            )
            return _Result(both, ours.data if ours else None, theirs.data if theirs else None)
        lead = merge_comment_text(base.lead if base else "", ours.lead, theirs.lead)
        if ours.text == theirs.text:
            return _Result(lead + ours.text, ours.data, ours.data)
        if base is not None and theirs.text == base.text:
            return _Result(lead + ours.text, ours.data, ours.data)
        if base is not None and ours.text == base.text:
            return _Result(lead + theirs.text, theirs.data, theirs.data)
        base_data = base.data if base else {}
        merged, conflicts = merge_mapping(base_data, ours.data, theirs.data)
        text: str | None = None
        if not conflicts:
            text = self._merged_text(section, base, ours, theirs, merged)
        if text is None:
            what = ", ".join(conflicts) if conflicts else "layout"
            self.result.conflicts.append(f"{label} ({what})")
            return _Result(
                with_markers(lead + ours.text, theirs.lead + theirs.text, label),
                ours.data,
                theirs.data,
            )
        return _Result(lead + text, merged, merged)

    def _deleted(self, key: str, base: Piece, kept: Piece) -> _Result:
        """An entry deleted on one side, its data unchanged on the other: gone, but the
        comments the other side added to it stay in its place."""
        added = comments(kept.lead + kept.text) - comments(base.lead + base.text)
        if not added:
            return _Result("", None, None)
        first = base.text.split("\n", 1)[0]
        indent = " " * (len(first) - len(first.lstrip(" ")))
        self.result.notes.append(("merge_comment_orphan", {"key": key}))
        return _Result("".join(f"{indent}{c}\n" for c in sorted(added.elements())), None, None)

    def _merged_text(
        self, section: str, base: Piece | None, ours: Piece, theirs: Piece, merged: dict[str, Any]
    ) -> str | None:
        """Text holding the merged data and every comment of both sides, in the layout of the
        side that changed more than data; None where it cannot be made."""
        base_text, base_data = (base.text, base.data) if base else ("", {})
        candidates: list[str] = []
        lines = merge_lines(base_text, ours.text, theirs.text)
        if lines is not None:
            candidates.append(lines)
        firsts = (
            [theirs, ours] if canonical(theirs.data) == canonical(base_data) else [ours, theirs]
        )
        for side in firsts:
            change = change_from(side.data, merged)
            edited = (
                side.text
                if change is None
                else edit_entry(side.text, change_for_file(change, self.version))
            )
            if edited is not None:
                candidates.append(edited)
        wanted = comments(ours.text) + (comments(theirs.text) - comments(base_text))
        for text in candidates:
            if canonical(self._entry_data(section, text)) != canonical(merged):
                continue
            missing = wanted - comments(text)
            if missing:
                text = self._with_comments(text, missing)
                if canonical(self._entry_data(section, text)) != canonical(merged):
                    continue
                self.result.notes.append(
                    (
                        "merge_comment_kept",
                        {
                            "key": str(merged.get("id") or merged.get("as_of")),
                            "count": sum(missing.values()),
                        },
                    )
                )
            return text
        return None

    def _with_comments(self, text: str, missing: Counter[str]) -> str:
        """The entry with comments whose line is gone kept at its end, at its keys' indentation."""
        first = text.split("\n", 1)[0]
        indent = len(first) - len(first.lstrip(" -"))
        extra = "".join(" " * indent + comment + "\n" for comment in sorted(missing.elements()))
        return text + extra

    def _entry_data(self, section: str, text: str) -> Any:
        try:
            items = parse(self.ours.source.with_text(text)).data
        except InvalidLedgerError:
            return MISSING
        if not isinstance(items, list) or len(items) != 1:
            return MISSING
        values = entry_from_file(items[0], self.version, section)
        try:
            return (
                validate_finding(values)
                if section == "findings"
                else validate_record(section, values)
            )
        except ValueError:
            return MISSING

    # --- the proof ----------------------------------------------------------------------

    def _verify(self) -> None:
        """Both versions of the result read back as the data they must hold, and every comment
        of ours, and every comment theirs added, is in the result; else no merge is written."""
        text = self.result.text
        for version, expected in zip(
            versions(text), (self.expected_ours, self.expected_theirs), strict=True
        ):
            try:
                parsed = parse(self.ours.source.with_text(version))
                if isinstance(parsed.data, dict):  # a list left empty by a conflict's side
                    for name in LISTS:
                        if name in parsed.data and parsed.data[name] is None:
                            parsed.data[name] = []
                read = dict(validate(parsed))
            except InvalidLedgerError:
                raise _Fallback from None
            for name in LISTS:
                if not read.get(name) and not expected.get(name):
                    read.pop(name, None)
                    expected.pop(name, None)
            if canonical(read) != canonical(expected):
                raise _Fallback
        base_text = self.base.source.text if self.base else ""
        deleted = comments(base_text) - comments(self.theirs.source.text)
        wanted = (comments(self.ours.source.text) - deleted) + (
            comments(self.theirs.source.text) - comments(base_text)
        )
        if wanted - comments(text):
            raise _Fallback


def first_recorded(entry: dict[str, Any]) -> tuple[str, str]:
    """The order in which two entries that took the same id keep it: the one recorded first
    (its first history event, else its date), ties broken by content. Both sides of a merge,
    and a rebase, compute the same."""
    history = entry.get("history") or []
    day = history[0]["on"] if history else entry.get("found_on") or entry.get("on")
    return str(day), canonical(entry)


def merge(base: Side | None, ours: Side, theirs: Side, shared: Shared | None = None) -> Merged:
    """The three-way merge; conflicts are left between markers and listed."""
    return Merger(base, ours, theirs, shared).merge()


# --- git's driver ----------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    clean: bool
    messages: list[tuple[str, dict[str, Any]]]  # message keys and their parameters


def upstream_sharer(label: str) -> Shared:
    """Whether an entry is already on an upstream branch: the file as every remote-tracking
    branch holds it, read once, by id and the day it was found (or held)."""
    known: set[tuple[str, str]] | None = None

    def shared(section: str, values: dict[str, Any]) -> bool:
        nonlocal known
        if known is None:
            known = set()
            refs = run_git(Path.cwd(), "for-each-ref", "--format=%(refname)", "refs/remotes")
            for ref in refs.stdout.split() if refs.returncode == 0 else []:
                shown = run_git(Path.cwd(), "show", f"{ref}:{label}")
                if shown.returncode == 0:
                    known |= set(_identities(shown.stdout))
        return (section, _identity(values)) in known

    return shared


def _identity(values: dict[str, Any]) -> str:
    day = values.get("found_on") or values.get("on")
    return f"{values.get('id')}|{day}|{values.get('title', '')}"


def _identities(text: str) -> Iterator[tuple[str, str]]:
    try:
        ledger = validate(parse(Source(Path("upstream.yaml"), text.encode("utf-8"))))
    except InvalidLedgerError:
        return
    for section in ("findings", *RECORD_PREFIX):
        for entry in ledger.get(section) or []:  # type: ignore[attr-defined]
            yield section, _identity(dict(entry))


def merge_file(base: Path, ours: Path, theirs: Path, label: str) -> Outcome:
    """git's merge driver: merge into OURS' file; clean or with conflicts between markers.

    Where a side does not parse (a hand edit gone wrong) or cannot be merged piece by piece,
    git's own line merge is used: it loses nothing either.
    """
    try:
        sides = read_side(base), read_side(ours), read_side(theirs)
        if len({side.version for side in sides if side is not None}) > 1:
            # A side in format 2: the others are upgraded first, so that nothing is lost.
            sides = read_side(base, True), read_side(ours, True), read_side(theirs, True)
    except InvalidLedgerError as exc:
        reason = exc.problems[0].key if exc.problems else "invalid"
        return _line_merge(
            base, ours, theirs, label, [("merge_unreadable", {"path": label, "reason": reason})]
        )
    except _Fallback:
        return _line_merge(base, ours, theirs, label, [("merge_by_lines", {"path": label})])
    base_side, ours_side, theirs_side = sides
    if ours_side is None or theirs_side is None:
        return _line_merge(base, ours, theirs, label, [])
    try:
        merged = merge(base_side, ours_side, theirs_side, upstream_sharer(label))
    except _Fallback:
        return _line_merge(base, ours, theirs, label, [("merge_by_lines", {"path": label})])
    write_atomic(ours, ours_side.source.encode(merged.text))
    messages: list[tuple[str, dict[str, Any]]] = [
        ("merge_renumbered", {"path": label, "old": old, "new": new})
        for old, new in merged.renumbered
    ]
    messages += [(key, {"path": label, **params}) for key, params in merged.notes]
    if merged.conflicts:
        messages.append(("merge_conflicts", {"path": label, "what": "; ".join(merged.conflicts)}))
    return Outcome(not merged.conflicts, messages)


def _line_merge(
    base: Path, ours: Path, theirs: Path, label: str, messages: list[tuple[str, dict[str, Any]]]
) -> Outcome:
    """git's own line merge, with conflict markers, as git would do without us."""
    return Outcome(line_merge(base, ours, theirs, label), messages)
