"""Chinese first at the terminal: each point of the Chinese-first issue, through the
installed `ledger` (and a real pseudo-terminal for the prompts)."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest
import typer.main
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from ledger.cli import app
from ledger.cli.help_zh import COMMANDS, METAVARS, OPTIONS
from tests.helpers import INSTALLED, SAMPLE_DATA, installed

DEMO = (Path(__file__).parent / "corpus" / "ledgers" / "demo.yaml").read_text(encoding="utf-8")
ZH = {"LEDGER_LANG": "zh"}


def demo(tmp_path: Path, text: str = DEMO) -> Path:
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    (data / "demo.yaml").write_text(text, encoding="utf-8")
    return data


def zh(data: Path, *args: str, today: str = "2020-05-01") -> tuple[int, str, str]:
    done = installed(data, *args, today=today, env=ZH)
    return done.returncode, done.stdout, done.stderr


# --- help and the parser, in Chinese ----------------------------------------------


def test_every_command_and_option_has_its_chinese_help() -> None:
    missing: list[str] = []

    def walk(command: object, path: tuple[str, ...]) -> None:
        if " ".join(path) not in COMMANDS:
            missing.append(" ".join(path) or "ledger")
        for param in getattr(command, "params", []):
            help_text = getattr(param, "_ledger_english", {}).get("help", param.help)
            if help_text and help_text not in OPTIONS:
                missing.append(f"{' '.join(path)} {param.name}: {help_text}")
            metavar = getattr(param, "_ledger_english", {}).get("metavar", param.metavar)
            if metavar and metavar not in METAVARS:
                missing.append(f"{' '.join(path)} {param.name}: metavar {metavar}")
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, (*path, name))

    walk(typer.main.get_command(app), ())
    assert missing == []


@pytest.mark.parametrize("command", ["", "add", "list", "due", "activity add", "suggest set"])
def test_help_in_both_languages(tmp_path: Path, command: str) -> None:
    data = demo(tmp_path)
    code, out, _ = zh(data, *command.split(), "--help")
    assert code == 0
    assert out.startswith("用法：ledger") and "选项：" in out and "显示本帮助并退出。" in out
    assert "示例：ledger" in out
    english = installed(data, "--lang", "en", *command.split(), "--help")
    assert english.stdout.startswith("Usage: ledger") and "Example: ledger" in english.stdout
    assert "用法" not in english.stdout


def test_chinese_help_lines_fit_eighty_columns(tmp_path: Path) -> None:
    data = demo(tmp_path)
    for command in ("add", "list", "report", "import"):
        done = installed(data, "--lang", "zh", command, "--help", env={"COLUMNS": "80"})
        prose = [line for line in done.stdout.splitlines() if "ledger " not in line]
        assert max(cell_len(line) for line in prose) <= 80, command  # examples stay whole


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["list", "--stats"], "错误：没有选项 --stats（是否应为：--status）"),
        (["show"], "错误：缺少参数：编号"),
        (["list", "--within", "abc"], "错误：--within 的值无效：“abc”不是整数"),
        (["lst"], "错误：没有命令“lst”；是否应为“list”？"),
        (["list", "--owner"], "错误：选项 --owner 需要一个值"),
    ],
)
def test_usage_errors_in_chinese(tmp_path: Path, args: list[str], message: str) -> None:
    code, _, err = zh(demo(tmp_path), *args)
    assert code == 2
    assert message in err
    assert "用法：ledger" in err or args[-1] == "--owner"  # no usage line without a command
    assert not re.search(r"\b(Error|Usage|Try|Missing|Invalid|No such)\b", err)


# --- words: no English state, field or message word in Chinese output --------------

ENGLISH_WORDS = re.compile(
    r"\b(open|fixed|verified|dropped|overdue|found|owner|title|measure|deadline|funds|plan|"
    r"status|area|severity|general|major|escalated|reopened|extended|edited|campaign|"
    r"finding|findings|Error|error|Warning|days?|none|total|Usage)\b"
)


def english_words(output: str) -> list[str]:
    """English words left in Chinese output, once what the user types is taken out: option
    names, commands (`ledger …`), ids, file paths, and keys written in （owner） after their
    Chinese name."""
    kept = re.sub(
        r"--?[\w-]+|ledger [\w-]+|/[\w./-]+|[A-Z]{1,4}-\d+|（[\w_]+）|“[^”]*”", "", output
    )
    return ENGLISH_WORDS.findall(kept)


def test_no_english_word_in_chinese_output(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    for ledger in SAMPLE_DATA.glob("*.yaml"):
        (data / ledger.name).write_bytes(ledger.read_bytes())
    outputs = []
    for args in (
        ["summary", "--by", "street"],
        ["list", "-c", "qinhuai-2020", "--status", "all"],
        ["due", "--all"],
        ["show", "QH-096"],
        ["log", "QH-121"],
        ["report", "-c", "qinhuai-2020", "--month", "2020-09"],
        ["notice", "--owner", "建设局", "-c", "qinhuai-2020"],
        ["verify", "QH-150"],
        ["rectify", "QH-001"],
        ["escalate", "QH-121", "--step", "notice"],
        ["edit", "QH-150", "--severity", "major"],
        ["activity", "list", "--all"],
        ["suggest", "list", "--all"],
    ):
        code, out, err = zh(data, *args, today="2020-09-30")
        outputs.append((args, code, out + err))
    for args, _, output in outputs:
        assert english_words(output) == [], (args, output)
    assert outputs[7][1] == 1 and "当前状态为“未整改”" in outputs[7][2]


def test_yaml_mistakes_are_named_where_they_are_with_the_fix(tmp_path: Path) -> None:
    cases = [
        ("    owner: 区房产局", "    owner：区房产局", "13: 第10列：键后面用了全角冒号“：”"),
        ("    deadline: 2020-04-30", "    deadline:2020-04-30", "15: 第13列：冒号后缺少空格"),
        ("    owner: 区房产局", "\towner: 区房产局", "13: 第1列：缩进中有制表符"),
        ("    owner: 区房产局", "　　owner: 区房产局", "13: 第1列：有全角空格"),
        ("    owner: 区房产局", '    owner: "区房产局', "13: 第12列：此处的引号没有闭合"),
        (
            "    deadline: 2020-04-30",
            "    deadline: 2020/4/30",
            "15: DM-001.deadline（整改时限）: “2020/4/30”不是台账中日期的写法：应写作 2020-04-30",
        ),
    ]
    for before, after, message in cases:
        data = demo(tmp_path, DEMO.replace(before, after, 1))
        code, out, _ = zh(data, "check")
        assert code == 1
        assert f"demo.yaml:{message}" in out, (after, out)


# --- ids, campaigns, the default campaign -----------------------------------------


def test_ids_as_people_type_them(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "qinhuai-2021-lookback.yaml").write_bytes(
        (SAMPLE_DATA / "qinhuai-2021-lookback.yaml").read_bytes()
    )
    shown = installed(data, "show", "lb-4", "--json", today="2021-12-01")
    assert '"id": "LB-004"' in shown.stdout
    pasted = "\ufeffLB-004，lb-9 LB-13\n# a comment\nLB-016、LB-018\n"
    done = subprocess.run(
        [str(INSTALLED), "--data", str(data), "--lang", "en", "rectify", "-", "--on", "2021-11-30"],
        input=pasted, capture_output=True, text=True,
        env={**os.environ, "LEDGER_TODAY": "2021-12-01", "LEDGER_LANG": "en"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    rectified = re.findall(r"Rectified (LB-\d+)", done.stdout)
    assert rectified == ["LB-004", "LB-009", "LB-013", "LB-016", "LB-018"]


def test_a_campaign_by_the_start_of_its_id_and_a_default_one(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    for ledger in SAMPLE_DATA.glob("*.yaml"):
        (data / ledger.name).write_bytes(ledger.read_bytes())
    assert "qinhuai-2021-lookback" in installed(data, "summary", "-c", "qinhuai-2021").stdout
    ambiguous = installed(data, "--lang", "zh", "summary", "-c", "qinhuai")
    assert ambiguous.returncode == 2 and "以“qinhuai”开头的专项不止一个" in ambiguous.stderr
    needed = installed(data, "--lang", "zh", "publish", "--as-of", "2021-06-30")
    assert needed.returncode == 2 and "这里有多个专项" in needed.stderr
    assert installed(data, "use", "qinhuai-2021").returncode == 0
    assert (data / ".ledger-use").read_text(encoding="utf-8").endswith("qinhuai-2021-lookback\n")
    shown = installed(data, "--lang", "zh", "list")
    assert "默认专项：qinhuai-2021-lookback" in shown.stderr
    assert "LB-0" in shown.stdout and "QH-0" not in shown.stdout
    assert "QH-0" in installed(data, "list", "--all").stdout
    env = installed(data, "list", env={"LEDGER_CAMPAIGN": "qinhuai-2020-safety"})
    assert "QH-0" in env.stdout and "LB-0" not in env.stdout
    assert installed(data, "use", "--clear").returncode == 0
    assert not (data / ".ledger-use").exists()


# --- one vocabulary -------------------------------------------------------------


def test_one_vocabulary_of_options(tmp_path: Path) -> None:
    data = demo(tmp_path)
    for args in (
        ["list", "--as-of", "2020-04-15"],
        ["due", "--as-of", "2020-04-15"],
        ["notice", "--owner", "房产", "--as-of", "2020-04-30"],
        ["export", "--format", "csv", "--as-of", "2020-04-15"],
        ["report", "--as-of", "2020-04-30", "--from", "2020-04-01"],
        ["summary", "--as-of", "2020-04-15", "--by", "street"],
        ["list", "--within", "30"],
        ["due", "--within", "30"],
        ["list", "--status", "未整改"],
        ["list", "--status", "all"],
        ["notice", "--owner", "房产", "--date", "2020-04-30"],  # the old name, kept
    ):
        done = installed(data, *args, today="2020-05-01")
        assert done.returncode == 0, (args, done.stderr)
    edited = installed(
        data, "edit", "DM-001", "--found-on", "2020-03-30", "--found-by", "第二督导组",
        "--funds", "2万元", "--plan", "临时封闭", today="2020-05-01",
    )  # fmt: skip
    assert edited.returncode == 0, edited.stderr
    assert "Found on: 2020-04-01 → 2020-03-30" in edited.stdout
    assert installed(data, "summary", "--as-of", "2020-03-31", "--json").stdout.count('"found": 1')
    nothing = installed(data, "edit", "DM-001", today="2020-05-01")
    options = re.findall(r"--[\w-]+", nothing.stderr)
    edit_help = installed(data, "edit", "--help").stdout
    assert options and all(option in edit_help for option in options)


def test_owners_are_matched_the_same_way_everywhere(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "qinhuai-2020-safety.yaml").write_bytes(
        (SAMPLE_DATA / "qinhuai-2020-safety.yaml").read_bytes()
    )
    code, out, _ = zh(data, "notice", "--owner", "消防", "--as-of", "2020-09-30")
    assert code == 0 and "**区消防救援大队**" in out
    for command in ("list", "due", "notice"):
        code, _, err = zh(data, command, "--owner", "区民正局", "--as-of", "2020-09-30")
        assert code == 1 and "没有责任单位“区民正局”" in err and "现有责任单位：" in err
    code, _, err = zh(data, "notice", "--owner", "局", "--as-of", "2020-09-30")
    assert code == 2 and "可指多个责任单位" in err
    code, _, err = zh(data, "notice", "--owner", "区商务局", "--as-of", "2020-09-30")
    assert code == 1 and "有未整改问题的责任单位：区建设局、区房产局、区消防救援大队" in err


# --- deadlines ------------------------------------------------------------------


def test_a_relative_deadline_counts_from_the_day_found(tmp_path: Path) -> None:
    data = demo(tmp_path)
    done = installed(
        data, "add", "--title", "t", "--owner", "区房产局", "--measure", "m",
        "--found-on", "2020-04-10", "--deadline", "+20d", "--json", today="2020-12-01",
    )  # fmt: skip
    assert '"deadline": "2020-04-30"' in done.stdout


def test_working_days_skip_national_day_and_count_the_days_worked_instead(
    tmp_path: Path,
) -> None:
    """2025: 1–8 October off; Sunday 28 September and Saturday 11 October worked."""
    data = demo(tmp_path)
    for typed in ("+15wd", "15个工作日"):
        done = installed(
            data, "add", "--title", "t", "--owner", "区房产局", "--measure", "m",
            "--found-on", "2025-09-26", "--deadline", typed, "--json", today="2025-10-20",
        )  # fmt: skip
        assert '"deadline": "2025-10-23"' in done.stdout, done.stderr
    beyond = installed(
        data, "add", "--title", "t", "--owner", "区房产局", "--measure", "m",
        "--found-on", "2026-12-20", "--deadline", "+30wd", today="2026-12-20",
    )  # fmt: skip
    assert beyond.returncode == 2
    assert "the holiday calendar does not cover 2027 yet" in beyond.stderr


# --- tables, the ladder, cron ----------------------------------------------------


def test_tables_fit_eighty_columns_and_say_when_fixed_or_why_dropped(tmp_path: Path) -> None:
    data = SAMPLE_DATA
    for args in (["due", "-c", "qinhuai-2020"], ["list", "-c", "qinhuai-2020", "--status", "all"]):
        done = installed(data, "--lang", "zh", *args, today="2020-09-30", env={"COLUMNS": "80"})
        assert max(cell_len(line) for line in done.stdout.splitlines()) <= 80, args
    fixed = installed(data, "list", "-c", "qinhuai-2020", "--status", "fixed", today="2020-09-30")
    assert re.search(r"QH-001 .*2020-06-15 +fixed +2020-06-09$", fixed.stdout, re.M)
    dropped = installed(
        data, "list", "-c", "qinhuai-2020", "--status", "dropped", today="2020-09-30"
    )
    header = dropped.stdout.splitlines()[0]
    assert "Fixed on / reason" in header and "Days left" not in header
    assert re.search(r"QH-155 .*dropped +与QH-139重复$", dropped.stdout, re.M)
    log = installed(data, "--lang", "zh", "log", "QH-096", today="2020-09-30")
    assert log.stdout.lstrip().startswith("QH-096 的历史记录：膺福街小区7号楼外墙保温层破损")


def test_a_cells_width_is_riches_for_every_character_measured_quickly() -> None:
    """The quick measure (printable ASCII and the WIDE_RANGES, in C) gives rich's width for
    each of its characters, so a table's columns line up as rich would line them."""
    from ledger.output.tables import WIDE_RANGES, width

    quick = [chr(c) for start, end in ((0x20, 0x7E), *WIDE_RANGES) for c in range(start, end + 1)]
    assert [width(char) for char in quick] == [cell_len(char) for char in quick]
    assert sum(map(width, quick)) == 95 + 2 * (len(quick) - 95)
    # Beside them: combining marks, tabs, escapes, emoji, other scripts, rich's own path.
    for cell in ("\u302a", "漢\u302b字", "a\tb", "\x1b[2J", "\U0001f600x", "한글", "ｶﾀｶﾅ", "é"):
        assert width(cell) == cell_len(cell), repr(cell)


@settings(max_examples=300)
@given(
    st.text(
        alphabet=st.sampled_from(
            "a Z9-（）：，。、·—…“”\u3000\u302a\u4e00\u9fff\uff01\uff60\uff61\u00e9한\t\U0001f600"
        ),
        max_size=30,
    )
)
def test_width_agrees_with_rich_on_mixed_text(cell: str) -> None:
    from ledger.output.tables import width

    assert width(cell) == cell_len(cell)


def test_stepping_down_the_ladder_needs_force(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "qinhuai-2020-safety.yaml").write_bytes(
        (SAMPLE_DATA / "qinhuai-2020-safety.yaml").read_bytes()
    )
    before = (data / "qinhuai-2020-safety.yaml").read_bytes()
    code, _, err = zh(data, "escalate", "QH-121", "--step", "notice", today="2020-10-01")
    assert code == 1 and "QH-121 当前为“督办函”，改为“整改通知”是降级：确需降级请加 --force" in err
    assert (data / "qinhuai-2020-safety.yaml").read_bytes() == before
    code, out, _ = zh(data, "escalate", "QH-121", "--step", "notice", "--force", today="2020-10-01")
    assert code == 0 and "挂牌督办：整改通知" in out


def test_cron_runs_quietly_in_the_campaigns_language(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {"LANG": "C", "LEDGER_TODAY": "2020-05-01"}
    assert (
        installed(data, "init", "demo", "--title", "演示", "--language", "zh", env=env).returncode
        == 0
    )
    quiet = installed(data, "-q", "add", "--title", "t", "--owner", "o", "--measure", "m",
                      "--deadline", "+3d", env=env)  # fmt: skip
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")
    report = installed(data, "report", "-q", "--format", "md", "-o", str(tmp_path / "r.md"),
                       env={"LANG": "C", "LEDGER_TODAY": "2020-06-01"})  # fmt: skip
    assert (report.returncode, report.stdout, report.stderr) == (0, "", "")
    assert (tmp_path / "r.md").read_text(encoding="utf-8").startswith("# 演示 · 2020-05 情况报告")
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    assert "-o reports/$(date -d yesterday +\\%Y-\\%m).md" in readme


# --- a real terminal ------------------------------------------------------------


def spawn(data: Path, *args: str) -> pexpect.spawn:
    env = {"LANG": "zh_CN.UTF-8", "LEDGER_TODAY": "2026-11-30", "PATH": os.environ["PATH"]}
    return pexpect.spawn(
        str(INSTALLED), ["--data", str(data), *args], env=env, encoding="utf-8", timeout=20
    )


def test_prompts_check_each_answer_and_ask_again(tmp_path: Path) -> None:
    data = demo(tmp_path, DEMO.replace("[区房产局, 区商务局]", "[区房产局, 区商务局, 区民政局]"))
    child = spawn(data, "add")
    child.expect("问题描述："), child.sendline("楼道堆放杂物")
    child.expect("责任单位："), child.sendline("区民正局")
    child.expect(r"是否应为“区民政局”？ \[Y/n\]"), child.sendline("")
    child.expect("整改措施："), child.sendline("")
    child.expect("此项不能为空"), child.expect("整改措施："), child.sendline("清理")
    child.expect("整改时限"), child.sendline("2026-13-05")
    child.expect("“2026-13-05”不是日期"), child.expect("整改时限"), child.sendline("+15个工作日")
    child.expect("已新增 DM-002：楼道堆放杂物")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    text = (data / "demo.yaml").read_text(encoding="utf-8")
    assert "owner: 区民政局\n    measure: 清理\n    deadline: 2026-12-21\n" in text


def test_ctrl_c_at_a_prompt_keeps_nothing_and_exits_130(tmp_path: Path) -> None:
    data = demo(tmp_path)
    before = (data / "demo.yaml").read_bytes()
    child = spawn(data, "add", "--title", "楼道堆放杂物")
    child.expect("责任单位：")
    child.sendcontrol("c")
    child.expect("已中断，未写入任何内容。")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert (data / "demo.yaml").read_bytes() == before
    assert sys.platform.startswith("linux")
