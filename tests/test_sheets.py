"""Spreadsheets in and out, as offices really have them: import with the sheet's own row
numbers in every message and nothing written on a bad row; export as the sheet a clerk
would make; formulas never evaluated; export then import gives the same ledger."""

import csv
import io
import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import jsonschema
import pytest
from openpyxl import load_workbook

from ledger.storage.store import load
from tests.helpers import MINIMAL, ROOT, SAMPLE_DATA, run, write_ledger

FIXTURES = ROOT / "tests" / "fixtures"
FIELDS = ("title", "area", "location", "found_on", "found_by", "severity", "owner", "contact")
FIELDS += ("measure", "funds", "plan", "status", "fixed_on", "fix_note", "escalation", "supervisor")


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    assert (
        run(folder, "init", "imported", "--title", "导入", "--start", "2020-04-01").exit_code == 0
    )
    return folder


def test_a_real_looking_500_row_sheet(empty: Path) -> None:
    expected = json.loads((FIXTURES / "expected-500.json").read_text(encoding="utf-8"))
    result = run(empty, "import", str(FIXTURES / "整改台账-500.xlsx"), "--lang", "zh")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "第509行：合计行，已跳过" in result.stderr
    assert result.stdout == "已向 imported 导入500个问题（I-001 至 I-500）；跳过1行\n"
    summary = json.loads(run(empty, "summary", "--json").stdout)["total"]
    assert (summary["found"], summary["fixed"], summary["verified"], summary["open"]) == (
        expected["found"], expected["fixed"], expected["verified"], expected["open"],
    )  # fmt: skip
    findings = load(empty / "imported.yaml").findings
    # No lost column: the one the tool does not know is kept under its header.
    assert all(str(f.get("联系电话", "")).startswith("138") for f in findings)  # type: ignore[misc]
    assert {f["found_by"] for f in findings} <= {
        "第一督导组",
        "第二督导组",
        "第三督导组",
        "第四督导组",
        "委员视察组",
    }
    assert run(empty, "check").exit_code == 0
    again = run(empty, "import", str(FIXTURES / "整改台账-500.xlsx"))
    assert again.exit_code == 0
    assert again.stdout.startswith("nothing to import")
    assert again.stderr.count("is already in the ledger") == 500


def test_dates_typed_five_ways_and_status_words(empty: Path) -> None:
    run(empty, "import", str(FIXTURES / "整改台账-500.xlsx"))
    book = load_workbook(FIXTURES / "整改台账-500.xlsx", data_only=True)
    sheet = book.active
    assert sheet is not None
    row = [c.value for c in sheet[4]]  # the first finding: its deadline is a date cell
    first = load(empty / "imported.yaml").findings[0]
    assert first["title"] == row[1]
    assert first["deadline"] == row[6].date()
    fifth = [c.value for c in sheet[8]]  # typed as 5月31日: the year is the campaign's
    assert isinstance(fifth[6], str) and fifth[6].endswith("日") and "年" not in fifth[6]
    finding = load(empty / "imported.yaml").findings[4]
    assert finding["deadline"].year == 2020


def test_gb18030_csv_is_read_without_asking(empty: Path) -> None:
    raw = (FIXTURES / "整改台账-gb18030.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    result = run(empty, "import", str(FIXTURES / "整改台账-gb18030.csv"))
    assert result.exit_code == 0, result.stdout
    titles = [f["title"] for f in load(empty / "imported.yaml").findings]
    assert titles[0] == next(csv.reader(io.StringIO(raw.decode("gb18030").splitlines()[1])))[1]
    assert len(titles) == 20


def test_every_bad_row_is_reported_and_nothing_is_written(empty: Path) -> None:
    path = empty / "imported.yaml"
    before = path.read_bytes()
    for args in ((), ("--dry-run",)):
        result = run(empty, "import", str(FIXTURES / "bad-rows.xlsx"), *args)
        assert result.exit_code == 1
        assert result.stdout.splitlines()[-4:] == [
            "bad-rows.xlsx: row 3: 整改时限: '下个月' is not a date (2020-05-31, 2020/5/31, 2020.5.31, 2020年5月31日, 5月31日 or a date cell)",
            "bad-rows.xlsx: row 5: 是否整改: '差不多' is not a status word (已整改, 整改完成, 完成, 是; 未整改, 整改中, 否, empty; 已销号)",
            "bad-rows.xlsx: row 6: 责任单位: empty, but every finding needs it",
            "bad-rows.xlsx: row 8: 整改完成时间: '已整改' says rectified, but there is no completion date",
        ]
        assert "4 problem(s) in bad-rows.xlsx; nothing was imported" in result.stderr
        assert path.read_bytes() == before


def test_dry_run_shows_what_would_be_imported(empty: Path) -> None:
    path = empty / "imported.yaml"
    before = path.read_bytes()
    result = run(empty, "import", str(FIXTURES / "整改台账-gb18030.csv"), "--dry-run")
    assert result.exit_code == 0
    assert "存在问题→title" in result.stdout and "联系电话→kept as is" in result.stdout
    assert result.stdout.rstrip().endswith(
        "would import 20 finding(s) into imported; 0 row(s) skipped"
    )
    assert path.read_bytes() == before


def test_map_names_a_column_the_tool_does_not_know(empty: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "odd.csv"
    sheet.write_text(
        "事项,牵头部门,办法,期限\n楼道堆放杂物,区房产局,清理,2020-05-31\n", encoding="utf-8"
    )
    assert run(empty, "import", str(sheet)).exit_code == 2  # no header it knows
    mapped = (
        "--map",
        "title=事项",
        "--map",
        "owner=牵头部门",
        "--map",
        "measure=办法",
        "--map",
        "deadline=期限",
    )
    assert run(empty, "import", str(sheet), *mapped).exit_code == 0
    finding = load(empty / "imported.yaml").findings[0]
    assert (finding["title"], finding["owner"], finding["deadline"]) == (
        "楼道堆放杂物",
        "区房产局",
        date(2020, 5, 31),
    )
    assert run(empty, "import", str(sheet), "--map", "colour=事项").exit_code == 2


def test_exported_xlsx_looks_like_the_clerks_sheet(tmp_path: Path) -> None:
    out = tmp_path / "台账.xlsx"
    result = run(
        SAMPLE_DATA, "export", "-c", "qinhuai-2020-safety", "--as-of", "2020-09-30", "-o", str(out)
    )
    assert result.exit_code == 0, result.stderr
    book = load_workbook(out)
    sheet = book["整改台账"]
    assert (
        sheet["A1"].value
        == "安全生产工作专项民主监督（qinhuai-2020-safety）问题整改台账（截至2020-09-30）"
    )
    assert "A1:X1" in [str(r) for r in sheet.merged_cells.ranges]
    header = [c.value for c in sheet[2]]
    assert header[:3] == ["序号", "编号", "问题描述"]
    for name in (
        "地点",
        "责任单位",
        "责任人",
        "整改措施",
        "整改时限",
        "整改状态",
        "完成时间",
        "备注",
    ):
        assert name in header
    assert all(c.font.bold for c in sheet[2])
    assert sheet.freeze_panes == "A3"
    deadline = header.index("整改时限") + 1
    cell = sheet.cell(row=3, column=deadline)
    assert cell.is_date and cell.number_format == "yyyy-mm-dd"
    assert sheet.max_row == 2 + 154
    status = header.index("整改状态") + 1
    shaded = [
        r
        for r in range(3, sheet.max_row + 1)
        if sheet.cell(row=r, column=1).fill.fgColor.rgb == "00FFE0E0"
    ]
    assert sorted(sheet.cell(row=r, column=2).value for r in shaded) == ["QH-096", "QH-121"]
    assert {sheet.cell(row=r, column=status).value for r in shaded} == {"未整改"}
    assert sheet.column_dimensions["C"].width > 30  # the titles' column
    summary = book["汇总"]
    total = [c.value for c in summary[3]]
    assert total[:7] == ["qinhuai-2020-safety", "合计", 154, 148, pytest.approx(0.961), 6, 2]


def test_cells_that_would_be_formulas_stay_text(empty: Path, tmp_path: Path) -> None:
    nasty = ['=HYPERLINK("http://x","点击")', "+1+2", "-3", "@SUM(A1)", "\t制表", "=1+1"]
    for title in nasty:
        assert (
            run(
                empty,
                "add",
                "--title",
                title,
                "--owner",
                "o",
                "--measure",
                "m",
                "--deadline",
                "2020-06-30",
                "--found-on",
                "2020-05-01",
            ).exit_code
            == 0
        )
    xlsx, csv_file = tmp_path / "x.xlsx", tmp_path / "x.csv"
    assert run(empty, "export", "-o", str(xlsx)).exit_code == 0
    assert run(empty, "export", "--format", "csv", "-o", str(csv_file)).exit_code == 0
    sheet = load_workbook(xlsx).active
    assert sheet is not None
    cells = [sheet.cell(row=r, column=3) for r in range(3, 3 + len(nasty))]
    assert [c.value for c in cells] == nasty
    assert all(c.data_type == "s" for c in cells)
    raw = csv_file.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [row[2] for row in rows[1:]] == ["'" + t for t in nasty]
    # They come back as they were.
    for sheet_file in (xlsx, csv_file):
        assert (
            run(
                empty,
                "init",
                f"back-{sheet_file.suffix[1:]}",
                "--title",
                "b",
                "--start",
                "2020-04-01",
            ).exit_code
            == 0
        )
        assert (
            run(empty, "import", str(sheet_file), "-c", f"back-{sheet_file.suffix[1:]}").exit_code
            == 0
        )
        back = load(empty / f"back-{sheet_file.suffix[1:]}.yaml").findings
        assert [f["title"] for f in back] == [t.strip() for t in nasty]  # import trims cells


def test_export_then_import_gives_the_same_ledger(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(SAMPLE_DATA, data, ignore=shutil.ignore_patterns(".ledger-cache"))
    out = tmp_path / "out.xlsx"
    assert run(data, "export", "-c", "qinhuai-2020-safety", "-o", str(out)).exit_code == 0
    assert run(data, "init", "copy", "--title", "副本", "--start", "2020-04-01").exit_code == 0
    assert run(data, "import", str(out), "-c", "copy").exit_code == 0
    original = [
        f for f in load(data / "qinhuai-2020-safety.yaml").findings if f["status"] != "dropped"
    ]
    copy = load(data / "copy.yaml").findings
    assert [[f.get(k) for k in FIELDS] for f in copy] == [
        [f.get(k) for k in FIELDS] for f in original
    ]
    assert [f.get("原编号") for f in copy] == [f["id"] for f in original]  # the old id, kept
    for day in ("2020-09-30", "2026-11-30"):
        one = json.loads(
            run(data, "summary", "-c", "qinhuai-2020-safety", "--as-of", day, "--json").stdout
        )["total"]
        two = json.loads(run(data, "summary", "-c", "copy", "--as-of", day, "--json").stdout)[
            "total"
        ]
        assert (one["found"], one["fixed"], one["open"]) == (
            two["found"],
            two["fixed"],
            two["open"],
        )
    assert run(data, "check").exit_code == 0


def test_csv_json_and_markdown_exports_and_private(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    write_ledger(
        folder,
        MINIMAL.replace(
            "    owner: 区房产局\n",
            "    owner: 区房产局\n    private: {informant: 举报人张三}\n",
            1,
        ),
    )
    for fmt in ("csv", "json", "md"):
        out = run(folder, "export", "--format", fmt).stdout
        assert "举报人张三" not in out and "楼道堆放杂物" in out, fmt
    with_private = json.loads(run(folder, "export", "--format", "json", "--include-private").stdout)
    assert with_private[0]["private"] == {"informant": "举报人张三"}
    assert run(folder, "export", "--format", "csv", "--include-private").exit_code == 2
    assert run(folder, "export").exit_code == 2  # xlsx needs -o
    overdue = json.loads(
        run(
            folder, "export", "--format", "json", "--status", "overdue", "--as-of", "2020-05-10"
        ).stdout
    )
    assert [f["id"] for f in overdue] == ["DM-001"]


def test_ledger_schema_is_the_committed_one_and_the_samples_fit_it() -> None:
    printed = run(SAMPLE_DATA, "schema").stdout
    assert printed == (ROOT / "schemas" / "ledger.schema.json").read_text(encoding="utf-8")
    schema = json.loads(printed)
    from ruamel.yaml import YAML

    for path in sorted(SAMPLE_DATA.glob("*.yaml")):
        data = json.loads(json.dumps(YAML(typ="safe", pure=True).load(path), default=str))
        jsonschema.validate(data, schema)
    bad = {
        "ledger": 1,
        "campaign": {"id": "x", "title": "t", "prefix": "X"},
        "findings": [{"id": "X-1"}],
    }
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


@pytest.mark.skipif(shutil.which("libreoffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_reads_the_export(tmp_path: Path) -> None:
    out = tmp_path / "台账.xlsx"
    assert (
        run(
            SAMPLE_DATA,
            "export",
            "-c",
            "qinhuai-2020-safety",
            "--as-of",
            "2020-09-30",
            "-o",
            str(out),
        ).exit_code
        == 0
    )
    subprocess.run(
        ["libreoffice", "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path), str(out)],
        capture_output=True, check=True, timeout=180, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    converted = (tmp_path / "台账.csv").read_text(encoding="utf-8", errors="replace")
    assert "膺福街小区7号楼外墙保温层破损" in converted
    assert "2020-07-11" in converted and ",154," not in converted
