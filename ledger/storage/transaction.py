"""Writing a ledger: under its lock, atomically, changing only the lines meant to change.

Inside `update` the file is read afresh under a lock on a separate lock file,
edited as text (ledger.storage.splice), every changed finding read back and compared
with the intended data, and the file replaced atomically (ledger.storage.atomic);
then the cache entry for the new content is stored, so that the next command starts warm.
"""

import copy
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

from ruamel.yaml.error import YAMLError

from ledger.core.counts import (
    PUBLISHED_KEYS,
    difference_text,
    published_differences,
    published_figures,
)
from ledger.core.errors import InvalidLedgerError, LedgerError, PublishedError
from ledger.core.model import Finding, Ledger, record_key, records
from ledger.core.patch import Change, Edit, SectionEdit
from ledger.storage import cache
from ledger.storage.atomic import remove_leftovers, write_atomic
from ledger.storage.comments import lost
from ledger.storage.formats import edit_for_file, entry_from_file, version_of
from ledger.storage.lock import locked
from ledger.storage.parser import parse
from ledger.storage.reread import kept_blocks
from ledger.storage.schema import validate, validate_finding, validate_record
from ledger.storage.source import Positions, Source
from ledger.storage.splice import (
    FINDINGS_HEAD,
    TextLines,
    appended_many,
    edit_whole,
    file_lines,
    in_place,
    replacements,
    section_in_place,
    spliced_source,
)
from ledger.storage.store import LedgerFile, gc_paused, load


def update(path: Path, plan: Callable[[LedgerFile], Edit]) -> LedgerFile:
    """Edit a ledger under its lock: `plan` sees the file as it is now and says what to change.

    The findings are edited on their own lines where they can be, then the record sections
    on theirs, else the whole file is round-tripped; either way what is written must read
    back as exactly the intended data, or nothing is written. An edit that would change
    figures already published is refused, unless it carries an amendment, which the
    publication then records. Returns the ledger as written.
    """
    if not path.stat().st_mode & 0o222:
        raise LedgerError("read_only", path=str(path))  # protected on purpose: leave it be
    with locked(path), gc_paused():
        remove_leftovers(path)
        before = load(path)
        edit = guard_published(before.ledger, plan(before))
        expected = _expected(before, edit)
        in_file = edit_for_file(edit, version_of(before.ledger))
        after, journal = _edited(before, in_file, expected)
        write_atomic(path, after.source.raw, expected_digest=before.source.digest)
        entry = cache.Entry(after.source.digest, after.ledger, after.positions)

        def blocks() -> dict[bytes, int] | None:  # decodes the text: only for a whole entry
            return kept_blocks(after.source.text, after.positions)

        if journal is not None:
            cache.record(path, before.cached, entry, journal, blocks)
        else:
            cache.write(path, entry, blocks())
        return after


def _edited(
    before: LedgerFile, edit: Edit, expected: Ledger
) -> tuple[LedgerFile, cache.Change | None]:
    """The edited file, made on the lines concerned where it can be: the findings first,
    then the record sections; with the journal record of the edit, where every part of
    it was made on its own lines."""
    after: LedgerFile | None = before
    journal: cache.Change | None = cache.Change()
    if edit.changes or edit.added:
        spliced = _edited_in_place(before, edit, expected)
        after, journal = spliced if spliced else (_appended(before, edit, expected), None)
    sections = []
    for name, section_edit in edit.sections.items():
        edited = None if after is None else _edited_section(after, name, section_edit, expected)
        if edited is None:
            return _edited_whole(before, edit, expected), None
        after, moved = edited
        sections.append((name, records(expected, name), moved))
    if after is None:
        return _edited_whole(before, edit, expected), None
    return after, None if journal is None else replace(journal, sections=sections)


def guard_published(ledger: Ledger, edit: Edit) -> Edit:
    """The edit, refused if it would change a published figure; with an amendment, the
    edit plus the amendment of each publication it changes (new figures, old ones kept
    in the publication's history)."""
    publications = records(ledger, "published")
    if not publications or not (edit.changes or edit.added):
        return edit
    findings = _expected_findings(ledger["findings"], edit)
    changed = [
        (entry, differences)
        for entry in publications
        if (differences := published_differences(findings, entry))
    ]
    if not changed:
        return edit
    if edit.amend is None:
        raise PublishedError(
            [(str(entry["as_of"]), difference_text(differences)) for entry, differences in changed]
        )
    amended = SectionEdit()
    for entry, _ in changed:
        now = published_figures(findings, entry["as_of"], (entry.get("period") or {}).get("from"))
        was = {key: entry[key] for key in (*PUBLISHED_KEYS, "period") if key in entry}
        event = {"on": edit.amend.on, "event": "amended", "by": edit.amend.by}
        event |= {"reason": edit.amend.reason, "was": was}
        fields = {key: now[key] for key in PUBLISHED_KEYS}
        if "period" in entry:
            fields["period"] = now["period"]
        key = record_key("published", entry)
        assert key is not None
        amended.changes[key] = Change(
            fields=fields, events=[{k: v for k, v in event.items() if v is not None}]
        )
    sections = {**edit.sections, "published": amended}
    return Edit(changes=edit.changes, added=edit.added, sections=sections, amend=edit.amend)


def _expected_findings(findings: list[Finding], edit: Edit) -> list[Finding]:
    """The findings as the edit leaves them, validated."""
    findings = list(findings)
    index_of = {f["id"]: i for i, f in reversed(list(enumerate(findings)))}
    for finding_id, change in edit.changes.items():
        changed = copy.deepcopy(findings[index_of[finding_id]])
        change.apply(changed)
        findings[index_of[finding_id]] = validate_finding(changed)
    return findings + [validate_finding(values) for values in edit.added]


def _expected(before: LedgerFile, edit: Edit) -> Ledger:
    """The validated data the edited file must read back as."""
    expected: dict[str, Any] = {
        **before.ledger,
        "findings": _expected_findings(before.findings, edit),
    }
    for name, section_edit in edit.sections.items():
        entries = copy.deepcopy(expected.get(name) or [])
        section_edit.apply(name, entries)
        expected[name] = [validate_record(name, entry) for entry in entries]
    return cast(Ledger, expected)


def _edited_in_place(
    before: LedgerFile, edit: Edit, expected: Ledger
) -> tuple[LedgerFile, cache.Change] | None:
    """The edit on the affected lines alone, each new finding read back and compared."""
    lines = file_lines(before.source)
    pieces = in_place(lines, before.positions, before.findings, edit)
    if pieces is None:
        return None
    version = version_of(expected)
    for piece in pieces:
        # A new finding is read after the last one (a replaced one keeps its first line).
        previous = _last_finding(before, lines) if piece.start == piece.end else None
        wanted = [expected["findings"][piece.index]]
        if not _reads_back_after(before.source, previous, [piece.body], wanted, version):
            return None
    shifts = [piece.shift for piece in pieces]
    source = spliced_source(before.source, lines, replacements(pieces))
    after = LedgerFile(before.path, source, expected, before.positions.moved(shifts))
    findings = expected["findings"]
    change = cache.Change(
        replaced={p.index: findings[p.index] for p in pieces if p.start < p.end},
        appended=[findings[p.index] for p in pieces if p.start == p.end],
        shifts=shifts,
    )
    return after, change


def _edited_section(
    before: LedgerFile, name: str, edit: SectionEdit, expected: Ledger
) -> tuple[LedgerFile, tuple[int, int, int]] | None:
    """One record section edited on its own lines, and its lines (start, end, added).

    As with a finding, the new lines are read back on their own and compared with the
    intended entries; the rest of the text is unchanged, so the positions shift.
    """
    lines = file_lines(before.source)
    piece = section_in_place(lines, before.positions, name, edit)
    if piece is None:
        return None
    start, end, body = piece
    try:
        data = parse(before.source.with_text(body)).data
        if not isinstance(data, dict) or list(data) != [name] or not isinstance(data[name], list):
            return None
        version = version_of(expected)
        entries = [entry_from_file(entry, version, name) for entry in data[name]]
        if [validate_record(name, entry) for entry in entries] != expected.get(name):
            return None
    except (InvalidLedgerError, ValueError):  # pydantic's ValidationError is a ValueError
        return None
    added = body.count("\n") - (end - start)
    positions = before.positions.shifted(start, end, added, name)
    source = spliced_source(before.source, lines, [(start, end, body)])
    return LedgerFile(before.path, source, expected, positions), (start, end, added)


def _appended(before: LedgerFile, edit: Edit, expected: Ledger) -> LedgerFile | None:
    """Many new findings (an import) written as text at the end; they are read back where
    they will stand and compared, and the rest of the text is unchanged."""
    if len(edit.added) < 2 or edit.changes:
        return None
    text = before.source.text
    lines = TextLines(text)
    appended = appended_many(lines, before.positions, before.findings, edit.added)
    if appended is None:
        return None
    previous = None if appended.head else _last_finding(before, lines)
    new = expected["findings"][len(before.findings) :]
    if not _reads_back_in_parts(before.source, previous, appended.texts, new, version_of(expected)):
        return None
    start = appended.start
    kept_before, kept_after = text[: lines.offset(start)], text[lines.offset(appended.end) :]
    new_text = "".join([kept_before, appended.head, *appended.texts, kept_after])
    positions = before.positions
    starts = positions.finding_starts + [start + o for o in appended.offsets]
    moved = Positions(positions.root_keys, positions.campaign_keys, starts, start + appended.size)
    del appended, kept_before, kept_after
    return LedgerFile(before.path, before.source.with_text(new_text), expected, moved)


READ_BACK_PART = 2000  # findings read back at a time: an import's parse is held a part at a time


def _last_finding(before: LedgerFile, lines: TextLines) -> tuple[str, Finding] | None:
    """The last finding's lines with every line after them (where new findings go, the
    findings list ending the file), and its data; None where there are no findings."""
    if not before.findings:
        return None
    start = before.positions.finding_starts[-1]
    return "".join(lines.between(start, len(lines))), before.findings[-1]


def _reads_back_in_parts(
    source: Source,
    previous: tuple[str, Finding] | None,
    texts: list[str],
    new: list[Finding],
    version: int,
) -> bool:
    """Whether the new findings' texts read back as `new`, READ_BACK_PART at a time, each
    part after the finding before it (the ledger's last, then each part's last)."""
    if len(texts) != len(new):
        return False
    for at in range(0, len(texts), READ_BACK_PART):
        part, wanted = texts[at : at + READ_BACK_PART], new[at : at + READ_BACK_PART]
        if not _reads_back_after(source, previous, part, wanted, version):
            return False
        previous = part[-1], wanted[-1]
    return True


def _reads_back_after(
    source: Source,
    previous: tuple[str, Finding] | None,
    texts: list[str],
    wanted: list[Finding],
    version: int,
) -> bool:
    """Whether new findings' texts, written after `previous` (a finding's text and data,
    or None: at the top of the list), read back as exactly `wanted`. They are read in
    their place, under FINDINGS_HEAD after the finding before them: on their own, an entry
    indented otherwise than the list it joins would read as well, and break the file."""
    prefix, before = ("", []) if previous is None else (previous[0], [previous[1]])
    try:
        data = parse(source.with_text(FINDINGS_HEAD + prefix + "".join(texts))).data
        items = data.get("findings") if isinstance(data, dict) and len(data) == 1 else None
        if not isinstance(items, list) or len(items) != len(before) + len(wanted):
            return False
        read = (validate_finding(entry_from_file(item, version)) for item in items)
        return all(one == other for one, other in zip(read, [*before, *wanted], strict=True))
    except (InvalidLedgerError, ValueError):  # pydantic's ValidationError is a ValueError
        return False


def _read_back(before: LedgerFile, text: str, expected: Ledger) -> LedgerFile:
    """The edited text as a loaded ledger, if it reads back as exactly the intended data."""
    try:
        parsed = parse(before.source.with_text(text))
        ledger = validate(parsed)
    except InvalidLedgerError:
        raise LedgerError("edit_mismatch", path=str(before.path)) from None
    if ledger != expected:
        raise LedgerError("edit_mismatch", path=str(before.path))
    return LedgerFile(before.path, parsed.source, ledger, parsed.positions)


def _edited_whole(before: LedgerFile, edit: Edit, expected: Ledger) -> LedgerFile:
    try:
        text = edit_whole(before.source.text, before.positions, before.findings, edit)
    except YAMLError as exc:
        # libyaml reads a few things ruamel's round trip refuses (a tab inside a key):
        # say where, and write nothing.
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        reason = " ".join(str(getattr(exc, "problem", None) or exc).split())[:200]
        raise LedgerError(
            "cannot_round_trip", path=str(before.path), line=line, reason=reason
        ) from None
    refuse_lost_comments(before.path, before.source.text, text)
    return _read_back(before, text, expected)


def refuse_lost_comments(path: Path, before: str, after: str) -> None:
    """A rewrite of the whole file must keep every comment; one it would drop (in a flow
    list, say) is named, and nothing is written."""
    missing = lost(before, after)
    if missing:
        raise LedgerError("would_lose_comments", path=str(path), comments="; ".join(missing[:3]))
