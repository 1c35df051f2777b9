"""JSON for scripts: stable field names, UTF-8 with Chinese as is, dates as 2020-05-31,
no colour. Private mappings only when asked for."""

import json
import sys
from collections.abc import Iterable
from datetime import date
from typing import Any

from ledger.core.counts import Summary, Tally
from ledger.core.errors import Problem
from ledger.core.i18n import text
from ledger.core.model import FINDING_KEYS, Finding, without_private
from ledger.core.standing import Row, Standing


def print_json(data: Any) -> None:
    """JSON, UTF-8 as is; a list is written one item a line (quick for thousands of findings)."""
    if isinstance(data, list):
        items = [json.dumps(item, ensure_ascii=False, default=json_default) for item in data]
        sys.stdout.write("[\n" + ",\n".join(items) + "\n]\n" if items else "[]\n")
    else:
        sys.stdout.write(json_text(data))


def json_text(data: Any) -> str:
    """Indented JSON text, for a file or standard output."""
    return json.dumps(data, ensure_ascii=False, indent=2, default=json_default) + "\n"


def json_default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def jsonable(value: Any) -> Any:
    """Dates as ISO text, inside lists and mappings too."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [jsonable(item) for item in value]
    if isinstance(value, dict):
        return {key: jsonable(item) for key, item in value.items()}
    return value


def summary_json(summaries: list[Summary], as_of: date) -> dict[str, Any]:
    """Stable fields: as_of, campaigns[] (with by.<breakdown>[]), total."""
    total = sum((s.total for s in summaries), Tally())
    campaigns = []
    for s in summaries:
        by = {
            name: [{"key": key, **t.as_dict()} for key, t in rows]
            for name, rows in s.breakdowns.items()
        }
        campaigns.append({"campaign": s.campaign, "title": s.title, **s.total.as_dict(), "by": by})
    return {"as_of": as_of.isoformat(), "campaigns": campaigns, "total": total.as_dict()}


def finding_json(
    campaign: str, finding: Finding, private: bool = False, st: Standing | None = None
) -> dict[str, Any]:
    """A finding's every key (unknown keys too, after the known ones), plus its campaign,
    and with a standing how it stood that day (`standing`).

    Its `private` mapping (informants, inspectors' notes) only when asked for.
    """
    shown = finding if private else without_private(finding)
    known = {key: shown.get(key) for key in FINDING_KEYS}
    extra = {key: value for key, value in shown.items() if key not in known}
    values = {key: value for key, value in {**known, **extra}.items() if value is not None}
    shaped = {"campaign": campaign, **{key: jsonable(value) for key, value in values.items()}}
    if st is not None:
        shaped["standing"] = standing_json(st)
    return shaped


def standing_json(st: Standing) -> dict[str, Any]:
    """How a finding stood on the day asked about: the fields the history decides."""
    shaped: dict[str, Any] = jsonable(
        {
            "status": st.state,
            "overdue": st.overdue,
            "days_left": st.days_left,
            "deadline": st.deadline,
            "fixed_on": st.fixed_on,
            "fix_note": st.fix_note,
            "escalation": st.escalation,
            "supervisor": st.supervisor,
            "reopened": st.reopened,
            "extended": st.extended,
            **{key: value for key, value in st.values.items() if value is not None},
        }
    )
    return shaped


def rows_json(rows: Iterable[Row], private: bool = False) -> list[dict[str, Any]]:
    return [
        {
            **finding_json(r.campaign, r.finding, private, r.standing),
            "overdue": r.overdue,
            "days_left": r.days_left,
        }
        for r in rows
    ]


def due_json(groups: list[tuple[str, list[Row]]], private: bool = False) -> list[dict[str, Any]]:
    return [{"owner": owner, "findings": rows_json(rows, private)} for owner, rows in groups]


def problems_json(problems: list[Problem], lang: str) -> list[dict[str, Any]]:
    return [
        {
            "file": str(p.path),
            "line": p.line,
            "field": p.field,
            "finding": p.finding,
            "code": p.key,
            "warning": p.warning,
            "message": text(p.key, lang, **p.params),
        }
        for p in problems
    ]


def records_json(rows: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """Activities, items or suggestions; their private mappings, at any depth, left out."""
    return [{"campaign": campaign, **jsonable(without_private(entry))} for campaign, entry in rows]
