"""Reading a ledger file: bytes to text, and text to plain data with line numbers.

This is the fast read path. It uses ruamel.yaml's `safe` loader on the C parser
(libyaml), which reads YAML 1.2 exactly as the round-trip writer does, and never
the round-trip loader, which is an order of magnitude slower.
"""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import ConstructorError, SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node

from ledger.errors import InvalidLedgerError, Problem

BOM = "\ufeff"
MAX_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class Source:
    """A ledger file's text as read, with what is needed to write it back alike."""

    path: Path
    text: str  # LF line endings, no BOM
    digest: str  # sha256 of the bytes on disk
    crlf: bool
    bom: bool

    def encode(self, text: str) -> bytes:
        """Turn edited LF text back into bytes with this file's line endings and BOM."""
        if self.crlf:
            text = text.replace("\n", "\r\n")
        return ((BOM if self.bom else "") + text).encode("utf-8")


@dataclass
class Positions:
    """Line numbers (0-based) of every mapping and key, keyed by the id() of the parsed dict."""

    starts: dict[int, int] = field(default_factory=dict)
    ends: dict[int, int] = field(default_factory=dict)
    keys: dict[int, dict[Any, int]] = field(default_factory=dict)

    def line_of(self, mapping: object, key: object = None) -> int | None:
        """The line of `key` in `mapping`, or of the mapping itself."""
        lines = self.keys.get(id(mapping), {})
        if key in lines:
            return lines[key]
        return self.starts.get(id(mapping))


@dataclass
class Parsed:
    """A ledger file parsed to plain data. Keep it alive as long as `positions` is used."""

    source: Source
    data: Any
    positions: Positions


def digest_of(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def read_source(path: Path) -> Source:
    """Read and decode a ledger file; undecodable or oversized files are an InvalidLedgerError."""
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        raise InvalidLedgerError(
            [Problem(path, None, "", "file_too_large", {"mb": MAX_BYTES >> 20})]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InvalidLedgerError([Problem(path, line, "", "not_utf8")]) from None
    bom = text.startswith(BOM)
    if bom:
        text = text[1:]
    crlf = "\r\n" in text
    if crlf:
        text = text.replace("\r\n", "\n")
    return Source(path=path, text=text, digest=digest_of(raw), crlf=crlf, bom=bom)


class _LocatingConstructor(SafeConstructor):
    """The safe constructor, recording where each mapping and key stands, refusing aliases."""

    positions: Positions

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        if node in self.constructed_objects:
            raise ConstructorError(
                None, None, "aliases are not allowed in a ledger", node.start_mark
            )
        return super().construct_object(node, deep=deep)

    def construct_yaml_timestamp(self, node: Node, values: Any = None) -> Any:
        # 2020-04-31 looks like a date but is none: keep the text, so that the schema
        # check reports it with its field and line instead of a bare ValueError.
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            return node.value

    def construct_yaml_map(self, node: MappingNode) -> Any:
        # Every mapping the ledger holds is built here: an empty dict first, filled later.
        for mapping in super().construct_yaml_map(node):
            yield mapping
            self._record(mapping, node)

    def _record(self, mapping: dict[Any, Any], node: MappingNode) -> None:
        positions = self.positions
        positions.starts[id(mapping)] = node.start_mark.line
        positions.ends[id(mapping)] = node.end_mark.line
        keys: dict[Any, int] = {}
        for key_node, _ in node.value:
            value = key_node.value
            if isinstance(value, str):
                keys.setdefault(value, key_node.start_mark.line)
        positions.keys[id(mapping)] = keys


# The constructor table maps tags to functions, not method names: register the overrides.
_LocatingConstructor.add_constructor(
    "tag:yaml.org,2002:map", _LocatingConstructor.construct_yaml_map
)
_LocatingConstructor.add_constructor(
    "tag:yaml.org,2002:timestamp", _LocatingConstructor.construct_yaml_timestamp
)


def parse(source: Source) -> Parsed:
    """Parse a ledger's text; YAML errors become an InvalidLedgerError naming line and column."""
    positions = Positions()

    class Constructor(_LocatingConstructor):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.positions = positions

    yaml = YAML(typ="safe", pure=False)
    yaml.Constructor = Constructor
    try:
        data = yaml.load(source.text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        column = mark.column + 1 if mark is not None else 0
        reason = " ".join(str(exc.problem or exc.context or "").split())
        raise InvalidLedgerError(
            [Problem(source.path, line, "", "yaml_error", {"column": column, "reason": reason})]
        ) from None
    except (YAMLError, RecursionError, ValueError) as exc:
        reason = " ".join(str(exc).split())[:200]
        raise InvalidLedgerError(
            [Problem(source.path, None, "", "yaml_error", {"column": 0, "reason": reason})]
        ) from None
    return Parsed(source=source, data=data, positions=positions)
