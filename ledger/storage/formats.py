"""The two versions of the file format, and the one place that knows how they differ.

Format 2 (`ledger: 2`) is format 1 with the day of every history event and of every
activity, item and suggestion written `date:` instead of `on:`, a key that YAML 1.1
readers (PyYAML, Ruby's Psych) take for the boolean true. Every other key and value
reads alike in every YAML reader already.

Inside the tool the day is always `on`: files are read into that form (`read_keys`) and
what is written goes out in the file's own form (`edit_for_file`), so a format-1 file
stays format 1 until the clerk upgrades it (`upgraded_text`, `ledger upgrade`).
"""

from collections.abc import Iterator
from typing import Any

from ledger.core.model import SECTIONS
from ledger.core.patch import Change, Edit, SectionEdit

NEWEST = 2
FORMATS = (1, 2)
DAY_KEY = {1: "on", 2: "date"}
# Record sections whose entries carry a day of their own (publications have as_of).
DATED_ENTRIES = ("activities", "items", "suggestions", "documents", "receipts", "scores")


def version_of(data: Any) -> int:
    """The format a parsed file is in (1 where it does not say)."""
    version = data.get("ledger") if isinstance(data, dict) else None
    return version if version in FORMATS else 1


def dated_mappings(data: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], dict[str, Any]]]:
    """Every mapping whose day the format names: history events, and the entries of the
    dated record sections; with its path in the data."""
    for index, finding in enumerate(data.get("findings") or []):
        if isinstance(finding, dict):
            yield from _events(("findings", index), finding)
    for section in SECTIONS:
        for index, entry in enumerate(data.get(section) or []):
            if not isinstance(entry, dict):
                continue
            if section in DATED_ENTRIES:
                yield (section, index), entry
            yield from _events((section, index), entry)


def _events(
    path: tuple[Any, ...], entry: dict[str, Any]
) -> Iterator[tuple[tuple[Any, ...], dict[str, Any]]]:
    history = entry.get("history")
    if isinstance(history, list):
        for place, event in enumerate(history):
            if isinstance(event, dict):
                yield (*path, "history", place), event


def read_keys(data: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[Any, ...]]]:
    """The data with every day under `on`, as the tool reads it, and the paths of any `on`
    written in a format-2 file (where it must be `date`). The parsed data is not changed."""
    if version_of(data) == 1:
        return data, []
    wrong: list[tuple[Any, ...]] = []
    result = dict(data)
    findings = data.get("findings")
    if isinstance(findings, list):  # the bulk, in one pass: each history copied once
        result["findings"] = [read_finding(f, index, wrong) for index, f in enumerate(findings)]
    renamed: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    for path, mapping in dated_mappings({k: v for k, v in data.items() if k != "findings"}):
        if "on" in mapping:
            wrong.append((*path, "on"))
        elif "date" in mapping:
            renamed.append((path, _on_key(mapping)))
    return (_replaced(result, renamed) if renamed else result), wrong


def read_finding(finding: Any, index: int, wrong: list[tuple[Any, ...]]) -> Any:
    """A finding with the day of each history event under `on` (a copy where any moved)."""
    history = finding.get("history") if isinstance(finding, dict) else None
    if not isinstance(history, list):
        return finding
    events = []
    for place, event in enumerate(history):
        if isinstance(event, dict):
            if "on" in event:
                wrong.append(("findings", index, "history", place, "on"))
            elif "date" in event:
                event = _on_key(event)
        events.append(event)
    return {**finding, "history": events}


def _on_key(mapping: dict[str, Any]) -> dict[str, Any]:
    return {("on" if key == "date" else key): value for key, value in mapping.items()}


def _replaced(data: dict[str, Any], renamed: list[tuple[tuple[Any, ...], Any]]) -> Any:
    """A copy of the data with the mappings at these paths replaced: only the containers
    on the way to them are copied, the rest is shared."""
    copies: dict[tuple[Any, ...], Any] = {(): dict(data)}
    for path, mapping in renamed:
        parent = copies[()]
        prefix: tuple[Any, ...] = ()
        for step in path[:-1]:
            prefix = (*prefix, step)
            copy = copies.get(prefix)
            if copy is None:
                original = parent[step]
                copy = copies[prefix] = (
                    dict(original) if isinstance(original, dict) else list(original)
                )
                parent[step] = copy
            parent = copy
        parent[path[-1]] = mapping
    return copies[()]


def entry_from_file(values: Any, version: int, section: str = "findings") -> Any:
    """One finding or record entry read from a file's text, with its days under `on`: what
    the text of an edit is compared with."""
    if version == 1 or not isinstance(values, dict):
        return values
    if section == "findings":
        return read_keys({"ledger": version, "findings": [values]})[0]["findings"][0]
    return read_keys({"ledger": version, section: [values]})[0][section][0]


def file_keys(values: dict[str, Any], version: int) -> dict[str, Any]:
    """A new event or entry as the file writes it: its day under the format's key, and so
    the events of its history."""
    key = DAY_KEY[version]
    shaped = {(key if name == "on" else name): value for name, value in values.items()}
    if isinstance(shaped.get("history"), list):
        shaped["history"] = [file_keys(event, version) for event in shaped["history"]]
    return shaped


def change_for_file(change: Change, version: int) -> Change:
    fields = {
        name: ([file_keys(e, version) for e in value] if name == "history" else value)
        for name, value in change.fields.items()
    }
    events = [file_keys(event, version) for event in change.events]
    return Change(fields=fields, events=events, removed=list(change.removed))


def edit_for_file(edit: Edit, version: int) -> Edit:
    """The edit with every new day under the file's key: what the text edits write."""
    if version == 1:
        return edit
    sections = {
        name: SectionEdit(
            changes={key: change_for_file(c, version) for key, c in section.changes.items()},
            added=[file_keys(values, version) for values in section.added],
        )
        for name, section in edit.sections.items()
    }
    return Edit(
        changes={key: change_for_file(c, version) for key, c in edit.changes.items()},
        added=[file_keys(values, version) for values in edit.added],
        sections=sections,
        amend=edit.amend,
    )


# --- upgrading the text ---------------------------------------------------------------


def upgraded_text(text: str) -> str | None:
    """A format-1 ledger's text in format 2: `ledger: 2`, and every day key of an event or
    a dated entry renamed `date`; not one other character changes. None if the text is
    not format 1 (already format 2, or no `ledger: 1` to change)."""
    marks = list(_upgrade_marks(text))
    if not any(kind == "version" for kind, _, _ in marks):
        return None
    lines = text.split("\n")
    for kind, start, end in sorted(marks, key=lambda mark: mark[1], reverse=True):
        (line, column), (end_line, end_column) = start, end
        if line != end_line:
            return None  # a key over several lines: leave it to the clerk
        token = "2" if kind == "version" else "date"
        lines[line] = lines[line][:column] + token + lines[line][end_column:]
    return "\n".join(lines)


def _upgrade_marks(text: str) -> Iterator[tuple[str, tuple[int, int], tuple[int, int]]]:
    """(what, start, end) of the `1` of `ledger: 1` and of each day key to rename, as
    (line, column) in the text, found by walking libyaml's events."""
    from ruamel.yaml.events import (  # only here: a read never imports ruamel.yaml
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
        StreamEndEvent,
    )
    from ruamel.yaml.main import CParser  # type: ignore[attr-defined]

    parser = CParser(text)
    path: list[Any] = []  # keys and list positions from the root down to the current node
    frames: list[dict[str, Any]] = []  # per open container: is_map, pending key, count
    try:
        while True:
            event = parser.get_event()
            kind = type(event)
            if kind is ScalarEvent:
                if frames and frames[-1]["map"] and frames[-1]["key"] is None:
                    frames[-1]["key"] = event.value
                    if event.value == "on" and _dated(path):
                        yield "key", _mark(event.start_mark), _mark(event.end_mark)
                    continue
                if len(frames) == 1 and frames[0]["key"] == "ledger" and event.value == "1":
                    yield "version", _mark(event.start_mark), _mark(event.end_mark)
                _advance(frames)
            elif kind in (MappingStartEvent, SequenceStartEvent):
                if frames:
                    path.append(frames[-1]["key"] if frames[-1]["map"] else frames[-1]["count"])
                frames.append({"map": kind is MappingStartEvent, "key": None, "count": 0})
            elif kind in (MappingEndEvent, SequenceEndEvent):
                frames.pop()
                if frames:
                    path.pop()
                    _advance(frames)
            elif kind is StreamEndEvent:
                break
    finally:
        parser.dispose()


def _advance(frames: list[dict[str, Any]]) -> None:
    """A value finished in the innermost container: a map waits for its next key."""
    if not frames:
        return
    if frames[-1]["map"]:
        frames[-1]["key"] = None
    else:
        frames[-1]["count"] += 1


def _dated(path: list[Any]) -> bool:
    """Whether the mapping at `path` is a history event or a dated record entry."""
    if len(path) >= 3 and path[-2] == "history" and isinstance(path[-1], int):
        return len(path) == 4 and path[0] in ("findings", *SECTIONS)
    return len(path) == 2 and path[0] in DATED_ENTRIES and isinstance(path[1], int)


def _mark(mark: Any) -> tuple[int, int]:
    return mark.line, mark.column
