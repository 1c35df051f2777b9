"""Write the nasty spreadsheets of tests/corpus/inputs, as generators and attackers make
them. Run it again only to change them: the files are kept, so that a test reads the very
bytes a clerk once got.

    python tests/corpus/make_inputs.py
"""

import io
import random
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook

INPUTS = Path(__file__).resolve().parent / "inputs"
HEADER = ["序号", "问题描述", "责任单位", "整改措施", "整改时限"]
ROWS = [[n, f"第{n}处楼道堆放杂物", "区房产局", "清理杂物", "2020-05-30"] for n in range(1, 11)]


def workbook_bytes(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_part(xlsx: bytes, name: str, change: object) -> bytes:
    """The workbook with one part (e.g. xl/worksheets/sheet1.xml) changed or removed:
    `change` is the new bytes, a function of the old ones, or None to remove it."""
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == name:
                if change is None:
                    continue
                data = change(data) if callable(change) else change  # type: ignore[assignment]
            target.writestr(item, data)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"


def main() -> None:
    INPUTS.mkdir(exist_ok=True)
    good = workbook_bytes([HEADER, *ROWS])
    files: dict[str, bytes] = {
        # point 1: a <dimension> that claims three rows of eleven
        "stale-dimension.xlsx": with_part(
            good,
            SHEET,
            lambda d: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:E3"/>', d),
        ),
        "random-bytes.xlsx": random.Random(1).randbytes(4096),
        "empty.xlsx": b"",
        "renamed-csv.xlsx": "序号,问题描述\n1,楼道堵塞\n".encode(),
        "truncated-sheet.xlsx": with_part(good, SHEET, lambda d: d[: len(d) // 2]),
        "missing-sheet.xlsx": with_part(good, SHEET, None),
        "bad-character-reference.xlsx": with_part(
            good,
            SHEET,
            lambda d: d.replace(
                b"</sheetData>",
                b"<row r='99'><c r='A99' t='inlineStr'><is><t>&#0;</t></is></c></row></sheetData>",
            ),
        ),
        "entity-bomb.xlsx": with_part(
            good,
            SHEET,
            lambda d: d.replace(
                b"<worksheet",
                b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><worksheet',
                1,
            ),
        ),
        "external-entity.xlsx": with_part(
            good,
            SHEET,
            lambda d: d.replace(
                b"<worksheet",
                b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><worksheet',
                1,
            ),
        ),
        # points 2 and 3: a column headed id, two columns headed 电话
        "tool-and-duplicate-headers.xlsx": workbook_bytes(
            [
                [*HEADER, "id", "电话", "电话"],
                [1, "楼道堵塞", "区房产局", "清理", "2020-05-30", "DM-001", "111", "222"],
                [2, "燃气管老化", "区商务局", "更换", "2020-05-30", "DM-001", "333", "444"],
            ]
        ),
        # a cell of 200,000 characters: past the CSV reader's default field limit
        "huge-cell.csv": (
            "问题描述,责任单位,整改措施,整改时限,备注\n"
            f"楼道堵塞,区房产局,清理,2020-05-30,{'长' * 200_000}\n"
        ).encode(),
        # a title that retitles the terminal, a formula owner, HTML in a measure
        "hostile-cells.csv": (
            "问题描述,责任单位,整改措施,整改时限\n"
            '"楼道\x1b]0;PWNED\x07堵塞\x1b[2J",=1+2,"<img src=x onerror=alert(1)>",2020-05-30\n'
        ).encode(),
    }
    for name, data in files.items():
        (INPUTS / name).write_bytes(data)


if __name__ == "__main__":
    main()
