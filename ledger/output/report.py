"""A report written out: JSON for scripts, CSV for spreadsheets, Markdown, and a
self-contained HTML page with an SVG chart (no scripts, no network, prints on A4).

The terminal form is ledger.output.terminal's; every form shows the same Report, and
each is one function here: a new format is one more.
"""

import io
import json
from collections.abc import Callable
from dataclasses import asdict, fields
from html import escape
from typing import Any

from rich.console import Console
from rich.text import Text

from ledger.core.counts import Flow, Tally, rate_text
from ledger.core.i18n import text
from ledger.core.report import CampaignReport, Line, OwnerLine, Report, headline
from ledger.output.plan import stage_line
from ledger.output.rollup import stamp_text
from ledger.output.tables import (
    aligned,
    column_widths,
    csv_text,
    html_table,
    markdown_table,
    md_text,
    numeric_columns,
    visible,
)
from ledger.output.terminal import PIPED_WIDTH, console


def stamp(report: Report, lang: str) -> str:
    as_of = report.period.end.isoformat()
    if report.sources:
        shown = [stamp_text(s, lang) for s in report.sources]
        return text("report_stamp_sources", lang, as_of=as_of,
                    sources=text("list_separator", lang).join(shown))  # fmt: skip
    if report.snapshot is None:
        return text("report_stamp_plain", lang, as_of=as_of)
    dirty = text("report_stamp_dirty", lang) if report.snapshot.dirty else ""
    return text(
        "report_stamp_git", lang, as_of=as_of, commit=report.snapshot.commit[:12], dirty=dirty
    )


def title_of(report: Report, lang: str) -> str:
    name = report.campaigns[0].title if len(report.campaigns) == 1 else text("report_all", lang)
    return visible(text("report_title", lang, title=name, period=report.period.label))


def period_line(report: Report, c: CampaignReport | None, lang: str) -> str:
    moved = c.flow if c else report.flow
    record = c.record if c else report.record
    return text(
        "report_period_line",
        lang,
        period=report.period.label,
        **{k: v for k, v in asdict(moved).items() if k not in ("reopened", "dropped_fixed")},
        activities=record.activities_in_period,
        participations=record.participations_in_period,
    )


def standing_line(report: Report, tally: Tally, lang: str) -> str:
    values = {f.name: getattr(tally, f.name) for f in fields(Tally)}
    values.update(open=tally.open, rate=rate_text(tally), as_of=report.period.end.isoformat())
    return text("report_standing", lang, **values)


def reconcile_line(report: Report, lang: str) -> str:
    """How the period's flows take the figures from its start to its end, stated in words
    where a flow is not zero: found at the end = at the start + found − dropped; fixed at the
    end = at the start + fixed − reopened − dropped after rectification."""
    moved, start, end = report.flow, report.before, report.tally
    found = [("flow_found", moved.found), ("flow_dropped", moved.dropped)]
    fixed = [
        ("flow_fixed", moved.fixed),
        ("flow_reopened", moved.reopened),
        ("flow_dropped_fixed", moved.dropped_fixed),
    ]

    def flows(parts: list[tuple[str, int]]) -> str:
        said = [text(key, lang, n=n) for key, n in parts if n]
        if not said:
            return ""
        return text("flows", lang, flows=text("flows_joiner", lang).join(said))

    return text(
        "report_reconcile",
        lang,
        found=text("reconcile_found", lang, start=start.found, flows=flows(found), end=end.found),
        fixed=text("reconcile_fixed", lang, start=start.fixed, flows=flows(fixed), end=end.fixed),
    )


def headline_of(c: CampaignReport, lang: str | None) -> str:
    """In the language asked for, else the campaign's own, else Chinese."""
    return visible(headline(c.record, c.tally, lang or c.language or "zh"))


def change(now: int, before: int) -> str:
    difference = now - before
    return f"+{difference}" if difference > 0 else ("0" if not difference else f"−{-difference}")


# --- JSON ---------------------------------------------------------------------


def _line(line: Line) -> dict[str, Any]:
    return {"key": line.key, "period": asdict(line.flow), **line.tally.as_dict()}


def _owner(line: OwnerLine) -> dict[str, Any]:
    return {"owner": line.owner, "period": asdict(line.now), "previous": asdict(line.before)}


def report_json(report: Report, lang: str | None) -> dict[str, Any]:
    """Stable fields, described by schemas/report.schema.json."""
    campaigns = []
    for c in report.campaigns:
        campaigns.append(
            {
                "campaign": c.campaign,
                "title": c.title,
                "headline": headline_of(c, lang),
                "period": asdict(c.flow),
                "start": c.before.as_dict(),
                "standing": c.tally.as_dict(),
                "record": asdict(c.record),
                "by": {
                    name: [_line(line) for line in lines] for name, lines in c.breakdowns.items()
                },
                "owners": [_owner(line) for line in c.owners],
                "overdue": [
                    {**asdict(line), "deadline": line.deadline.isoformat()} for line in c.overdue
                ],
            }
        )
    snap = report.snapshot
    return {
        "period": {
            "from": report.period.start.isoformat(),
            "to": report.period.end.isoformat(),
            "label": report.period.label,
        },
        "as_of": report.period.end.isoformat(),
        "source": {"commit": snap.commit if snap else None, "dirty": snap.dirty if snap else None},
        "sources": [asdict(s) for s in report.sources],
        "districts": [
            {"district": name, "period": asdict(moved), "standing": tally.as_dict()}
            for name, moved, tally in report.districts
        ],
        "campaigns": campaigns,
        "total": {
            "period": asdict(report.flow),
            "start": report.before.as_dict(),
            "standing": report.tally.as_dict(),
            "record": asdict(report.record),
        },
        "owners": [_owner(line) for line in report.owners],
        "trend": [{"month": month, **tally.as_dict()} for month, tally in report.trend],
    }


def report_json_text(report: Report, lang: str, headline_lang: str | None) -> str:
    """The JSON text; its headlines in `headline_lang`, else each campaign's own language."""
    return json.dumps(report_json(report, headline_lang), ensure_ascii=False, indent=2) + "\n"


# --- CSV ----------------------------------------------------------------------

# The standing at the period's end, as columns: the CSV report and the export's summary sheet.
STANDING_KEYS = (
    "col_found",
    "col_fixed",
    "col_rate",
    "col_open",
    "col_overdue",
    "col_major_open",
    "col_escalated",
)
_CSV_COLUMNS = (
    "col_campaign",
    "col_breakdown",
    "col_key",
    "col_new",
    "col_fixed_in",
    "col_verified",
    "col_dropped",
    *STANDING_KEYS,
)


def _csv_row(campaign: str, breakdown: str, key: str, moved: Flow, tally: Tally) -> list[Any]:
    return [
        campaign,
        breakdown,
        key,
        moved.found,
        moved.fixed,
        moved.verified,
        moved.dropped,
        tally.found,
        tally.fixed,
        rate_text(tally),
        tally.open,
        tally.overdue,
        tally.major_open,
        tally.escalated,
    ]


def report_csv(report: Report, lang: str, headline_lang: str | None = None) -> str:
    """One header row, then one row per campaign total and per breakdown line."""
    rows = [[text(key, lang) for key in _CSV_COLUMNS]]
    total = text("breakdown_total", lang)
    for c in report.campaigns:
        rows.append(_csv_row(c.campaign, total, "", c.flow, c.tally))
        for name, lines in c.breakdowns.items():
            label = text(f"breakdown_{name}", lang)
            rows += [_csv_row(c.campaign, label, line.key, line.flow, line.tally) for line in lines]
    if len(report.campaigns) > 1:
        rows.append(_csv_row(text("total", lang), total, "", report.flow, report.tally))
    return csv_text(rows)


# --- tables shared by every format -------------------------------------------------


FIGURE_KEYS = (
    "col_new",
    "col_fixed_in",
    "col_found",
    "col_fixed",
    "col_rate",
    "col_open",
    "col_overdue",
)


def figures_row(name: str, moved: Flow, tally: Tally) -> list[str]:
    """A line of a table of figures: found and fixed in the period, then the standing."""
    return [
        name,
        str(moved.found),
        str(moved.fixed),
        str(tally.found),
        str(tally.fixed),
        rate_text(tally),
        str(tally.open),
        str(tally.overdue),
    ]


def breakdown_table(
    c: CampaignReport, lines: list[Line], first: str, lang: str
) -> tuple[list[str], list[list[str]]]:
    """A breakdown with a line for findings without a value and a total that its lines add
    up to; lines with nothing to show (findings dropped before the period) are left out."""
    header = [first, *(text(key, lang) for key in FIGURE_KEYS)]
    rows = [
        figures_row(line.key or text("none", lang), line.flow, line.tally)
        for line in lines
        if _shows(line)
    ]
    rows.append(figures_row(text("total", lang), c.flow, c.tally))
    return header, rows


def _shows(line: Line) -> bool:
    """Whether the line has a figure other than zero in the table's columns."""
    return bool(line.flow.found or line.flow.fixed or line.tally.found or line.tally.fixed)


def owners_table(lines: list[OwnerLine], lang: str) -> tuple[list[str], list[list[str]]]:
    keys = (
        "col_owner",
        "col_new",
        "col_fixed_in",
        "col_verified",
        "col_newly_overdue",
        "col_open",
        "col_open_change",
        "col_overdue",
        "col_overdue_change",
    )
    rows = [
        [
            line.owner,
            str(line.now.new),
            str(line.now.fixed),
            str(line.now.verified),
            str(line.now.newly_overdue),
            str(line.now.open),
            change(line.now.open, line.before.open),
            str(line.now.overdue),
            change(line.now.overdue, line.before.overdue),
        ]
        for line in lines
    ]
    return [text(key, lang) for key in keys], rows


def overdue_table(c: CampaignReport, lang: str) -> tuple[list[str], list[list[str]]]:
    keys = ("col_id", "col_problem", "col_owner", "col_deadline", "col_days_overdue")
    rows = [
        [line.id, line.title, line.owner, line.deadline.isoformat(), str(line.days)]
        for line in c.overdue
    ]
    return [text(key, lang) for key in keys], rows


def trend_table(report: Report, lang: str) -> tuple[list[str], list[list[str]]]:
    keys = ("col_month", "col_found", "col_fixed", "col_rate", "col_open", "col_overdue")
    rows = [
        [month, str(t.found), str(t.fixed), rate_text(t), str(t.open), str(t.overdue)]
        for month, t in report.trend
    ]
    return [text(key, lang) for key in keys], rows


def campaigns_table(report: Report, lang: str) -> tuple[list[str], list[list[str]]]:
    header = [text("col_campaign", lang), *(text(key, lang) for key in FIGURE_KEYS)]
    return header, [figures_row(c.campaign, c.flow, c.tally) for c in report.campaigns]


def districts_table(report: Report, lang: str) -> tuple[list[str], list[list[str]]]:
    header = [text("col_district", lang), *(text(key, lang) for key in FIGURE_KEYS)]
    return header, [figures_row(name, moved, tally) for name, moved, tally in report.districts]


def sections(report: Report, lang: str) -> list[tuple[str, list[str], list[list[str]]]]:
    """(heading, header, rows) for every table of the report, in order."""
    result = []
    if report.districts:
        result.append((text("by_district", lang), *districts_table(report, lang)))
    if len(report.campaigns) > 1:
        result.append((text("h_campaigns", lang), *campaigns_table(report, lang)))
    for c in report.campaigns:
        prefix = f"{c.title} · " if len(report.campaigns) > 1 else ""
        for name, lines in c.breakdowns.items():
            header, rows = breakdown_table(c, lines, text(f"col_{name}", lang), lang)
            result.append((prefix + text(f"h_{name}", lang), header, rows))
        if c.overdue:
            result.append((prefix + text("h_overdue", lang), *overdue_table(c, lang)))
    result.append((text("h_owners_month", lang), *owners_table(report.owners, lang)))
    if report.trend:
        result.append((text("h_trend", lang), *trend_table(report, lang)))
    return [  # every cell of the user's own text made visible, for every format
        (visible(heading), header, [[visible(cell) for cell in row] for row in rows])
        for heading, header, rows in result
    ]


def paragraphs(report: Report, lang: str, headline_lang: str | None) -> list[str]:
    """The report's sentences: each campaign's headline, the period, the standing."""
    result = [headline_of(c, headline_lang) for c in report.campaigns]
    if len(report.campaigns) > 1:
        result = [
            visible(
                text("headline_of", headline_lang or c.language or "zh", title=c.title, text=line)
            )
            for c, line in zip(report.campaigns, result, strict=True)
        ]
    result += [
        stage_line(c.stage, report.period.end, lang)
        if len(report.campaigns) == 1
        else text(
            "headline_of", lang, title=c.title, text=stage_line(c.stage, report.period.end, lang)
        )
        for c in report.campaigns
        if c.stage is not None
    ]
    result.append(period_line(report, None, lang))
    result.append(standing_line(report, report.tally, lang))
    result.append(reconcile_line(report, lang))
    if not any(c.overdue for c in report.campaigns):
        result.append(text("report_nothing_overdue", lang))
    return result


# --- Markdown -------------------------------------------------------------------


def report_markdown(report: Report, lang: str, headline_lang: str | None) -> str:
    out = [f"# {md_text(title_of(report, lang))}", "", f"*{stamp(report, lang)}*", ""]
    for paragraph in paragraphs(report, lang, headline_lang):
        out += [md_text(paragraph), ""]
    for heading, header, rows in sections(report, lang):
        out += [f"## {md_text(heading)}", ""]
        out += markdown_table(header, rows, numeric_columns(header, rows))
        out.append("")
    return "\n".join(out)


# --- HTML -----------------------------------------------------------------------

_STYLE = """
@page { size: A4; margin: 16mm 14mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif;
       color: #222; max-width: 180mm; margin: 0 auto; line-height: 1.5; font-size: 10.5pt; }
h1 { font-size: 16pt; margin-bottom: 0; }
h2 { font-size: 12pt; margin: 1.4em 0 0.4em; border-bottom: 1px solid #999; }
p.stamp { color: #666; font-size: 9pt; margin-top: 0.2em; }
p.headline { font-weight: bold; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; page-break-inside: auto; }
tr { page-break-inside: avoid; }
th, td { border: 1px solid #bbb; padding: 2px 6px; }
th { background: #eee; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 0.8em 0; page-break-inside: avoid; }
svg text { font-size: 10px; fill: #333; }
"""


def report_html(report: Report, lang: str, headline_lang: str | None) -> str:
    """One self-contained page: no scripts, no fonts or images fetched."""
    title = escape(title_of(report, lang))
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">',
        f"<title>{title}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{title}</h1>",
        f'<p class="stamp">{escape(stamp(report, lang))}</p>',
    ]
    sentences = paragraphs(report, lang, headline_lang)
    headlines = len(report.campaigns)
    parts += [f'<p class="headline">{escape(s)}</p>' for s in sentences[:headlines]]
    parts += [f"<p>{escape(s)}</p>" for s in sentences[headlines:]]
    if report.trend:
        parts.append(f"<figure>{trend_svg(report.trend, lang)}</figure>")
    for heading, header, rows in sections(report, lang):
        parts.append(f"<h2>{escape(heading)}</h2>{html_table(header, rows)}")
    parts.append("</body></html>\n")
    return "\n".join(parts)


def axis_step(peak: int) -> int:
    """A round step (1, 2 or 5 times a power of ten) giving the axis four or five lines."""
    step = 1
    while step * 5 < peak:
        for factor in (2, 5 / 2, 2):
            step = int(step * factor)
            if step * 5 >= peak:
                break
    return step


def trend_svg(trend: list[tuple[str, Tally]], lang: str) -> str:
    """Found and fixed as lines and open as bars, at each month's end."""
    width, height = 640, 280
    left, right, top, bottom = 48, 16, 36, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    tick = axis_step(max((t.found for _, t in trend), default=0))
    peak = tick * max(1, -(-max((t.found for _, t in trend), default=0) // tick))
    step = plot_w / len(trend)

    def x(i: int) -> float:
        return left + step * (i + 0.5)

    def y(value: int) -> float:
        return top + plot_h * (1 - value / peak)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(text("chart_title", lang))}">',
        f'<text x="{left}" y="16" style="font-size:12px;font-weight:bold">'
        f"{escape(text('chart_title', lang))}</text>",
    ]
    for value in range(0, peak + 1, tick):
        out.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            f'stroke="#ddd"/><text x="{left - 6}" y="{y(value) + 3:.1f}" text-anchor="end">{value}</text>'
        )
    bar = max(step * 0.5, 2)
    for i, (month, t) in enumerate(trend):
        out.append(
            f'<rect x="{x(i) - bar / 2:.1f}" y="{y(t.open):.1f}" width="{bar:.1f}" '
            f'height="{y(0) - y(t.open):.1f}" fill="#e8a0a0"><title>{month}: {t.open}</title></rect>'
        )
        out.append(
            f'<text x="{x(i):.1f}" y="{height - bottom + 16}" text-anchor="middle">{month}</text>'
        )
    for colour, values in (
        ("#1f5fa8", [t.found for _, t in trend]),
        ("#2e8b57", [t.fixed for _, t in trend]),
    ):
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
        out.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
        out += [
            f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="2.5" fill="{colour}"/>'
            for i, v in enumerate(values)
        ]
    legend = (("col_found", "#1f5fa8"), ("col_fixed", "#2e8b57"), ("col_open", "#e8a0a0"))
    for n, (key, colour) in enumerate(legend):
        lx = left + 8 + n * 110
        out.append(
            f'<rect x="{lx}" y="{height - 14}" width="12" height="8" fill="{colour}"/>'
            f'<text x="{lx + 16}" y="{height - 6}">{escape(text(key, lang))}</text>'
        )
    out.append("</svg>")
    return "".join(out)


# --- the terminal -------------------------------------------------------------------

TREND_BAR = 40


def report_text(report: Report, lang: str, headline_lang: str | None) -> str:
    """The terminal report as plain text, for a file."""
    buffer = io.StringIO()
    out = Console(
        file=buffer, width=PIPED_WIDTH, no_color=True, highlight=False, markup=False, emoji=False
    )
    print_report(report, lang, headline_lang, out)
    return buffer.getvalue()


def print_report(
    report: Report, lang: str, headline_lang: str | None, out: Console | None = None
) -> None:
    """The report at the terminal: its sentences, the trend as bars, then its tables."""
    out = out or console()
    out.print(Text(title_of(report, lang), style="bold"))
    out.print(Text(stamp(report, lang), style="dim"))
    for paragraph in paragraphs(report, lang, headline_lang):
        out.print()
        out.print(paragraph)
    if report.trend:
        out.print()
        out.print(Text(text("chart_title", lang), style="bold"))
        print_trend(out, report.trend, lang)
    for heading, header, rows in sections(report, lang):
        out.print()
        out.print(Text(heading, style="bold"))
        print_columns(out, header, rows)


def print_columns(out: Console, header: list[str], rows: list[list[str]]) -> None:
    """A table as aligned columns, figures right-aligned.

    A rich Table costs a second per thousand rows; a report's overdue list can be long.
    """
    numeric = numeric_columns(header, rows)
    widths = column_widths([header, *rows])
    out.print(Text(aligned(header, widths, numeric), style="bold"))
    if rows:  # one print for the body: rich's cost is per call, not per line
        out.print(Text("\n".join(aligned(row, widths, numeric) for row in rows)))


def print_trend(out: Console, trend: list[tuple[str, Tally]], lang: str) -> None:
    """A bar a month: its length is found, green for fixed, red for open."""
    peak = max(t.found for _, t in trend) or 1
    for month, t in trend:
        fixed = round(TREND_BAR * t.fixed / peak)
        still_open = round(TREND_BAR * t.found / peak) - fixed
        line = Text(f"{month}  ")
        line.append("█" * fixed, style="green")
        line.append("█" * still_open, style="red")
        line.append(" " * (TREND_BAR - fixed - still_open))
        figures = text("trend_figures", lang, found=t.found, fixed=t.fixed, open=t.open)
        line.append(f"  {figures}")
        out.print(line)


# Each format of a report: one function, (report, lang, headline_lang) -> text.
RENDERERS: dict[str, Callable[[Report, str, str | None], str]] = {
    "text": report_text,
    "md": report_markdown,
    "html": report_html,
    "json": report_json_text,
    "csv": report_csv,
}
FORMATS = tuple(RENDERERS)
