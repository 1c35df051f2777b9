"""Write the spreadsheet fixtures in tests/fixtures/, as real offices' sheets look:
python scripts/make_sheets.py

- 整改台账-500.xlsx: a merged title row and a merged "填报单位" row above the headers,
  500 findings with dates typed five ways (date cells, 2020/5/31, 2020.5.31,
  2020年5月31日, 5月31日), status words, blank rows between groups, a column the tool does
  not know (联系电话), and a totals row at the bottom. expected-500.json holds the counts
  as this script made them.
- 整改台账-gb18030.csv: what Excel on a Chinese Windows saves as CSV.
- bad-rows.xlsx: four rows with problems among good ones.
"""

import csv
import io
import json
import random
import sys
from datetime import date, timedelta
from pathlib import Path

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.make_samples import CATALOGUE, GROUPS, SURNAMES, draw_problem  # noqa: E402

FOLDER = ROOT / "tests" / "fixtures"
HEADERS = ["序号", "存在问题", "所在街道", "责任单位", "责任人", "整改措施", "整改时限", "是否整改"]
HEADERS += ["整改完成时间", "检查时间", "领域", "隐患等级", "备注", "联系电话", "督导组"]
FIXED_WORDS = ["已整改", "整改完成", "完成", "是"]
OPEN_WORDS = ["未整改", "整改中", "否", ""]


def typed(day: date, how: int) -> object:
    """A date as clerks type it: five ways."""
    return [day, f"{day.year}/{day.month}/{day.day}", f"{day.year}.{day.month}.{day.day}",
            f"{day.year}年{day.month}月{day.day}日", f"{day.month}月{day.day}日"][how]  # fmt: skip


def findings(rng: random.Random, count: int) -> tuple[list[list[object]], dict[str, int]]:
    rows: list[list[object]] = []
    counts = {"found": 0, "fixed": 0, "verified": 0, "open": 0}
    seen: set[str] = set()
    start = date(2020, 4, 1)
    while len(rows) < count:
        area = rng.choice(list(CATALOGUE))
        problem = draw_problem(rng, area)
        if problem.title in seen:
            continue
        seen.add(problem.title)
        found = start + timedelta(days=rng.randint(0, 150))
        deadline = found + timedelta(days=rng.choice([15, 30, 45]))
        state = rng.choices(["fixed", "verified", "open"], [6, 2, 2])[0]
        fixed_on = found + timedelta(days=rng.randint(3, 40)) if state != "open" else None
        word = (
            rng.choice(FIXED_WORDS)
            if state == "fixed"
            else ("已销号" if state == "verified" else rng.choice(OPEN_WORDS))
        )
        counts["found"] += 1
        counts["fixed" if state != "open" else "open"] += 1
        counts["verified"] += state == "verified"
        how = len(rows) % 5
        rows.append([
            len(rows) + 1, problem.title, problem.location, problem.owner(rng), f"{rng.choice(SURNAMES)}某",
            problem.measure, typed(deadline, how), word, typed(fixed_on, (how + 1) % 5) if fixed_on else None,
            typed(found, (how + 2) % 5), area, "一般", problem.fix_note if state != "open" else None,
            f"138{rng.randint(10000000, 99999999)}", rng.choice(GROUPS),
        ])  # fmt: skip
    return rows, counts


def sheet_500() -> None:
    rng = random.Random(500)
    rows, counts = findings(rng, 500)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "整改台账"
    sheet.append(["秦淮区安全生产专项整治问题整改台账"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    sheet.append(
        [
            "填报单位：区政协秘书处",
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            "填报日期：2020年9月30日",
        ]
    )
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=10)
    sheet.append(HEADERS)
    for number, row in enumerate(rows, start=1):
        sheet.append(row)
        if number % 100 == 0:
            sheet.append([])  # a blank row between groups
    sheet.append(
        ["合计", f"共{len(rows)}处", None, None, None, None, None, f"已整改{counts['fixed']}处"]
    )
    for cell in sheet["G"] + sheet["I"] + sheet["J"]:
        if isinstance(cell.value, date):
            cell.number_format = "yyyy/m/d"
    book.save(FOLDER / "整改台账-500.xlsx")
    expected = {**counts, "rows": len(rows), "blank_rows": len(rows) // 100, "totals_rows": 1}
    (FOLDER / "expected-500.json").write_text(
        json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


def csv_gb18030() -> None:
    rng = random.Random(18030)
    rows, _ = findings(rng, 20)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow(
            [c.isoformat() if isinstance(c, date) else ("" if c is None else c) for c in row]
        )
    (FOLDER / "整改台账-gb18030.csv").write_bytes(out.getvalue().encode("gb18030"))


def bad_rows() -> None:
    rng = random.Random(4)
    rows, _ = findings(rng, 8)
    rows[1][6] = "下个月"  # row 3: a deadline that is no date
    rows[3][7] = "差不多"  # row 5: no status word
    rows[4][3] = None  # row 6: no owner
    rows[6][7], rows[6][8] = "已整改", None  # row 8: rectified, but when?
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    book.save(FOLDER / "bad-rows.xlsx")


def main() -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    sheet_500()
    csv_gb18030()
    bad_rows()
    print(f"wrote the fixtures in {FOLDER}")


if __name__ == "__main__":
    main()
