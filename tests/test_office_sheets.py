"""Spreadsheets as offices keep them, through the installed `ledger`: a merged title, a
header over two rows with suffixes, merged body cells, serial dates and date-times, 重大
rows without funds or plan, a totals row; as .xlsx, .xls, .ods and GB18030 CSV
(tests/fixtures/office, made by its make_office_sheets.py). And an export that carries
the whole loop: export, import, and the figures of every month-end come back."""

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from ledger.storage.store import load
from tests.helpers import ROOT, SAMPLE_DATA, installed

OFFICE = ROOT / "tests" / "fixtures" / "office"
TODAY = "2022-09-01"


@pytest.fixture
def gas(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    done = installed(data, "init", "gas", "--title", "燃气安全专项整治", "--start", "2022-04-01")
    assert done.returncode == 0, done.stderr
    return data


def zh(data: Path, *args: str) -> tuple[int, str, str]:
    done = installed(data, "--lang", "zh", *args, today=TODAY)
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize(
    "name", ["商务局台账.xlsx", "商务局台账.xls", "商务局台账.ods", "商务局台账-gb18030.csv"]
)
def test_an_office_sheet_imports_as_it_is(gas: Path, name: str) -> None:
    code, out, err = zh(gas, "import", str(OFFICE / name), "-c", "gas")
    assert code == 0, out + err
    assert "已向 gas 导入5个问题（G-001 至 G-005）；跳过1行" in out
    assert "合计行，已跳过" in err
    assert (
        "按以下假定处理：表中没有“发现时间”列：每个问题的发现日期均按专项开始日期 2022-04-01 记录"
        in err
    )
    # two warnings a major row: imported, and named
    assert out.count("提示：重大隐患须写明") == 4
    findings = {f["title"]: f for f in load(gas / "gas.yaml").findings}
    snack = findings["某小吃店燃气软管老化"]
    assert snack["owner"] == "区商务局" and snack["location"] == "夫子庙街道"  # merged cells
    assert snack["deadline"] == date(2022, 6, 1)  # "44713", a serial number as text
    assert snack["status"] == "open" and "fix_note" not in snack
    assert snack["history"][0]["note"] == "店主称下月更换"  # a remark, not a rectification
    restaurant = findings["某餐馆液化气钢瓶未接报警器"]
    assert restaurant["deadline"] == date(2022, 5, 31)  # 44712
    assert (restaurant["fixed_on"], restaurant["fix_note"]) == (date(2022, 5, 20), "店主已自行安装")
    bbq = findings["某烧烤店钢瓶与灶具同室存放"]
    assert bbq["location"] == "秋月街道" and bbq["fixed_on"] == date(2022, 7, 8)  # 是, 44750
    assert findings["某饭店后厨排油烟管道油垢积存"]["deadline"] == date(2022, 6, 30)
    code, out, _ = zh(gas, "check")
    assert code == 1
    assert out.count("重大隐患缺少") == 4  # check names them until funds and plan are in


def test_strict_refuses_the_warnings(gas: Path) -> None:
    before = (gas / "gas.yaml").read_bytes()
    code, _out, err = zh(gas, "import", str(OFFICE / "商务局台账.xlsx"), "-c", "gas", "--strict")
    assert code == 1 and "4处问题，未导入任何内容" in err
    assert (gas / "gas.yaml").read_bytes() == before


def test_the_preview_always_shows_and_holds_the_totals_row_against_what_it_read(
    gas: Path,
) -> None:
    code, out, _ = zh(gas, "import", str(OFFICE / "商务局台账.xlsx"), "-c", "gas", "--dry-run")
    assert code == 0
    assert "列：序号→序号；问题描述→问题描述；所在街道→地点；责任单位（牵头）→责任单位" in out
    assert "是否整改→整改状态；完成时间→整改完成日期；备注→备注" in out
    assert (
        "导入后截至今天：发现问题5处，整改完成3处（其中已验收0处），未完成2处（其中超期2处），撤销0处"
        in out
    )
    assert "表格合计行核对：发现 5 = 5；已整改 3 = 3；未整改 2 = 2" in out
    code, out, _ = zh(gas, "import", str(OFFICE / "合计不符.xlsx"), "-c", "gas", "--dry-run")
    assert "已整改表中为4 ≠ 读出3；未整改表中为1 ≠ 读出2" in out
    # with problems, the preview still shows, then every problem
    broken = gas.parent / "broken.csv"
    broken.write_text("问题描述,责任单位,整改措施,整改时限\n楼道堵塞,,清理,下个月\n", "utf-8")
    code, out, _err = zh(gas, "import", str(broken), "-c", "gas", "--dry-run")
    assert code == 1 and out.startswith("列：问题描述→问题描述")
    assert "broken.csv：第2行：责任单位：为空，但每个问题都必须填写" in out
    assert "broken.csv：第2行：整改时限：“下个月”不是日期" in out


def test_messages_say_what_to_do(gas: Path, tmp_path: Path) -> None:
    no_owner = tmp_path / "no-owner.csv"
    no_owner.write_text(
        "问题描述,牵头部门,整改措施,整改时限\n楼道堵塞,区商务局,清理,2022-05-31\n"
        "燃气软管老化,区商务局,更换,2022-05-31\n",
        encoding="utf-8",
    )
    code, out, _ = zh(gas, "import", str(no_owner), "-c", "gas")
    assert code == 1
    assert out.count("表中没有“责任单位、owner”等列：请用 --map owner=列名 指明哪一列是它") == 1
    code, _, err = zh(gas, "import", str(no_owner), "-c", "gas", "--map", "owner=主办单位")
    assert (
        code == 2
        and "--map：表中没有“主办单位”列（现有列：问题描述、牵头部门、整改措施、整改时限）" in err
    )
    assert zh(gas, "import", str(no_owner), "-c", "gas", "--map", "owner=牵头部门")[0] == 0
    book = Workbook()
    assert book.active is not None
    book.active.title = "说明"
    book.active.append(["填表说明"])
    ledger_sheet = book.create_sheet("五月台账")
    ledger_sheet.append(["问题描述", "责任单位", "整改措施", "整改时限"])
    ledger_sheet.append(["楼道堵塞", "区商务局", "清理", "2022-05-31"])
    two = tmp_path / "two-sheets.xlsx"
    book.save(two)
    code, _, err = zh(gas, "import", str(two), "-c", "gas")
    assert code == 2 and "文件中还有工作表 五月台账：可用 --sheet 名称 选择" in err
    assert zh(gas, "import", str(two), "-c", "gas", "--sheet", "五月台账")[0] == 0
    code, _, err = zh(gas, "import", str(two), "-c", "elsewhere")
    assert code == 1 and "可用 `ledger init elsewhere --title …` 新建" in err


def test_a_remark_on_an_open_finding_survives_its_rectification(gas: Path) -> None:
    assert zh(gas, "import", str(OFFICE / "商务局台账.xlsx"), "-c", "gas")[0] == 0
    open_one = next(
        f for f in load(gas / "gas.yaml").findings if f["title"] == "某小吃店燃气软管老化"
    )
    assert zh(gas, "rectify", open_one["id"], "--on", "2022-08-01", "--note", "已更换")[0] == 0
    after = next(f for f in load(gas / "gas.yaml").findings if f["id"] == open_one["id"])
    assert after["history"][0]["note"] == "店主称下月更换" and after["fix_note"] == "已更换"


# --- export --------------------------------------------------------------------


def sample(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(SAMPLE_DATA, data, ignore=shutil.ignore_patterns(".ledger-cache"))
    return data


def figures(data: Path, campaign: str, day: str) -> dict[str, object]:
    done = installed(data, "summary", "-c", campaign, "--as-of", day, "--json")
    result: dict[str, object] = json.loads(done.stdout)["campaigns"][0]
    return {k: v for k, v in result.items() if k not in ("campaign", "title")}


MONTH_ENDS = ("2020-04-30", "2020-05-31", "2020-06-30", "2020-07-31", "2020-08-31", "2020-09-30")


def test_export_then_import_gives_the_same_figures_on_every_month_end(tmp_path: Path) -> None:
    data = sample(tmp_path)
    first, second = tmp_path / "一.xlsx", tmp_path / "二.xlsx"
    args = ("export", "-c", "qinhuai-2020-safety", "--include-dropped")
    assert installed(data, *args, "-o", str(first)).returncode == 0
    for name, sheet, source in (("copy", first, "qinhuai-2020-safety"), ("copy2", second, "copy")):
        if source == "copy":
            exported = installed(
                data, "export", "-c", "copy", "--include-dropped", "-o", str(sheet)
            )
            assert exported.returncode == 0
        assert (
            installed(data, "init", name, "--title", "副本", "--start", "2020-04-01").returncode
            == 0
        )
        done = installed(data, "import", str(sheet), "-c", name)
        assert done.returncode == 0, done.stdout + done.stderr
        for day in (*MONTH_ENDS, "2026-11-30"):
            assert figures(data, name, day) == figures(data, "qinhuai-2020-safety", day), (
                name,
                day,
            )
    assert installed(data, "check").returncode == 0
    headers = [cell.value for cell in load_workbook(second).worksheets[0][2]]
    assert headers.count("编号") == 1 and headers.count("原编号") == 1  # one column each
    first_ids = [f.get("原编号") for f in load(data / "copy2.yaml").findings]
    assert first_ids[:3] == ["QH-001", "QH-002", "QH-003"]  # the first generation's id


def test_the_export_carries_the_loop_in_the_sheets_language(tmp_path: Path) -> None:
    data = sample(tmp_path)
    out = tmp_path / "台账.xlsx"
    args = ("export", "-c", "qinhuai-2020-safety", "--as-of", "2020-09-30")
    assert installed(data, *args, "-o", str(out)).returncode == 0
    book = load_workbook(out)
    sheet, summary = book.worksheets
    header = [cell.value for cell in sheet[2]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(3)]
    by_id = {row["编号"]: row for row in rows}
    assert by_id["QH-121"]["挂牌督办"] == "督办函"
    assert by_id["QH-001"]["原整改时限"].date() == date(2020, 5, 31)
    assert by_id["QH-001"]["整改时限"].date() == date(2020, 6, 15)
    assert "2020-05-28｜延期｜2020-05-31→2020-06-15" in by_id["QH-001"]["处理记录"]
    assert sum(1 for row in rows if row["重新整改次数"]) == 3
    assert not any(row["整改状态"] == "已撤销" for row in rows)  # dropped: on request only
    assert sheet.auto_filter.ref == f"A2:{sheet.cell(2, len(header)).column_letter}{len(rows) + 2}"
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$2:$2"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (
        summary["A1"].value
        == "安全生产工作专项民主监督（qinhuai-2020-safety）整改情况汇总（截至2020-09-30）"
    )
    dropped = installed(data, *args, "--include-dropped", "--format", "csv")
    assert dropped.stdout.count("已撤销") == 2
    to_stdout = installed(data, *args, "--format", "csv", "-o", "-")
    assert (
        to_stdout.stdout.startswith("\ufeff序号,编号,问题描述") and not (data.parent / "-").exists()
    )


@pytest.mark.parametrize("name", ["商务局台账.xlsx", "商务局台账-gb18030.csv"])
def test_a_sheets_repeated_cells_are_held_once(name: str) -> None:
    """A unit, a day or a state written on every row is one object once read (a sheet of
    100,000 rows holds millions of such cells); the values are those of the sheet."""
    from ledger.storage.sheets import read_rows

    rows = read_rows(OFFICE / name)
    cells = [cell for row in rows for cell in row if isinstance(cell, str | date)]
    short = [cell for cell in cells if not isinstance(cell, str) or len(cell) <= 32]
    assert len({id(cell) for cell in short}) == len(set(short)) < len(short)
    assert "区商务局" in short
