"""The rectification notice laid out: Markdown, plain text, or the Word document an
office prints, stamps and sends. What it says is ledger.views.notice's.
"""

import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ledger.core.i18n import text
from ledger.output.tables import markdown_table, md_text, visible

FORMATS = ("md", "txt", "docx")


@dataclass(frozen=True)
class Parts:
    """The notice's pieces, in whichever language, for any format to lay out."""

    head: str
    owner: str
    colon: str
    body: str
    columns: list[str]
    rows: list[list[str]]
    signature: list[str]
    slip: list[str]
    reply_columns: list[str]
    reply_rows: list[list[str]]
    stamp: str
    number: str = ""  # the document number, once issued (秦政协督〔2020〕3号)


def shown(p: Parts) -> Parts:
    """The notice with every control or invisible character of the ledger's text made
    visible: a terminal, a text file and a Word document all get it safely."""

    def fix(value: Any) -> Any:
        if isinstance(value, str):
            return visible(value)
        if isinstance(value, list):
            return [fix(item) for item in value]
        return value

    return Parts(**{name: fix(value) for name, value in vars(p).items()})


def notice_text(p: Parts, fmt: str, lang: str) -> str:
    """The notice in Markdown (`md`) or plain text (`txt`)."""
    if fmt == "md":
        m = md_text
        return "\n".join(
            [f"# {m(p.head)}", "", *([m(p.number), ""] if p.number else []),
             f"**{m(p.owner)}**{p.colon}", "", m(p.body), "",
             *markdown_table(p.columns, p.rows), "", m(p.signature[0]), "", m(p.signature[1]), "",
             "---", "", f"## {m(p.slip[0])}", "", m(p.slip[1]), "",
             *markdown_table(p.reply_columns, p.reply_rows), "", p.stamp, ""]
        )  # fmt: skip
    colon = text("notice_colon", lang) + ("" if lang == "zh" else " ")
    return "\n".join(
        [p.head, "", *([p.number, ""] if p.number else []), p.owner + p.colon, "", p.body, "",
         *_txt_items(p.columns, p.rows, colon), "",
         *p.signature, "", "-" * 40, "", p.slip[0], "", p.slip[1], "",
         *_txt_items(p.reply_columns, p.reply_rows, colon), "", p.stamp, ""]
    )  # fmt: skip


def notice_docx(p: Parts, day: date) -> bytes:
    """The notice as a Word document, as the office prints and stamps it: A4, a title, the
    table, the reply slip. Byte for byte the same for the same ledger and date."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.2))
    style = document.styles["Normal"]
    style.font.size = Pt(11)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")

    def paragraph(words: str, size: int = 11, bold: bool = False, align: Any = None) -> None:
        para = document.add_paragraph()
        run = para.add_run(words)
        run.font.size, run.bold = Pt(size), bold
        if align is not None:
            para.alignment = align

    def table(columns: list[str], rows: list[list[str]]) -> None:
        grid = document.add_table(rows=1, cols=len(columns))
        grid.style = "Table Grid"
        for cell, name in zip(grid.rows[0].cells, columns, strict=True):
            cell.text = name
            cell.paragraphs[0].runs[0].bold = True
        for row in rows:
            for cell, value in zip(grid.add_row().cells, row, strict=True):
                cell.text = value

    paragraph(p.head, 18, True, WD_ALIGN_PARAGRAPH.CENTER)
    if p.number:
        paragraph(p.number, align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph(p.owner + p.colon, bold=True)
    paragraph(p.body)
    table(p.columns, p.rows)
    for line in p.signature:
        paragraph(line, align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph("- " * 40, align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph(p.slip[0], 14, True, WD_ALIGN_PARAGRAPH.CENTER)
    paragraph(p.slip[1])
    table(p.reply_columns, p.reply_rows)
    paragraph("")
    paragraph(p.stamp)
    moment = datetime(day.year, day.month, day.day)
    properties = document.core_properties
    properties.created = properties.modified = properties.last_printed = moment
    properties.title, properties.author, properties.revision = p.head, p.signature[0], 1
    buffer = io.BytesIO()
    document.save(buffer)
    return _stable_zip(buffer.getvalue(), moment)


def _stable_zip(content: bytes, moment: datetime) -> bytes:
    """The same zip with every member dated `moment`: saving stamps the time of day."""
    stamp = max(
        (moment.year, moment.month, moment.day, 0, 0, 0), (1980, 1, 1, 0, 0, 0)
    )  # zip's epoch
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(member.filename))
    return out.getvalue()


def _txt_items(columns: list[str], rows: list[list[str]], colon: str) -> list[str]:
    """Each row as a block of `column: value` lines: plain text has no table to keep aligned."""
    blocks = []
    for row in rows:
        blocks += [f"{column}{colon}{value}" for column, value in zip(columns, row, strict=True)]
        blocks.append("")
    return blocks[:-1]


def notice_bytes(p: Parts, fmt: str, day: date, lang: str) -> bytes:
    """The notice as the file `fmt` names: md, txt or docx."""
    if fmt == "docx":
        return notice_docx(p, day)
    return notice_text(p, fmt, lang).encode("utf-8")
