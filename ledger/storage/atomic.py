"""The one way a file is written: beside its final name, flushed to disk, then moved into
place, so that a crash or a reader at any moment sees the old file or the new one.

Ledgers are written so under their lock (ledger.storage.transaction); reports, notices
and exports named with `-o` are written so too, after check_output: never through a
symbolic link, never over a folder or a ledger.
"""

import os
import tempfile
from pathlib import Path

from ledger.core.errors import LedgerError, UsageError, file_error
from ledger.core.model import SUFFIX
from ledger.storage.source import Source


def current_umask() -> int:
    """The process umask (reading it means setting it, so it is set straight back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(
    path: Path,
    content: bytes,
    *,
    expected_digest: str | None = None,
    create: bool = False,
    mode: int | None = None,
    durable: bool = True,
) -> None:
    """Replace `path` with `content` so that a crash leaves either the old file or the new one.

    An existing file keeps its mode; a new one gets `mode`, else the umask's. With
    `expected_digest`, refuse if the file changed since it was read (a hand edit). With
    `create`, refuse if the file exists, even one that appeared a moment ago. Unless
    `durable` is False (a cache that can be rebuilt), the content is on disk before the
    rename. A failure is a FileError naming `path`, and leaves no temporary file.
    """
    folder = path.parent
    try:
        fd, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise file_error("cannot_write", path, exc) from None
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        if create or not path.exists():
            os.chmod(temp, 0o666 & ~current_umask() if mode is None else mode)
        else:
            os.chmod(temp, path.stat().st_mode & 0o7777)
        if create:
            os.link(temp, path)  # fails if the file exists: never overwrites
            temp.unlink()
        else:
            if (
                expected_digest is not None
                and Source(path, path.read_bytes()).digest != expected_digest
            ):
                raise LedgerError("changed_meanwhile", path=str(path))
            os.replace(temp, path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise file_error("cannot_write", path, exc) from None  # name the file, not the temp
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    if durable:
        _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def remove_leftovers(path: Path) -> None:
    """Delete temporary files a killed writer left beside `path`.

    Called under the ledger's lock: no live writer of this ledger has one open.
    """
    for leftover in path.parent.glob(f".{path.name}.*.tmp"):
        leftover.unlink(missing_ok=True)


def check_output(path: Path, data_dir: Path) -> None:
    """Refuse an output path that is a symlink, a folder, or one of the ledgers."""
    if path.is_symlink():
        raise UsageError("output_is_symlink", path=str(path))
    if path.is_dir():
        raise UsageError("output_is_folder", path=str(path))
    if path.suffix == SUFFIX and data_dir.is_dir() and path.resolve().parent == data_dir.resolve():
        raise UsageError("output_is_ledger", path=str(path))


def write_output(path: Path, content: bytes, data_dir: Path) -> None:
    """Write a named output (a report, a notice, an export) atomically, after check_output;
    its folder is made if missing (`-o reports/2020-09.md` from cron on the first run)."""
    check_output(path, data_dir)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise file_error("cannot_write", path, exc) from None
    write_atomic(path, content)
