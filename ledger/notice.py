"""The rectification notice (督促限期整改通知书) to one owner, as Markdown or plain text.

Only the ledger and the notice date shape it, so the same ledger and date always
give the same notice, fit to commit and diff.
"""

from dataclasses import dataclass
from datetime import date

from ledger.counts import deadline_on, state_on
from ledger.i18n import text
from ledger.model import Campaign, Finding

FORMATS = ("md", "txt")


@dataclass(frozen=True)
class Item:
    finding: Finding
    deadline: date
    days_overdue: int


def notice_items(findings: list[Finding], owner: str, day: date) -> list[Item]:
    """The owner's findings open on `day`, by deadline."""
    items = []
    for finding in findings:
        if finding["owner"] == owner and state_on(finding, day) == "open":
            deadline = deadline_on(finding, day)
            items.append(Item(finding, deadline, max(0, (day - deadline).days)))
    return sorted(items, key=lambda item: (item.deadline, item.finding["id"]))


def _day(day: date, lang: str) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if lang == "zh" else day.isoformat()


def notice(
    campaign: Campaign, owner: str, items: list[Item], day: date, lang: str, fmt: str
) -> str:
    """The notice's text in Markdown (`md`) or plain text (`txt`)."""
    sender = campaign.get("organiser") or campaign["title"]
    values = {
        "owner": owner,
        "title": campaign["title"],
        "campaign": campaign["id"],
        "day": _day(day, lang),
        "count": len(items),
        "sender": sender,
    }
    head = text("notice_title", lang)
    body = text("notice_body", lang, **values)
    columns = [
        text(f"notice_col_{name}", lang)
        for name in ("n", "id", "title", "location", "measure", "deadline", "overdue")
    ]
    rows = [
        [
            str(n),
            i.finding["id"],
            i.finding["title"],
            i.finding.get("location") or "",
            i.finding["measure"],
            i.deadline.isoformat(),
            str(i.days_overdue),
        ]
        for n, i in enumerate(items, start=1)
    ]
    reply_columns = [
        text(f"notice_col_{name}", lang) for name in ("id", "title", "status", "done_on")
    ]
    reply_rows = [[i.finding["id"], i.finding["title"], "", ""] for i in items]
    signature = [sender, _day(day, lang)]
    slip = [text("notice_reply", lang), text("notice_reply_body", lang, sender=sender)]
    stamp = text("notice_stamp", lang)
    colon = text("notice_colon", lang) + ("" if lang == "zh" else " ")
    if fmt == "md":
        return "\n".join(
            [f"# {head}", "", f"**{owner}**{text('notice_colon', lang)}", "", body, "", *_md_table(columns, rows), "",
             signature[0], "", signature[1], "", "---", "", f"## {slip[0]}", "", slip[1], "", *_md_table(reply_columns, reply_rows), "", stamp, ""]
        )  # fmt: skip
    return "\n".join(
        [head, "", f"{owner}{text('notice_colon', lang)}", "", body, "", *_txt_items(columns, rows, colon), "",
         *signature, "", "-" * 40, "", slip[0], "", slip[1], "", *_txt_items(reply_columns, reply_rows, colon), "", stamp, ""]
    )  # fmt: skip


def _md_table(columns: list[str], rows: list[list[str]]) -> list[str]:
    def line(cells: list[str]) -> str:
        return (
            "| " + " | ".join(cell.replace("|", "\\|").replace("\n", " ") for cell in cells) + " |"
        )

    return [line(columns), "|" + "---|" * len(columns), *(line(row) for row in rows)]


def _txt_items(columns: list[str], rows: list[list[str]], colon: str) -> list[str]:
    """Each row as a block of `column: value` lines: plain text has no table to keep aligned."""
    blocks = []
    for row in rows:
        blocks += [f"{column}{colon}{value}" for column, value in zip(columns, row, strict=True)]
        blocks.append("")
    return blocks[:-1]
