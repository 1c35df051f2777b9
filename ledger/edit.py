"""Editing a ledger's text so that only the lines meant to change do change.

A change to one finding round-trips only that finding's lines (its span) through
ruamel.yaml and splices them back; a new finding is appended as text. Each
snippet is first checked to round-trip byte for byte, and every result is
re-parsed and compared with the intended data by the caller (ledger.store), so a
layout this cannot reproduce falls back to a whole-file round trip, never to a
wrong file.
"""

import copy
import io
from collections.abc import MutableMapping
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import SingleQuotedScalarString

from ledger.model import FINDING_KEYS
from ledger.source import Parsed


@dataclass(frozen=True)
class Layout:
    """Indentation as ruamel.yaml's indent() takes it."""

    mapping: int = 2
    sequence: int = 4
    offset: int = 2


CANONICAL = Layout()


@dataclass
class Change:
    """What to do to one finding: fields to set, history events to append."""

    fields: dict[str, Any] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)

    def apply(self, finding: MutableMapping[str, Any]) -> None:
        """Apply to a finding, plain dict or CommentedMap; new keys go in their canonical place."""
        for key, value in self.fields.items():
            if isinstance(finding, CommentedMap):
                value = scalar(value)
            if key in finding or not isinstance(finding, CommentedMap):
                finding[key] = value
            else:
                finding.insert(_insert_position(finding, key), key, value)
        if self.events:
            history = finding.get("history")
            if history is None:
                history = CommentedSeq() if isinstance(finding, CommentedMap) else []
                Change(fields={"history": history}).apply(finding)
            for event in self.events:
                history.append(flow_map(event) if isinstance(finding, CommentedMap) else event)


def _insert_position(finding: CommentedMap, key: str) -> int:
    """Just after the last present key that comes before `key` in the canonical order."""
    if key not in FINDING_KEYS:
        return len(finding)
    earlier = FINDING_KEYS[: FINDING_KEYS.index(key)]
    keys = list(finding.keys())
    positions = [i for i, k in enumerate(keys) if k in earlier]
    return positions[-1] + 1 if positions else len(finding)


@dataclass
class Edit:
    """A whole write: changes to existing findings by id, and new findings to append."""

    changes: dict[str, Change] = field(default_factory=dict)
    added: list[dict[str, Any]] = field(default_factory=list)


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


_YAML_1_1 = VersionedResolver(version=(1, 1))
_STR_TAG = "tag:yaml.org,2002:str"


def scalar(value: Any) -> Any:
    """A value as the tool writes it: strings that a YAML 1.1 reader would take for something
    else (yes, on, 0755, 12:30) are single-quoted, so every reader sees the same text."""
    if type(value) is str and _YAML_1_1.resolve(ScalarNode, value, (True, False)) != _STR_TAG:
        return SingleQuotedScalarString(value)
    return value


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


# --- spans ---------------------------------------------------------------


def finding_spans(parsed: Parsed) -> dict[str, tuple[int, int]]:
    """Each finding's lines [start, end) in the text, for block-style findings lists."""
    findings = parsed.data.get("findings") if isinstance(parsed.data, dict) else None
    spans = parsed.positions.spans
    if not isinstance(findings, list) or spans is None or len(spans) != len(findings):
        return {}
    by_id = {str(f.get("id")): span for f, span in zip(findings, spans, strict=True)}
    return by_id if len(by_id) == len(findings) else {}  # duplicate ids: no edits in place


def _split_tail(lines: list[str]) -> tuple[list[str], list[str]]:
    """Split trailing blank and comment lines off a span: they stay as they are, after the edit."""
    cut = len(lines)
    while cut > 0 and (not lines[cut - 1].strip() or lines[cut - 1].lstrip().startswith("#")):
        cut -= 1
    return lines[:cut], lines[cut:]


def _candidate_layouts(first_line: str) -> list[Layout]:
    offset = len(first_line) - len(first_line.lstrip(" "))
    after_dash = first_line[offset + 1 :]
    sequence = offset + 1 + len(after_dash) - len(after_dash.lstrip(" "))
    return [Layout(mapping, sequence, offset) for mapping in (2, 4, 3)] + [CANONICAL]


def detect_layout(snippet: str) -> Layout | None:
    """The layout under which `snippet` (a finding's lines) round-trips byte for byte, if any."""
    for layout in _candidate_layouts(snippet.split("\n", 1)[0]):
        yaml = round_trip_yaml(layout)
        try:
            if dump(yaml, yaml.load(snippet)) == snippet:
                return layout
        except Exception:  # a snippet ruamel cannot take: the caller falls back
            return None
    return None


def edit_in_place(parsed: Parsed, changes: dict[str, Change]) -> str | None:
    """Apply changes to each finding's own lines; None where a span cannot be edited alone."""
    spans = finding_spans(parsed)
    if not all(finding_id in spans for finding_id in changes):
        return None
    lines = parsed.source.text.splitlines(keepends=True)
    for finding_id in sorted(changes, key=lambda i: spans[i][0], reverse=True):
        start, end = spans[finding_id]
        body, tail = _split_tail(lines[start:end])
        snippet = "".join(body)
        layout = detect_layout(snippet) if snippet.endswith("\n") else None
        if layout is None:
            return None
        yaml = round_trip_yaml(layout)
        items = yaml.load(snippet)
        if not isinstance(items, CommentedSeq) or len(items) != 1:
            return None
        changes[finding_id].apply(items[0])
        lines[start:end] = [dump(yaml, items), *tail]
    return "".join(lines)


def append_in_place(parsed: Parsed, finding: dict[str, Any]) -> str | None:
    """Append a new finding as text at the end of the file, when the findings list ends it."""
    data = parsed.data
    findings = data.get("findings")
    if not isinstance(findings, list) or not findings:
        return None
    root_keys = parsed.positions.root_keys
    if not root_keys or max(root_keys, key=lambda k: root_keys[k]) != "findings":
        return None
    spans = finding_spans(parsed)
    last = spans.get(str(findings[-1].get("id")))
    if last is None or last[0] <= root_keys["findings"]:
        return None  # a flow-style list, `findings: [...]`
    lines = parsed.source.text.splitlines(keepends=True)
    body, _ = _split_tail(lines[last[0] : last[1]])
    layout = detect_layout("".join(body)) or CANONICAL
    text = parsed.source.text
    if text and not text.endswith("\n"):
        text += "\n"
    return text + dump(round_trip_yaml(layout), CommentedSeq([new_finding_map(finding)]))


def edit_whole(parsed: Parsed, edit: Edit) -> str:
    """The fallback: round-trip the whole file (slow on big ledgers, but keeps comments)."""
    text = parsed.source.text
    spans = finding_spans(parsed)
    layout = CANONICAL
    if spans:
        start, end = next(iter(spans.values()))
        body, _ = _split_tail(text.splitlines(keepends=True)[start:end])
        layout = detect_layout("".join(body)) or CANONICAL
    yaml = round_trip_yaml(layout)
    yaml.explicit_start = text.lstrip().startswith("---")
    data = yaml.load(text)
    findings = data.get("findings")
    if not findings:
        findings = CommentedSeq()
        data["findings"] = findings
    for finding in findings:
        if finding.get("id") in edit.changes:
            edit.changes[finding["id"]].apply(finding)
    for values in edit.added:
        findings.append(new_finding_map(values))
    return dump(yaml, data)


def in_place(parsed: Parsed, edit: Edit) -> str | None:
    """The edit done on the affected lines alone, or None where that cannot be done."""
    if edit.changes and edit.added:
        return None
    if edit.changes:
        return edit_in_place(parsed, edit.changes)
    if len(edit.added) == 1:
        return append_in_place(parsed, edit.added[0])
    return None


def expected_data(parsed: Parsed, edit: Edit) -> Any:
    """The plain data the edited file must parse to: every write is checked against it."""
    data = copy.deepcopy(parsed.data)
    for finding in data.get("findings") or []:
        if isinstance(finding, dict) and finding.get("id") in edit.changes:
            edit.changes[finding["id"]].apply(finding)
    if edit.added:
        data["findings"] = [*(data.get("findings") or []), *edit.added]
    return data
