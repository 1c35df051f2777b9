"""Writing a named output file (a report, a notice) without harm to anything else.

The file is written beside its final name and moved into place, so a reader never
sees half a report; a symbolic link is refused rather than followed, and a ledger
file is never overwritten by output.
"""

import os
import tempfile
from pathlib import Path

from ledger.errors import UsageError
from ledger.store import SUFFIX


def check_output(path: Path, data_dir: Path) -> None:
    """Refuse an output path that is a symlink, a folder, or one of the ledgers."""
    if path.is_symlink():
        raise UsageError("output_is_symlink", path=str(path))
    if path.is_dir():
        raise UsageError("output_is_folder", path=str(path))
    if path.suffix == SUFFIX and data_dir.is_dir() and path.resolve().parent == data_dir.resolve():
        raise UsageError("output_is_ledger", path=str(path))


def write_output(path: Path, content: bytes, data_dir: Path) -> None:
    """Write `content` to `path` atomically, after check_output; its folder is made if missing
    (`-o reports/2020-09.md` from cron on the first run)."""
    check_output(path, data_dir)
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.chmod(temp_name, 0o666 & ~current_umask())
        os.replace(temp_name, path)
    except OSError as exc:
        Path(temp_name).unlink(missing_ok=True)
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def current_umask() -> int:
    """The process umask (reading it means setting it, so it is set straight back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
