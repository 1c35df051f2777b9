"""Writing a ledger: under its lock, atomically, changing only the lines meant to change.

Inside `update` the file is read afresh under a lock on a separate lock file,
edited as text (ledger.storage.splice), every changed finding read back and compared
with the intended data, and the file replaced atomically (ledger.storage.atomic);
then the cache entry for the new content is stored, so that the next command starts warm.
"""

import copy
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

from filelock import FileLock, Timeout
from ruamel.yaml.error import YAMLError

from ledger.core.errors import InvalidLedgerError, LedgerError
from ledger.core.model import Ledger
from ledger.core.patch import Edit
from ledger.storage import cache
from ledger.storage.atomic import remove_leftovers, write_atomic
from ledger.storage.parser import parse
from ledger.storage.schema import validate, validate_finding, validate_record
from ledger.storage.source import Positions
from ledger.storage.splice import appended_many, edit_whole, in_place, section_in_place, splice
from ledger.storage.store import LedgerFile, gc_paused, load

LOCK_DIR = ".ledger-cache"
LOCK_WAIT_NOTICE = 1.0
LOCK_TIMEOUT = 60.0


def lock_dir(data_dir: Path) -> Path:
    """A folder beside the ledgers for lock files, ignored by git through its own .gitignore."""
    folder = data_dir / LOCK_DIR
    if not folder.is_dir():
        folder.mkdir(exist_ok=True)
        (folder / ".gitignore").write_text("*\n", encoding="utf-8")
    return folder


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the ledger's lock; say so on stderr if another command holds it for long."""
    lock = FileLock(lock_dir(path.parent) / f"{path.name}.lock")
    try:
        lock.acquire(timeout=LOCK_WAIT_NOTICE)
    except Timeout:
        print(f"ledger: waiting for the lock on {path} …", file=sys.stderr)
        try:
            lock.acquire(timeout=LOCK_TIMEOUT)
        except Timeout:
            raise LedgerError("lock_timeout", path=str(path), seconds=int(LOCK_TIMEOUT)) from None
    try:
        yield
    finally:
        lock.release()


def update(path: Path, plan: Callable[[LedgerFile], Edit]) -> LedgerFile:
    """Edit a ledger under its lock: `plan` sees the file as it is now and says what to change.

    The edit is made on the affected findings' lines where it can be, else by a
    whole-file round trip; either way what is written must read back as exactly the
    intended data, or nothing is written. Returns the ledger as written.
    """
    if not path.stat().st_mode & 0o222:
        raise LedgerError("read_only", path=str(path))  # protected on purpose: leave it be
    with locked(path), gc_paused():
        remove_leftovers(path)
        before = load(path)
        edit = plan(before)
        expected = _expected(before, edit)
        spliced = None if edit.sections else _edited_in_place(before, edit, expected)
        after = spliced[0] if spliced else _edited_sections(before, edit, expected)
        after = after or _appended(before, edit, expected) or _edited_whole(before, edit, expected)
        write_atomic(path, after.source.raw, expected_digest=before.source.digest)
        entry = cache.Entry(after.source.digest, after.ledger, after.positions)
        if spliced:
            cache.record(path, before.cached, entry, spliced[1])
        else:
            cache.write(path, entry)
        return after


def _expected(before: LedgerFile, edit: Edit) -> Ledger:
    """The validated data the edited file must read back as."""
    findings = list(before.findings)
    index_of = {f["id"]: i for i, f in reversed(list(enumerate(findings)))}
    for finding_id, change in edit.changes.items():
        changed = copy.deepcopy(findings[index_of[finding_id]])
        change.apply(changed)
        findings[index_of[finding_id]] = validate_finding(changed)
    findings += [validate_finding(values) for values in edit.added]
    expected: dict[str, Any] = {**before.ledger, "findings": findings}
    for name, section_edit in edit.sections.items():
        entries = copy.deepcopy(expected.get(name) or [])
        section_edit.apply(entries)
        expected[name] = [validate_record(name, entry) for entry in entries]
    return cast(Ledger, expected)


def _edited_in_place(
    before: LedgerFile, edit: Edit, expected: Ledger
) -> tuple[LedgerFile, cache.Change] | None:
    """The edit on the affected lines alone, each new finding read back and compared."""
    pieces = in_place(before.source.text, before.positions, before.findings, edit)
    if pieces is None:
        return None
    for piece in pieces:
        try:
            items = parse(before.source.with_text(piece.body)).data
            if not isinstance(items, list) or len(items) != 1:
                return None
            if validate_finding(items[0]) != expected["findings"][piece.index]:
                return None
        except (InvalidLedgerError, ValueError):  # pydantic's ValidationError is a ValueError
            return None
    text = splice(before.source.text, pieces)
    shifts = [piece.shift for piece in pieces]
    after = LedgerFile(
        before.path, before.source.with_text(text), expected, before.positions.moved(shifts)
    )
    findings = expected["findings"]
    change = cache.Change(
        replaced={p.index: findings[p.index] for p in pieces if p.start < p.end},
        appended=[findings[p.index] for p in pieces if p.start == p.end],
        shifts=shifts,
    )
    return after, change


def _edited_sections(before: LedgerFile, edit: Edit, expected: Ledger) -> LedgerFile | None:
    """One record section edited on its own lines, when the edit touches nothing else.

    As with a finding, the new lines are read back on their own and compared with the
    intended entries; the rest of the text is unchanged, so the positions shift.
    """
    if len(edit.sections) != 1 or edit.changes or edit.added:
        return None
    [(name, section_edit)] = edit.sections.items()
    text = before.source.text
    piece = section_in_place(text, before.positions, name, section_edit)
    if piece is None:
        return None
    start, end, body = piece
    try:
        data = parse(before.source.with_text(body)).data
        if not isinstance(data, dict) or list(data) != [name] or not isinstance(data[name], list):
            return None
        if [validate_record(name, entry) for entry in data[name]] != expected.get(name):
            return None
    except (InvalidLedgerError, ValueError):  # pydantic's ValidationError is a ValueError
        return None
    lines = text.splitlines(keepends=True)
    new_text = "".join(lines[:start]) + body + "".join(lines[end:])
    added = body.count("\n") - (end - start)
    positions = before.positions.shifted(start, end, added, name)
    return LedgerFile(before.path, before.source.with_text(new_text), expected, positions)


def _appended(before: LedgerFile, edit: Edit, expected: Ledger) -> LedgerFile | None:
    """Many new findings (an import) written as text at the end; they are read back on
    their own and compared, and the rest of the text is unchanged."""
    if len(edit.added) < 2 or edit.changes or edit.sections:
        return None
    text = before.source.text
    appended = appended_many(text, before.positions, before.findings, edit.added)
    if appended is None:
        return None
    try:
        data = parse(before.source.with_text(appended.body)).data
        items = data.get("findings") if isinstance(data, dict) else data
        if not isinstance(items, list) or len(items) != len(edit.added):
            return None
        new = expected["findings"][len(before.findings) :]
        if [validate_finding(item) for item in items] != new:
            return None
    except (InvalidLedgerError, ValueError):
        return None
    lines = text.splitlines(keepends=True)
    new_text = "".join(lines[: appended.start]) + appended.body + "".join(lines[appended.end :])
    positions = before.positions
    starts = positions.finding_starts + [appended.start + o for o in appended.offsets]
    end = appended.start + appended.body.count("\n")
    moved = Positions(positions.root_keys, positions.campaign_keys, starts, end)
    return LedgerFile(before.path, before.source.with_text(new_text), expected, moved)


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
    return _read_back(before, text, expected)
