"""A campaign's plan as printed: the deliverable a unit owes, and the campaign's stage (its
phase and the next deliverable), for `due`, `deliverable list`, `summary` and `report`."""

from datetime import date
from typing import Any

from ledger.core.i18n import text
from ledger.core.papers import Owed
from ledger.output.tables import visible


def owed_line(debt: Owed, day: date, lang: str) -> str:
    deliverable = debt.deliverable
    key = "owed_overdue" if debt.overdue else "owed_due"
    days = (day - deliverable["due"]).days
    return text(key, lang, what=deliverable["what"], id=deliverable["id"],
                due=deliverable["due"].isoformat(), days=days)  # fmt: skip


def stage_line(stage: Any, day: date, lang: str) -> str:
    """Where a campaign stands in its plan: its phase, and the next deliverable owed."""
    parts = []
    if stage.phase:
        parts.append(text("stage_phase", lang, phase=stage.phase))
    if stage.next_owed is not None:
        parts.append(owed_line(stage.next_owed, day, lang))
    return visible(text("list_separator", lang).join(parts))
