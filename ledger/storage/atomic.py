"""The one way a file is written: beside its final name, flushed to disk, then moved into
place, so that a crash or a reader at any moment sees the old file or the new one.

Ledgers are written so under their lock (ledger.storage.transaction); reports, notices
and exports named with `-o` are written so too, after check_output: never through a
symbolic link, never over a folder or a ledger.
"""

import grp
import os
import pwd
import tempfile
import time
from contextlib import suppress
from pathlib import Path

from ledger.core.errors import FileError, LedgerError, UsageError, file_error
from ledger.core.i18n import Phrase
from ledger.core.model import SUFFIX
from ledger.storage.source import file_digest


def current_umask() -> int:
    """The process umask (reading it means setting it, so it is set straight back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


# Temporary files carry this mark: no file of a user's is named so, and any the tool finds
# older than STALE_AFTER were left by a killed writer (a write takes seconds at most).
TEMP_MARK = ".ledger-"
STALE_AFTER = 600.0


def written_path(path: Path) -> Path:
    """Where a write of `path` goes: through a symbolic link to the file it names, so that
    the link stays and its target is the file changed."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def write_atomic(
    path: Path,
    content: bytes | list[bytes],
    *,
    expected_digest: str | None = None,
    create: bool = False,
    mode: int | None = None,
    durable: bool = True,
) -> None:
    """Replace `path` with `content` so that a crash leaves either the old file or the new one.

    An existing file keeps its mode, owner and group (else the write is refused with the
    reason); a file with other hard links is refused, as replacing it would split them; a
    symbolic link is written through. A new file gets `mode`, else the umask's. With
    `expected_digest`, refuse if the file changed since it was read (a hand edit). With
    `create`, refuse if the file exists, even one that appeared a moment ago. Unless
    `durable` is False (a cache that can be rebuilt), the content is on disk before the
    rename. A failure is a FileError naming `path`, and leaves no temporary file.
    """
    path = written_path(path)
    folder = path.parent
    existing = None if create else _status(path)
    if existing is not None and existing.st_nlink > 1:
        raise LedgerError("hard_linked", path=str(path), links=existing.st_nlink)
    try:
        fd, temp_name = tempfile.mkstemp(
            dir=folder, prefix=f".{path.name}{TEMP_MARK}", suffix=".tmp"
        )
    except OSError as exc:
        raise file_error("cannot_write", path, exc) from None
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.writelines([content] if isinstance(content, bytes) else content)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        if existing is None:
            os.chmod(temp, 0o666 & ~current_umask() if mode is None else mode)
        else:
            _keep_owner(temp, existing, path)
            os.chmod(temp, existing.st_mode & 0o7777)
        if create:
            os.link(temp, path)  # fails if the file exists: never overwrites
            temp.unlink()
        else:
            if expected_digest is not None and file_digest(path) != expected_digest:
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
    remove_stale(folder)


def _status(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise file_error("cannot_read", path, exc) from None


def _keep_owner(temp: Path, existing: os.stat_result, path: Path) -> None:
    """Give the new file the old one's owner and group, or refuse: a file written by root
    (or by a colleague in a shared folder) must not change hands unnoticed."""
    made = temp.stat()
    if (made.st_uid, made.st_gid) == (existing.st_uid, existing.st_gid):
        return
    try:
        os.chown(temp, existing.st_uid, existing.st_gid)
    except PermissionError:
        owner = _owner_name(existing)
        raise LedgerError("cannot_keep_owner", path=str(path), owner=owner) from None


def _owner_name(status: os.stat_result) -> str:
    try:
        return f"{pwd.getpwuid(status.st_uid).pw_name}:{grp.getgrgid(status.st_gid).gr_name}"
    except KeyError:
        return f"{status.st_uid}:{status.st_gid}"


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
    path = written_path(path)
    for leftover in path.parent.glob(f".{path.name}{TEMP_MARK}*.tmp"):
        leftover.unlink(missing_ok=True)


def remove_stale(folder: Path) -> None:
    """Delete the temporary files in `folder` that a killed writer left long ago (an
    export, a report, a merge: files no lock guards)."""
    limit = time.time() - STALE_AFTER
    for leftover in folder.glob(f".*{TEMP_MARK}*.tmp"):
        with suppress(OSError):
            if leftover.lstat().st_mtime < limit:
                leftover.unlink()


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
    except FileExistsError:  # a file stands where a folder of the path should be
        raise FileError("cannot_write", str(path), Phrase("reason_not_folder")) from None
    except OSError as exc:
        raise file_error("cannot_write", path, exc) from None
    write_atomic(path, content)
