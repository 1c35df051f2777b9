"""The first read of a ledger after it changed (a `git pull`, a merge, a hand edit), at
the cost of what changed.

A whole read parses and validates every finding (half a second at 10,000 findings),
though a pull brings a handful of changed ones. The cache entry of a whole read keeps
the digest of each finding's block of lines (from its item line to the next). The next
read takes every finding whose block is unchanged from that entry, and parses and
validates the rest of the text alone: the head, the record sections and the changed
findings, with each run of unchanged blocks replaced by a placeholder item line (`- id:`)
and empty lines, so that every line keeps its number.

Why the answer is the same as a whole read's: a block's data depends only on its own
lines, once its item line starts an item of the findings' list. An unchanged block was
one finding, from its item line to the next, when its digest was taken (the digests are
kept only where the lines and the read agree), so it ends as it did then, and the item
line after it starts an item again: a run of them needs one placeholder. A placeholder
ends whatever comes before it exactly as the item line it stands for does (the same
indentation, the same `- `): a block text or a plain one ends there, and a quoted text
or a flow collection left open runs on into it. So the reduced text is checked to read
as it is laid out: a placeholder at the first line of each run, one finding at each
changed block's line. Where anything does not match, or the reduced text has any
problem, the whole text is read as before: that read is the reference, and it says what
is wrong, where.
"""

import hashlib

from ledger.core.errors import InvalidLedgerError
from ledger.core.model import Ledger
from ledger.storage.cache import Entry
from ledger.storage.native import Spans, finding_spans
from ledger.storage.parser import ODD_BREAKS, Parsed, parse
from ledger.storage.schema import id_problems, validate
from ledger.storage.source import Positions, Source

_PLACEHOLDER = {"id": None}


def block_digests(text: str, spans: Spans) -> list[bytes]:
    """The digest of each finding's block of lines."""
    return [
        hashlib.blake2b(text[start:end].encode(), digest_size=16).digest()
        for start, end in zip(spans.starts, spans.ends, strict=True)
    ]


def kept_blocks(
    text: str, positions: Positions, spans: Spans | None = None
) -> dict[bytes, int] | None:
    """The block digests of a whole read, to each finding's place; None where the lines
    and the read do not agree on where each finding starts. `spans`: those the read found
    (ledger.storage.parser.Parsed.spans), else found here."""
    if spans is None:
        spans = finding_spans(text)
    if spans is None or spans.lines != positions.finding_starts:
        return None
    return _places(block_digests(text, spans))


def _places(digests: list[bytes]) -> dict[bytes, int]:
    return {digest: place for place, digest in enumerate(digests)}


def reread(
    source: Source, stale: Entry, blocks: dict[bytes, int]
) -> tuple[Ledger, Positions, dict[bytes, int] | None] | None:
    """The ledger, its positions and its block digests, reading only what changed since
    the stale entry; None where the whole text must be read."""
    text = source.text
    spans = finding_spans(text)
    if spans is None or any(char in text for char in ODD_BREAKS):
        return None  # lines YAML counts otherwise than the spans do
    digests = block_digests(text, spans)
    reused = [blocks.get(digest) for digest in digests]
    if all(place is None for place in reused):
        return None
    reduced = Source(source.path, _reduced(text, spans, reused).encode())
    try:
        parsed = parse(reduced)
    except InvalidLedgerError:
        return None
    changed = _changed_findings(parsed, spans, reused)
    if changed is None:
        return None
    try:
        ledger = validate(changed)
    except InvalidLedgerError:
        return None
    if ledger["ledger"] != stale.ledger["ledger"]:
        return None  # another format: the unchanged findings are read otherwise
    fresh = iter(ledger["findings"])
    old = stale.ledger["findings"]
    ledger["findings"] = [next(fresh) if place is None else old[place] for place in reused]
    positions = Positions(
        changed.positions.root_keys,
        changed.positions.campaign_keys,
        spans.lines,
        changed.positions.findings_end,
    )
    if id_problems(Parsed(source, None, positions), ledger):
        return None
    return ledger, positions, _places(digests)


def _items(reused: list[int | None]) -> list[int]:
    """The blocks that are items of the reduced text: each changed block, and the first
    of each run of unchanged ones (one placeholder stands for the run)."""
    return [index for index in range(len(reused)) if _item(reused, index)]


def _item(reused: list[int | None], index: int) -> bool:
    return reused[index] is None or index == 0 or reused[index - 1] is None


def _reduced(text: str, spans: Spans, reused: list[int | None]) -> str:
    """The text with each run of unchanged blocks a placeholder item line and empty lines."""
    pieces = [text[: spans.starts[0]]]
    blocks = zip(spans.starts, spans.ends, spans.lines, spans.end_lines, strict=True)
    for index, (start, end, line, end_line) in enumerate(blocks):
        if reused[index] is None:
            pieces.append(text[start:end])
        elif _item(reused, index):
            indent = text[start : text.index("-", start)]
            pieces.append(f"{indent}- id:\n" + "\n" * (end_line - line - 1))
        else:
            pieces.append("\n" * (end_line - line))
    pieces.append(text[spans.end :])
    return "".join(pieces)


def _changed_findings(parsed: Parsed, spans: Spans, reused: list[int | None]) -> Parsed | None:
    """The reduced text's data with the placeholders taken out, and its positions; None
    unless it reads as laid out: one finding at each changed block's line, a placeholder
    at the first line of each run of unchanged ones."""
    data = parsed.data
    findings = data.get("findings") if isinstance(data, dict) else None
    items = _items(reused)
    if not isinstance(findings, list) or len(findings) != len(items):
        return None
    if parsed.positions.finding_starts != [spans.lines[index] for index in items]:
        return None
    if any(
        (finding == _PLACEHOLDER) != (reused[index] is not None)
        for finding, index in zip(findings, items, strict=True)
    ):
        return None
    data["findings"] = [finding for finding in findings if finding != _PLACEHOLDER]
    lines = [line for line, place in zip(spans.lines, reused, strict=True) if place is None]
    positions = parsed.positions
    kept = Positions(positions.root_keys, positions.campaign_keys, lines, positions.findings_end)
    return Parsed(parsed.source, data, kept)
