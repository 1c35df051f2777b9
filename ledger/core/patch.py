"""What a command wants changed, as plain values: fields to set or remove and history events
to append on findings, findings to add, and entries of the record sections.

The storage layer turns a patch into edits of the file's text (ledger.storage.splice);
`apply` here gives the plain data that text must read back as.
"""

from collections.abc import MutableMapping, MutableSequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ledger.core.model import record_key


@dataclass
class Change:
    """What to do to one finding or record entry: fields to set, events to append, keys to remove."""

    fields: dict[str, Any] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def apply(self, entry: MutableMapping[str, Any]) -> None:
        """Apply to plain data."""
        for key in self.removed:
            entry.pop(key, None)
        entry.update(self.fields)
        if self.events:
            entry["history"] = [*(entry.get("history") or []), *self.events]


@dataclass
class SectionEdit:
    """What to do to one record section (activities, items, …): entries to change by their
    key (ledger.core.model.record_key), entries to add."""

    changes: dict[str, Change] = field(default_factory=dict)
    added: list[dict[str, Any]] = field(default_factory=list)

    def apply(self, section: str, entries: MutableSequence[Any]) -> None:
        """Apply to a section's plain entries."""
        for entry in entries:
            key = record_key(section, entry) if isinstance(entry, MutableMapping) else None
            if key is not None and key in self.changes:
                self.changes[key].apply(entry)
        entries.extend(dict(values) for values in self.added)


@dataclass(frozen=True)
class Amendment:
    """Leave to change figures already published: the day, who, and why. The publication
    keeps its old figures in its history."""

    on: date
    reason: str
    by: str | None = None


@dataclass
class Edit:
    """A whole write: changes to existing findings by id, new findings to append, and
    changes to the record sections."""

    changes: dict[str, Change] = field(default_factory=dict)
    added: list[dict[str, Any]] = field(default_factory=list)
    sections: dict[str, SectionEdit] = field(default_factory=dict)
    amend: Amendment | None = None  # leave to change published figures


@dataclass(frozen=True)
class FieldChange:
    """One field a command changed, from what to what: what the CLI reports back."""

    field: str
    old: Any
    new: Any
