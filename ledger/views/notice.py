"""The rectification notice (督促限期整改通知书) to one owner: which findings it names, and
what it says (ledger.output.notice lays it out as Markdown, plain text or Word).

Only the ledger and the notice date shape it, so the same ledger and date always
give the same notice, fit to commit and diff.
"""

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from ledger.core.errors import NotFoundError
from ledger.core.i18n import text
from ledger.core.model import Campaign, Finding
from ledger.core.registry import match_owner
from ledger.core.standing import Standing, open_findings, standing
from ledger.output.notice import Parts, shown
from ledger.storage.store import load


@dataclass(frozen=True)
class Item:
    finding: Finding
    standing: Standing

    @property
    def days_overdue(self) -> int:
        return max(0, -(self.standing.days_left or 0))


def notice_items(findings: list[Finding], owner: str, day: date) -> list[Item]:
    """The findings open at the end of `day` whose owner then was `owner`, by deadline."""
    return [Item(finding, st) for finding, st in open_findings(findings, owner, day)]


def _day(day: date, lang: str) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if lang == "zh" else day.isoformat()


def parts(campaign: Campaign, owner: str, items: list[Item], day: date, lang: str) -> Parts:
    """What the notice says."""
    sender = campaign.get("organiser") or campaign["title"]
    values = {
        "owner": owner,
        "title": campaign["title"],
        "campaign": campaign["id"],
        "day": _day(day, lang),
        "count": len(items),
        "sender": sender,
    }
    columns = [
        text(f"notice_col_{name}", lang)
        for name in ("n", "id", "title", "location", "measure", "deadline", "overdue")
    ]
    rows = [
        [str(n), i.finding["id"], i.standing.values["title"], i.standing.values["location"] or "",
         i.standing.values["measure"], i.standing.deadline.isoformat(), str(i.days_overdue)]
        for n, i in enumerate(items, start=1)
    ]  # fmt: skip
    return shown(
        Parts(
            head=text("notice_title", lang),
            owner=owner,
            colon=text("notice_colon", lang),
            body=text("notice_body", lang, **values),
            columns=columns,
            rows=rows,
            signature=[sender, _day(day, lang)],
            slip=[text("notice_reply", lang), text("notice_reply_body", lang, sender=sender)],
            reply_columns=[
                text(f"notice_col_{n}", lang) for n in ("id", "title", "status", "done_on")
            ],
            reply_rows=[[i.finding["id"], i.standing.values["title"], "", ""] for i in items],
            stamp=text("notice_stamp", lang),
        )
    )


def notice(
    path: Path, owner: str, day: date, lang: str, document: dict[str, Any] | None = None
) -> Parts:
    """The notice to `owner` from the ledger at `path`, as of `day`; NotFoundError when the
    owner has nothing open. Issued (`document`), it carries its number and reply-by day."""
    lf = load(path)
    standings = [st for f in lf.findings if (st := standing(f, day)) is not None]
    known = sorted({st.owner for st in standings} | set(lf.campaign.get("owners") or []))
    owner = match_owner(owner, known)
    items = notice_items(lf.findings, owner, day)
    if not items:
        with_open = tuple(sorted({st.owner for st in standings if st.is_open})) or ("—",)
        raise NotFoundError("notice_nothing", owner=owner, day=day.isoformat(), owners=with_open)
    said = parts(lf.campaign, owner, items, day, lang)
    if document is None:
        return said
    slip = said.slip
    if document.get("reply_by"):
        reply_by = _day(document["reply_by"], lang)
        sender = lf.campaign.get("organiser") or lf.campaign["title"]
        slip = [slip[0], text("notice_reply_body_by", lang, day=reply_by, sender=sender)]
    return shown(replace(said, number=document["number"], slip=slip))
