"""A ledger's lock, served in the order the writers asked for it.

A lock file alone is not fair: the writer that has just released it asks again at once,
while those waiting sleep between tries, so under many writers one may wait for ever.
So a writer first takes a ticket: a file in the ledger's queue folder, named by the time
it asked and locked (flock) for as long as its writer lives. It asks for the lock only
once no ticket ahead of its own is alive; a ticket whose writer died is unlocked, and the
writer behind it removes it. The lock itself is still taken, so that a writer without a
ticket (an older version of the tool) is kept out too.
"""

import fcntl
import os
import secrets
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from filelock import FileLock, Timeout

from ledger.core.errors import LedgerError
from ledger.core.i18n import current_lang, text
from ledger.storage.atomic import written_path

LOCK_DIR = ".ledger-cache"
WAIT_NOTICE = 1.0  # say that we wait after this long
TIMEOUT = 120.0  # give up after this long
POLL = 0.02
TICKET = ".ticket"


def lock_dir(data_dir: Path) -> Path:
    """A folder beside the ledgers for lock files, ignored by git through its own .gitignore."""
    folder = data_dir / LOCK_DIR
    if not folder.is_dir():
        folder.mkdir(exist_ok=True)
        (folder / ".gitignore").write_text("*\n", encoding="utf-8")
    return folder


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the ledger's lock, in turn; say so on stderr if the wait is long. A ledger
    reached through a symbolic link is locked under its target's name, as it is written."""
    path = written_path(path)
    folder = lock_dir(path.parent)
    queue = folder / f"{path.name}.queue"
    queue.mkdir(exist_ok=True)
    waiting = _Waiting(path)
    with _ticket(queue) as mine:
        _wait_for_turn(queue, mine, waiting)
        lock = FileLock(folder / f"{path.name}.lock")
        while not _acquired(lock):  # held by a writer without a ticket
            waiting.check(ahead=1)
        try:
            yield
        finally:
            lock.release()


class _Waiting:
    """The time a writer has waited: a notice on stderr now and then, an error at the end."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.deadline = time.monotonic() + TIMEOUT
        self.next_notice = time.monotonic() + WAIT_NOTICE

    def check(self, ahead: int) -> None:
        now = time.monotonic()
        if now > self.deadline:
            raise LedgerError("lock_timeout", path=str(self.path), seconds=int(TIMEOUT))
        if now > self.next_notice:
            notice = text("lock_waiting", current_lang(), path=str(self.path), ahead=ahead)
            print(notice, file=sys.stderr)
            self.next_notice = now + 10 * WAIT_NOTICE


def _acquired(lock: FileLock) -> bool:
    try:
        lock.acquire(timeout=POLL)
    except Timeout:
        return False
    return True


@contextmanager
def _ticket(queue: Path) -> Iterator[Path]:
    """A ticket in the queue, locked while it is held, removed after."""
    name = f"{time.time_ns():020d}-{os.getpid()}-{secrets.token_hex(4)}"
    pending = queue / f".{name}.pending"  # locked before it gets a ticket's name
    fd = os.open(pending, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        ticket = queue / f"{name}{TICKET}"
        os.rename(pending, ticket)
        try:
            yield ticket
        finally:
            ticket.unlink(missing_ok=True)  # before the flock goes: never seen dead while alive
    finally:
        pending.unlink(missing_ok=True)
        os.close(fd)


def _wait_for_turn(queue: Path, mine: Path, waiting: _Waiting) -> None:
    """Return once no live ticket is ahead of `mine`."""
    while True:
        ahead = [t for t in sorted(queue.glob(f"*{TICKET}")) if t.name < mine.name]
        if not ahead:
            return
        if _alive(ahead[0]):  # the first only: those behind it wait for it too
            waiting.check(ahead=len(ahead))
            time.sleep(POLL)


def _alive(ticket: Path) -> bool:
    """Whether the ticket's writer still holds it; a dead writer's ticket is removed."""
    try:
        fd = os.open(ticket, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    with suppress(FileNotFoundError):
        ticket.unlink()
    return False
