"""The parse cache: a ledger's validated data and positions, keyed on its content.

A cold read of a 10,000-finding ledger parses 6 MB of YAML; a warm one unpickles
what that parse produced. An entry is used only when the sha256 of the file's
bytes, the cache format and the tool's version all match, so a stale entry can
never be read; a corrupt or foreign entry is ignored and rebuilt.

The cache lives in the user's cache directory (LEDGER_CACHE_DIR, else
$XDG_CACHE_HOME/ledger, else ~/.cache/ledger), never beside the ledgers: a
pickle is code, and a file that came with a cloned repository must never be
loaded. Entries not owned by the user, or writable by others, are ignored.
"""

import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ledger import __version__
from ledger.model import Ledger
from ledger.source import Positions

FORMAT = 1


@dataclass(frozen=True)
class Entry:
    digest: str
    ledger: Ledger
    positions: Positions


def cache_root() -> Path:
    if explicit := os.environ.get("LEDGER_CACHE_DIR"):
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ledger"


def entry_path(ledger_path: Path) -> Path:
    """One entry per ledger file, named for its absolute path."""
    where = hashlib.sha256(str(ledger_path.resolve()).encode()).hexdigest()[:20]
    return cache_root() / f"{ledger_path.stem[:40]}-{where}.pickle"


def read(ledger_path: Path, digest: str) -> Entry | None:
    """The entry for this content of the file, or None."""
    path = entry_path(ledger_path)
    try:
        with path.open("rb") as handle:
            status = os.fstat(handle.fileno())
            if status.st_uid != os.geteuid() or status.st_mode & 0o022:
                return None
            stored = pickle.load(handle)
    except Exception:  # missing, corrupt, foreign: rebuild, never trust
        return None
    if not (isinstance(stored, tuple) and len(stored) == 4):
        return None
    header, entry_digest, ledger, positions = stored
    if header != (FORMAT, __version__) or entry_digest != digest:
        return None
    if not isinstance(ledger, dict) or not isinstance(positions, Positions):
        return None
    return Entry(entry_digest, ledger, positions)  # type: ignore[arg-type]


def write(ledger_path: Path, entry: Entry) -> None:
    """Store an entry; a cache that cannot be written only makes the next read slower."""
    path = entry_path(ledger_path)
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            stored = ((FORMAT, __version__), entry.digest, entry.ledger, entry.positions)
            pickle.dump(stored, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, path)
    except OSError:
        Path(temp).unlink(missing_ok=True)
