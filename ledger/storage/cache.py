"""The parse cache: a ledger's validated data and positions, keyed on its content.

A cold read of a 10,000-finding ledger parses 6 MB of YAML; a warm one unpickles
what that parse produced. An entry is used only when the sha256 of the file's
bytes and the digest of the code that reads ledgers (every module of ledger.core
and ledger.storage) both match, so a stale entry, or one made by other code (an
older version, a development checkout edited since), can never be read; a corrupt
or foreign entry is ignored and rebuilt.

An entry is three pickles: the content's digest (so that a stale entry is set aside
unread), the data and positions, and the digest of each finding's lines (read only by
ledger.storage.reread, the first read after the file changed).

An edit does not rewrite the whole entry (seconds at 100,000 findings): it
appends a small record to the entry's journal, "from content A to content B,
these findings changed, this record section is now this, these lines moved". A
read follows the journal from the entry's content to the file's; after
MAX_JOURNAL records the next edit writes a whole entry again.

Objects the reading code builds slowly (pydantic's validators) are kept here too
(`keep`, `kept`), under the same digest of the code.

The cache lives in the user's cache directory (LEDGER_CACHE_DIR, else
$XDG_CACHE_HOME/ledger, else ~/.cache/ledger), never beside the ledgers: a
pickle is code, and a file that came with a cloned repository must never be
loaded. Files not owned by the user, or writable by others, are ignored.
"""

import hashlib
import os
import pickle
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO, TypeGuard, cast

from ledger.core.errors import LedgerError
from ledger.core.model import Finding, Ledger
from ledger.storage.atomic import write_atomic
from ledger.storage.source import Positions

MAX_JOURNAL = 50
# The folders whose code decides what a cache entry holds.
READING_CODE = ("core", "storage")


@cache
def header() -> tuple[str, str]:
    """What every entry and journal record starts with: the digest of the reading code."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for folder in READING_CODE:
        for module in sorted((package / folder).glob("*.py")):
            digest.update(module.name.encode() + b"\0" + module.read_bytes())
    return ("ledger-cache", digest.hexdigest())


@dataclass(frozen=True)
class Entry:
    digest: str
    ledger: Ledger
    positions: Positions
    journal: int = 0  # records followed to reach this content


@dataclass(frozen=True)
class Change:
    """One edit as the journal keeps it."""

    replaced: dict[int, Finding] = field(default_factory=dict)  # by position in the list
    appended: list[Finding] = field(default_factory=list)
    shifts: list[tuple[int, int, int]] = field(default_factory=list)  # for Positions.moved
    # Record sections edited after the findings, in order: each one's entries as they are
    # now, and its lines (start, end, added) for Positions.shifted.
    sections: list[tuple[str, list[dict[str, Any]], tuple[int, int, int]]] = field(
        default_factory=list
    )


def cache_root() -> Path:
    if explicit := os.environ.get("LEDGER_CACHE_DIR"):
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ledger"


def entry_path(ledger_path: Path) -> Path:
    """One entry per ledger file, named for its absolute path."""
    where = hashlib.sha256(str(ledger_path.resolve()).encode()).hexdigest()[:20]
    return cache_root() / f"{ledger_path.stem[:40]}-{where}.pickle"


def journal_path(ledger_path: Path) -> Path:
    return entry_path(ledger_path).with_suffix(".journal")


def read(ledger_path: Path, digest: str) -> Entry | None:
    """The entry for this content of the file, or None. An entry read once in this process
    is not read again while its files stay as they were: an edit reads its ledger before
    taking the lock and again under it."""
    files = (_stamp(entry_path(ledger_path)), _stamp(journal_path(ledger_path)))
    known = _READ.get(ledger_path)
    if known is not None and known[0] == files and known[1].digest == digest:
        return known[1]
    journal: list[tuple[Any, ...]] = []  # its records, read once where the entry is older

    def wanted(stored: str) -> bool:
        """This content's entry, or an older one the journal leads on from to it."""
        if stored == digest:
            return True
        journal.extend(_records(journal_path(ledger_path)))
        return any(record[2] == digest for record in journal)

    found = _read_entry(entry_path(ledger_path), wanted)
    base = None if found is None else found[0]
    entry = base if base is None or base.digest == digest else _follow(journal, base, digest)
    if entry is not None:
        _READ[ledger_path] = (files, entry)
    return entry


_READ: dict[Path, tuple[tuple[Any, ...], Entry]] = {}  # the last entry read for each ledger


def _stamp(path: Path) -> tuple[int, int, int] | None:
    """What tells that a file changed: its inode, size and modification time."""
    try:
        status = path.stat()
    except OSError:
        return None
    return (status.st_ino, status.st_size, status.st_mtime_ns)


def write(ledger_path: Path, entry: Entry, blocks: dict[bytes, int] | None = None) -> None:
    """Store a whole entry, and start its journal afresh. `blocks`: the digest of each
    finding's lines, to its place in the list (ledger.storage.reread), stored last: only
    the first read after the file changed loads them."""
    head = pickle.dumps((header(), entry.digest), protocol=pickle.HIGHEST_PROTOCOL)
    body = pickle.dumps((entry.ledger, entry.positions), protocol=pickle.HIGHEST_PROTOCOL)
    tail = pickle.dumps(blocks, protocol=pickle.HIGHEST_PROTOCOL)
    if _replace(entry_path(ledger_path), [head, body, tail]):
        journal_path(ledger_path).unlink(missing_ok=True)


def record(
    ledger_path: Path,
    before: Entry | None,
    after: Entry,
    change: Change,
    blocks: Callable[[], dict[bytes, int] | None],
) -> None:
    """Note an edit from `before` (as loaded) to `after`: a journal record, or a whole entry
    (with the block digests `blocks` works out: only then)."""
    if before is None or before.journal >= MAX_JOURNAL:
        write(ledger_path, after, blocks())
        return
    stored = (
        header(),
        before.digest,
        after.digest,
        change.replaced,
        change.appended,
        change.shifts,
        change.sections,
    )
    try:
        fd = os.open(journal_path(ledger_path), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    except OSError:
        return
    with os.fdopen(fd, "ab") as handle:
        handle.write(pickle.dumps(stored, protocol=pickle.HIGHEST_PROTOCOL))


def kept(name: str) -> Any:
    """What `keep` stored under this name, if this code stored it; else None."""
    try:
        with (cache_root() / f"{name}.pickle").open("rb") as handle:
            stored = pickle.load(handle) if _trusted(handle) else None
    except Exception:  # missing, corrupt, foreign: rebuild, never trust
        return None
    return stored[1] if _ours(stored, 2) else None


def keep(name: str, value: Any) -> None:
    """Store a value the reading code builds slowly (pydantic's validators), for `kept`."""
    _replace(
        cache_root() / f"{name}.pickle", pickle.dumps((header(), value), pickle.HIGHEST_PROTOCOL)
    )


def _ours(stored: object, size: int) -> TypeGuard[tuple[Any, ...]]:
    """Whether an unpickled tuple was stored by this code: `size` fields, the header first."""
    return isinstance(stored, tuple) and len(stored) == size and stored[0] == header()


def _trusted(handle: BinaryIO) -> bool:
    """Only files of this user that no one else can write."""
    status = os.fstat(handle.fileno())
    return status.st_uid == os.geteuid() and not status.st_mode & 0o022


def stale(ledger_path: Path) -> tuple[Entry, dict[bytes, int]] | None:
    """The ledger's whole entry whatever content it was made for, with its findings' block
    digests; None if there is none, or it has no digests."""
    found = _read_entry(entry_path(ledger_path), lambda _: True, with_blocks=True)
    if found is None or not isinstance(found[1], dict):
        return None
    return found


def _read_entry(
    path: Path, wanted: Callable[[str], bool], with_blocks: bool = False
) -> tuple[Entry, Any] | None:
    """The entry in the file, if this code made it and its content's digest is `wanted`
    (and the block digests stored after it, if asked for). The digest is stored ahead of
    the data: an entry of an older content (the first read after a `git pull`) is not
    loaded whole only to be set aside."""
    try:
        with path.open("rb") as handle:
            if not _trusted(handle):
                return None
            head = pickle.load(handle)
            if not _ours(head, 2):
                return None
            if not isinstance(head[1], str) or not wanted(head[1]):
                return None
            body = pickle.load(handle)
            blocks = pickle.load(handle) if with_blocks else None
    except Exception:  # missing, corrupt, foreign: rebuild, never trust
        return None
    if not (isinstance(body, tuple) and len(body) == 2):
        return None
    ledger, positions = body
    if not isinstance(ledger, dict) or not isinstance(positions, Positions):
        return None
    return Entry(head[1], ledger, positions), blocks  # type: ignore[arg-type]


def _records(path: Path) -> Iterator[tuple[Any, ...]]:
    """The journal's records, up to the first that cannot be read."""
    try:
        with path.open("rb") as handle:
            if not _trusted(handle):
                return
            while True:
                stored = pickle.load(handle)
                if not _ours(stored, 7):
                    return
                yield stored
    except Exception:  # the end of the file, or a record cut short
        return


def _follow(journal: list[tuple[Any, ...]], entry: Entry, digest: str) -> Entry | None:
    """Apply the journal's records from the entry's content on, until `digest` is reached."""
    for _, source, target, replaced, appended, shifts, sections in journal:
        if source != entry.digest:
            continue
        findings = list(entry.ledger["findings"])
        for index, finding in replaced.items():
            findings[index] = finding
        findings += appended
        ledger: dict[str, Any] = {**entry.ledger, "findings": findings}
        positions = entry.positions.moved(shifts)
        for name, entries, (start, end, added) in sections:
            ledger[name] = entries
            positions = positions.shifted(start, end, added, name)
        entry = Entry(target, cast(Ledger, ledger), positions, entry.journal + 1)
        if target == digest:
            return entry
    return None


def _replace(path: Path, content: bytes | list[bytes]) -> bool:
    """Write a file whole, readable by this user only; False if the cache cannot be written.
    One left there that others could write is removed first: a replaced file keeps its mode."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if path.exists() and path.stat().st_mode & 0o022:
            path.unlink()
        write_atomic(path, content, mode=0o600, durable=False)
    except (OSError, LedgerError):
        return False
    return True
