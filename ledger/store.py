"""Where ledgers live and how they are read and written.

Reading is one pipeline (read_source, parse, build). Writing happens inside
`update`: under a lock on a separate lock file, the file is read afresh, edited
as text, the result re-parsed and checked, and then replaced atomically.
"""

import copy
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

from filelock import FileLock, Timeout

from ledger import cache
from ledger.edit import Edit, edit_whole, in_place, moved, splice
from ledger.errors import InvalidLedgerError, LedgerError, NotFoundError, UsageError
from ledger.model import Campaign, Finding, Ledger
from ledger.schema import validate, validate_finding
from ledger.source import Positions, Source, digest_of, parse, read_source

SUFFIX = ".yaml"
CACHE_DIR = ".ledger-cache"
CAMPAIGN_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
LOCK_WAIT_NOTICE = 1.0
LOCK_TIMEOUT = 60.0


@dataclass
class LedgerFile:
    """A loaded ledger: its text, its validated data, and where things stand in the text."""

    path: Path
    source: Source
    ledger: Ledger
    positions: Positions

    @cached_property
    def lines(self) -> list[str]:
        return self.source.text.split("\n")

    @property
    def findings(self) -> list[Finding]:
        return self.ledger["findings"]

    @property
    def campaign(self) -> Campaign:
        return self.ledger["campaign"]

    def finding(self, finding_id: str) -> Finding | None:
        return next((f for f in self.findings if f["id"] == finding_id), None)


def check_campaign_id(campaign_id: str) -> str:
    """Refuse ids that could name a path outside the data dir."""
    if not CAMPAIGN_ID.match(campaign_id):
        raise UsageError("bad_campaign_id", campaign=campaign_id)
    return campaign_id


def ledger_path(data_dir: Path, campaign_id: str) -> Path:
    return data_dir / f"{check_campaign_id(campaign_id)}{SUFFIX}"


def ledger_paths(data_dir: Path) -> list[Path]:
    """Every ledger file in the data dir, sorted by name."""
    if not data_dir.is_dir():
        raise NotFoundError("no_data_dir", path=str(data_dir))
    return sorted(p for p in data_dir.glob(f"*{SUFFIX}") if p.is_file())


def load(path: Path) -> LedgerFile:
    """The one load pipeline: read, then the cached parse of these bytes, or parse and validate."""
    source = read_source(path)
    entry = cache.read(path, source.digest)
    if entry is not None:
        return LedgerFile(path, source, entry.ledger, entry.positions)
    parsed = parse(source)
    loaded = LedgerFile(path, source, validate(parsed), parsed.positions)
    cache.write(path, cache.Entry(source.digest, loaded.ledger, loaded.positions))
    return loaded


def load_campaign(data_dir: Path, campaign_id: str) -> LedgerFile:
    path = ledger_path(data_dir, campaign_id)
    if not path.is_file():
        raise NotFoundError("no_campaign", campaign=campaign_id, path=str(data_dir))
    return load(path)


def choose_paths(data_dir: Path, campaign_id: str | None) -> list[Path]:
    """The ledger named by `campaign_id`, or every ledger in the data dir."""
    if campaign_id is not None:
        path = ledger_path(data_dir, campaign_id)
        if not path.is_file():
            raise NotFoundError("no_campaign", campaign=campaign_id, path=str(data_dir))
        return [path]
    paths = ledger_paths(data_dir)
    if not paths:
        raise NotFoundError("no_ledgers", path=str(data_dir))
    return paths


def single_path(data_dir: Path, campaign_id: str | None) -> Path:
    """The ledger a one-campaign command works on: the named one, or the only one there is."""
    paths = choose_paths(data_dir, campaign_id)
    if len(paths) > 1:
        names = ", ".join(p.stem for p in paths)
        raise UsageError("campaign_needed", campaigns=names)
    return paths[0]


def path_of_findings(data_dir: Path, campaign_id: str | None, ids: list[str]) -> Path:
    """The one ledger that holds all of `ids`; without a campaign, found by searching the data dir."""
    if campaign_id is not None:
        return single_path(data_dir, campaign_id)
    homes: dict[str, list[Path]] = {finding_id: [] for finding_id in dict.fromkeys(ids)}
    for path in ledger_paths(data_dir):
        known = {f["id"] for f in load(path).findings}
        for finding_id in homes:
            if finding_id in known:
                homes[finding_id].append(path)
    for finding_id, paths in homes.items():
        if not paths:
            raise NotFoundError("no_finding", finding=finding_id)
        if len(paths) > 1:
            names = ", ".join(p.stem for p in paths)
            raise UsageError("finding_ambiguous", finding=finding_id, campaigns=names)
    distinct = {paths[0] for paths in homes.values()}
    if len(distinct) > 1:
        raise UsageError(
            "findings_in_several", campaigns=", ".join(sorted(p.stem for p in distinct))
        )
    return distinct.pop()


def cache_dir(data_dir: Path) -> Path:
    """A folder beside the ledgers for lock files, ignored by git through its own .gitignore."""
    folder = data_dir / CACHE_DIR
    if not folder.is_dir():
        folder.mkdir(exist_ok=True)
        (folder / ".gitignore").write_text("*\n", encoding="utf-8")
    return folder


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the ledger's lock; say so on stderr if another command holds it for long."""
    lock = FileLock(cache_dir(path.parent) / f"{path.name}.lock")
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
    with locked(path):
        before = load(path)
        edit = plan(before)
        expected = _expected(before, edit)
        after = _edited_in_place(before, edit, expected) or _edited_whole(before, edit, expected)
        content = before.source.encode(after.source.text)
        write_atomic(path, content, expected_digest=before.source.digest)
        after.source = replace(after.source, digest=digest_of(content))
        cache.write(path, cache.Entry(after.source.digest, after.ledger, after.positions))
        return after


def _expected(before: LedgerFile, edit: Edit) -> Ledger:
    """The validated data the edited file must read back as."""
    findings = list(before.findings)
    index_of = {f["id"]: i for i, f in reversed(list(enumerate(findings)))}
    for finding_id, change in edit.changes.items():
        changed = copy.deepcopy(findings[index_of[finding_id]])
        change.apply(changed)  # type: ignore[arg-type]
        findings[index_of[finding_id]] = validate_finding(changed)
    findings += [validate_finding(values) for values in edit.added]
    return {**before.ledger, "findings": findings}


def _edited_in_place(before: LedgerFile, edit: Edit, expected: Ledger) -> LedgerFile | None:
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
    return LedgerFile(
        before.path, before.source.with_text(text), expected, moved(before.positions, pieces)
    )


def _edited_whole(before: LedgerFile, edit: Edit, expected: Ledger) -> LedgerFile:
    text = edit_whole(before.source.text, before.positions, before.findings, edit)
    try:
        parsed = parse(before.source.with_text(text))
        ledger = validate(parsed)
    except InvalidLedgerError:
        raise LedgerError("edit_mismatch", path=str(before.path)) from None
    if ledger != expected:
        raise LedgerError("edit_mismatch", path=str(before.path))
    return LedgerFile(before.path, parsed.source, ledger, parsed.positions)


def write_atomic(
    path: Path, content: bytes, *, expected_digest: str | None = None, create: bool = False
) -> None:
    """Replace `path` with `content` so that a crash leaves either the old file or the new one.

    With `expected_digest`, refuse if the file changed since it was read (a hand edit).
    With `create`, refuse if the file exists, even one that appeared a moment ago.
    """
    folder = path.parent
    fd, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        if create:
            os.chmod(temp, 0o666 & ~_umask())
            os.link(temp, path)  # fails if the file exists: never overwrites
            temp.unlink()
        else:
            os.chmod(temp, path.stat().st_mode & 0o7777)
            if expected_digest is not None and digest_of(path.read_bytes()) != expected_digest:
                raise LedgerError("changed_meanwhile", path=str(path))
            os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
