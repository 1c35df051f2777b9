"""The canonical layout, the one the tool itself writes: keys in their usual order,
two-space indentation with list dashes indented, history entries and registries on one
line each, strings quoted only where a YAML 1.1 reader would misread them. Comments stay.

`ledger fmt` brings hand-edited files to it, so that later diffs show only what changed.
"""

from collections.abc import Iterator
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

from ledger.core.model import (
    CAMPAIGN_KEYS,
    FINDING_KEYS,
    ONE_LINE,
    RECORD_KEYS,
    ROOT_KEYS,
    SECTIONS,
)
from ledger.storage.yamltext import dump, round_trip_yaml, scalar


def reorder(mapping: CommentedMap, order: tuple[str, ...]) -> None:
    """Put the keys in `order` (others after, as they were), each keeping its comments."""
    rank = {key: place for place, key in enumerate(order)}
    keys = sorted(mapping, key=lambda k: rank.get(k, len(order)))
    if keys == list(mapping):
        return
    values = [(key, mapping[key], mapping.ca.items.get(key)) for key in keys]
    for key in list(mapping):
        del mapping[key]
    for key, value, comment in values:
        mapping[key] = value
        if comment is not None:
            mapping.ca.items[key] = comment


def canonical_scalar(value: Any) -> Any:
    if isinstance(value, LiteralScalarString | FoldedScalarString):
        return value
    if isinstance(value, SingleQuotedScalarString | DoubleQuotedScalarString):
        return scalar(str(value))
    if type(value) is str:
        return scalar(value)
    return value


def _canonical(node: Any, key: str | None = None) -> Any:
    """The node with its scalars canonical and its lists in their usual style."""
    if isinstance(node, CommentedMap):
        for child in list(node):
            # CommentedMap's own __setitem__ would keep an old value's quoting style
            super(CommentedMap, node).__setitem__(child, _canonical(node[child], child))
        return node
    if isinstance(node, CommentedSeq):
        for place, item in enumerate(node):
            list.__setitem__(node, place, _canonical(item))
        if key in ONE_LINE and not any(isinstance(i, CommentedMap | CommentedSeq) for i in node):
            node.fa.set_flow_style()
        elif key == "history":
            for item in node:
                # An entry with comments inside stays in block style: a flow mapping cannot
                # hold them.
                if isinstance(item, CommentedMap) and not _has_comments(item):
                    item.fa.set_flow_style()
        elif key in ("findings", *SECTIONS):
            node.fa.set_block_style()
        return node
    return canonical_scalar(node)


def _has_comments(mapping: CommentedMap) -> bool:
    return bool(mapping.ca.items) or any(mapping.ca.comment or [])


def _entries(data: CommentedMap) -> Iterator[tuple[str, CommentedMap]]:
    for section in ("findings", *SECTIONS):
        for entry in data.get(section) or []:
            if isinstance(entry, CommentedMap):
                yield section, entry


def formatted(text: str) -> str:
    """The text in the canonical layout; the data it holds is unchanged."""
    yaml = round_trip_yaml()
    yaml.explicit_start = text.lstrip().startswith("---")
    data = yaml.load(text)
    if not isinstance(data, CommentedMap):
        return text
    reorder(data, ROOT_KEYS)
    if isinstance(data.get("campaign"), CommentedMap):
        reorder(data["campaign"], CAMPAIGN_KEYS)
    for section, entry in _entries(data):
        reorder(entry, FINDING_KEYS if section == "findings" else RECORD_KEYS)
    for key in list(data):
        data[key] = _canonical(data[key], key)
    return dump(yaml, data)
