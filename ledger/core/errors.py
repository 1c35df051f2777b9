"""Every error the tool reports to a user, and the problems `check` finds.

Errors carry a message key and parameters rather than text, so that the one
handler in the CLI can print them in Chinese or English.
"""

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ledger.core.i18n import Phrase, reason_of


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a ledger file: where it is and what is wrong."""

    path: Path
    line: int | None  # 1-based; None where the YAML gives no position
    field: str
    key: str  # message key in ledger.core.i18n
    params: dict[str, Any] = dataclasses.field(default_factory=dict)
    finding: str | None = None
    warning: bool = False  # reported, but the ledger still passes


class LedgerError(Exception):
    """Base of the errors meant for the user; exit code 1 unless a subclass says otherwise."""

    exit_code = 1

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def __str__(self) -> str:
        from ledger.core.i18n import text

        return text(self.key, "en", **self.params)


class UsageError(LedgerError):
    """The command was called wrongly: a bad option value, a missing argument."""

    exit_code = 2


class NotFoundError(LedgerError):
    """A campaign or finding that the command names does not exist."""


class InvalidLedgerError(LedgerError):
    """A ledger file that does not parse or does not fit the schema; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("invalid_ledger", count=len(problems))
        self.problems = problems


class RefusedError(LedgerError):
    """Steps that findings cannot take in the state they are in; nothing was written."""

    def __init__(self, refusals: list[tuple[str, dict[str, Any]]]) -> None:
        super().__init__("refused", count=len(refusals))
        self.refusals = refusals


class FileError(LedgerError):
    """A file could not be read (`cannot_read`) or written (`cannot_write`); `path` names it."""

    def __init__(self, key: str, path: str, reason: Phrase | str) -> None:
        super().__init__(key, path=path, reason=reason)


def file_error(key: str, path: object, exc: OSError) -> FileError:
    """The OSError of reading or writing `path`, as the message the user gets."""
    return FileError(key, str(path), reason_of(exc))


class PublishedError(LedgerError):
    """A write that would change figures already published; nothing was written."""

    def __init__(self, changes: list[tuple[str, str]]) -> None:
        super().__init__("published_would_change", count=len(changes))
        self.changes = changes  # (the publication's date, the figures that would change)
