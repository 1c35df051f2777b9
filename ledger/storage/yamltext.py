"""ruamel.yaml set up to write back what it read, and the values the tool writes with it:
quoting that every YAML reader agrees on, one-line history entries and registries, new
keys in their usual place, and the layout (indentation) a file is written in."""

import io
import re
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

from ledger.core.model import FINDING_KEYS, RECORD_KEYS, record_key
from ledger.core.patch import Change, SectionEdit


@dataclass(frozen=True)
class Layout:
    """Indentation as ruamel.yaml's indent() takes it, and `shift`: how many columns right
    of a file's entries ruamel.yaml writes them (negative: left). indent() puts every list
    the same way; a file whose findings list is indented otherwise than the lists within
    its entries (`- id:` at column 0, each history list two columns past its key) is
    read and written with its entries shifted to where it would put them, and back."""

    mapping: int = 2
    sequence: int = 4
    offset: int = 2
    shift: int = 0

    @property
    def whole(self) -> "Layout":
        """The layout of a whole document whose top-level lists stand where this layout's
        entries stand in the file (its nested lists then as indent() puts them)."""
        return Layout(self.mapping, self.sequence - self.shift, self.offset - self.shift)


CANONICAL = Layout()

_YAML_1_1 = VersionedResolver(version=(1, 1))
_STR_TAG = "tag:yaml.org,2002:str"


def scalar(value: Any) -> Any:
    """A value as the tool writes it: strings that a YAML 1.1 reader would take for something
    else (yes, on, 0755, 12:30) are single-quoted, so every reader sees the same text; those
    holding a character YAML reads as a line break or refuses (NEL, U+2028, C0 and C1
    controls) are double-quoted, where ruamel.yaml escapes it (left in single quotes, a
    NEL would be read back as a space)."""
    if type(value) is not str:
        return value
    if _ESCAPED.search(value):
        return DoubleQuotedScalarString(value)
    if _YAML_1_1.resolve(ScalarNode, value, (True, False)) != _STR_TAG:
        return SingleQuotedScalarString(value)
    return value


_ESCAPED = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def flow_map(values: dict[str, Any]) -> CommentedMap:
    """A mapping written on one line, `{on: 2020-05-20, event: fixed}`, as history entries are."""
    mapping = CommentedMap((key, scalar(value)) for key, value in values.items())
    mapping.fa.set_flow_style()
    return mapping


def flow_seq(values: list[Any]) -> CommentedSeq:
    """A list written on one line, `[a, b]`, as registries are."""
    seq = CommentedSeq(scalar(value) for value in values)
    seq.fa.set_flow_style()
    return seq


def new_finding_map(values: dict[str, Any]) -> CommentedMap:
    """A new finding in the canonical key order, its history entries in flow style."""
    ordered = {k: values[k] for k in FINDING_KEYS if values.get(k) is not None}
    ordered.update({k: v for k, v in values.items() if k not in ordered and v is not None})
    mapping = CommentedMap((key, scalar(value)) for key, value in ordered.items())
    if "history" in mapping:
        mapping["history"] = CommentedSeq(flow_map(e) for e in mapping["history"])
    return mapping


def new_record_map(values: dict[str, Any]) -> CommentedMap:
    """A new activity, item or suggestion as written: the record keys in their order, lists
    of ids on one line, history entries in flow style."""
    mapping = CommentedMap()
    rank = {key: place for place, key in enumerate(RECORD_KEYS)}
    for key, value in sorted(values.items(), key=lambda item: rank.get(item[0], len(rank))):
        if value is None:
            continue
        if key == "history":
            mapping[key] = CommentedSeq(flow_map(e) for e in value)
        elif isinstance(value, list):
            mapping[key] = flow_seq(value)
        elif isinstance(value, dict):
            mapping[key] = flow_map(value)
        else:
            mapping[key] = scalar(value)
    return mapping


def apply_change(change: Change, entry: CommentedMap) -> None:
    """A change made on round-trip data: new keys go in their canonical place, new history
    entries on one line each."""
    for key in change.removed:
        entry.pop(key, None)
    for key, value in change.fields.items():
        if key == "history" and isinstance(value, list) and not isinstance(value, CommentedSeq):
            value = CommentedSeq(flow_map(event) for event in value)  # one event a line
        if key in entry:
            entry[key] = scalar(value)
        else:
            entry.insert(_insert_position(entry, key), key, scalar(value))
    if change.events:
        if entry.get("history") is None:
            apply_change(Change(fields={"history": CommentedSeq()}), entry)
        for event in change.events:
            entry["history"].append(flow_map(event))


def apply_section(section: str, edit: SectionEdit, entries: CommentedSeq) -> None:
    """A section edit made on round-trip data; entries are changed by their key."""
    for entry in entries:
        key = record_key(section, entry) if isinstance(entry, CommentedMap) else None
        if key is not None and key in edit.changes:
            apply_change(edit.changes[key], entry)
    for values in edit.added:
        entries.append(new_record_map(values))


def _insert_position(entry: CommentedMap, key: str) -> int:
    """Just after the last present key that comes before `key` in the canonical order."""
    if key not in FINDING_KEYS:
        return len(entry)
    earlier = FINDING_KEYS[: FINDING_KEYS.index(key)]
    keys = list(entry.keys())
    positions = [i for i, k in enumerate(keys) if k in earlier]
    return positions[-1] + 1 if positions else len(entry)


class _Representer(RoundTripRepresenter):
    def ignore_aliases(self, data: Any) -> bool:
        # A date used twice (found_on and its history event) must not become an &anchor.
        return True


def round_trip_yaml(layout: Layout = CANONICAL) -> YAML:
    """ruamel.yaml set up to write back what it read: no folding, quotes and indentation kept."""
    yaml = YAML(typ="rt")
    yaml.Representer = _Representer
    yaml.width = 4096
    yaml.preserve_quotes = True
    yaml.indent(mapping=layout.mapping, sequence=layout.sequence, offset=layout.offset)
    return yaml


def dump(yaml: YAML, data: Any) -> str:
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


def _candidate_layouts(first_line: str, entry: str | None = None) -> list[Layout]:
    """Layouts that would write `first_line` (a list entry's first line) as it is; given
    the whole entry, also those that write its nested lists where it has them."""
    offset = _indent(first_line)
    sequence = offset + 1 + _indent(first_line[offset + 1 :])
    shifts = [0]
    nested = None if entry is None else _nested_offset(entry.split("\n"))
    if nested is not None and nested != offset:
        shifts.append(nested - offset)
    return [
        Layout(mapping, sequence + shift, offset + shift, shift)
        for shift in shifts
        for mapping in (2, 4, 3)
    ] + [CANONICAL]


def _nested_offset(lines: list[str]) -> int | None:
    """How many columns past its key an entry's first nested list puts its dashes."""
    for above, line in pairwise(lines):
        if line.lstrip(" ").startswith("- ") and above.rstrip().endswith(":"):
            return _indent(line) - _indent(above)
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def entry_layout(snippet: str) -> Layout:
    """The layout to write entries beside `snippet` (a finding's lines) in: the one it
    round-trips under, else one that puts an entry's dash and first key in the columns
    where it has them, so that a new entry joins its list (its nested lists may then be
    indented otherwise than the snippet's)."""
    return detect_layout(snippet) or _candidate_layouts(snippet.split("\n", 1)[0])[0]


def detect_layout(snippet: str, entry_line: str | None = None) -> Layout | None:
    """The layout under which `snippet` (a finding's lines, or a section's with the line of
    its first entry given) round-trips byte for byte, if any."""
    first = entry_line or snippet.split("\n", 1)[0]
    for layout in _candidate_layouts(first, None if entry_line else snippet):
        yaml = round_trip_yaml(layout)
        try:
            if dump_entries(yaml, load_entries(yaml, snippet, layout), layout) == snippet:
                return layout
        except Exception:  # a snippet ruamel cannot take (here): the caller falls back
            continue
    return None


def load_entries(yaml: YAML, text: str, layout: Layout) -> Any:
    """List entries' lines as ruamel.yaml reads them, moved where `layout` has it write
    them; a text that cannot be moved so (a line with too few spaces) is a ValueError."""
    moved = _moved(text, layout.shift)
    if moved is None:
        raise ValueError("entries not movable to the layout's columns")
    return yaml.load(moved)


def dump_entries(yaml: YAML, data: Any, layout: Layout) -> str | None:
    """List entries written under `layout`, in the file's columns; None where they cannot
    be moved back there."""
    return _moved(dump(yaml, data), -layout.shift)


def _moved(text: str, columns: int) -> str | None:
    """Every line with text moved `columns` right (negative: left); None where a line has
    too few spaces to move left."""
    if not columns:
        return text
    lines = text.split("\n")
    if columns > 0:
        return "\n".join(" " * columns + line if line.strip() else line for line in lines)
    if any(line.strip() and _indent(line) < -columns for line in lines):
        return None
    return "\n".join(line[-columns:] if line.strip() else line for line in lines)
