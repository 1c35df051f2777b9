"""Format 2: every YAML reader reads a ledger alike, format 1 is read (and written) forever,
and `ledger upgrade` moves a ledger to format 2 changing only the lines it must."""

import difflib
import json
import os
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from ledger.storage import cache
from ledger.storage.formats import upgraded_text
from tests.helpers import MINIMAL, ROOT, SAMPLE_DATA, git, run, write_ledger
from tests.test_one_truth import START, TODAY, drafts, ledger_text

FORMAT_1 = ROOT / "tests" / "fixtures" / "format-1"
SCHEMA = json.loads((ROOT / "schemas" / "ledger.schema.json").read_text(encoding="utf-8"))
EVENT_KINDS = {
    "found", "fixed", "verified", "reopened", "dropped", "extended", "edited", "escalated",
    "deescalated",
}  # fmt: skip


def readers(path: Path) -> list[Any]:
    """The file as PyYAML (YAML 1.1), ruamel's safe loader and its round trip (YAML 1.2)
    read it, as plain data."""
    text = path.read_text(encoding="utf-8")
    round_trip = json.loads(json.dumps(YAML(typ="rt").load(text), default=str))
    plain = [yaml.safe_load(text), YAML(typ="safe").load(text)]
    return [json.loads(json.dumps(data, default=str)) for data in plain] + [round_trip]


def keys_and_kinds(node: Any, keys: set[Any], kinds: set[Any]) -> None:
    if isinstance(node, dict):
        keys.update(node)
        if "event" in node:
            kinds.add(node["event"])
        for value in node.values():
            keys_and_kinds(value, keys, kinds)
    elif isinstance(node, list):
        for item in node:
            keys_and_kinds(item, keys, kinds)


def every_event_kind(data: Path) -> Path:
    """A format-2 ledger made by the commands, with every kind of event and record."""
    env = {"LEDGER_TODAY": "2021-06-30"}
    steps = [
        ("init", "every", "--title", "全部事件", "--start", "2021-01-01", "--prefix", "EVERY"),
        ("add", "--title", "一", "--owner", "甲局", "--measure", "m", "--deadline", "2021-02-01",
         "--found-on", "2021-01-05"),
        ("add", "--title", "二", "--owner", "乙局", "--measure", "m", "--deadline", "2021-02-01",
         "--found-on", "2021-01-06"),
        ("rectify", "EVERY-001", "--on", "2021-01-20", "--note", "已整改"),
        ("verify", "EVERY-001", "--on", "2021-01-25"),
        ("reopen", "EVERY-001", "--on", "2021-02-01", "--reason", "复现", "--deadline", "2021-03-01"),
        ("extend", "EVERY-002", "--on", "2021-01-30", "--to", "2021-03-01", "--reason", "协调"),
        ("escalate", "EVERY-002", "--step", "letter", "--on", "2021-02-02"),
        ("escalate", "EVERY-002", "--off", "--on", "2021-02-03"),
        ("edit", "EVERY-002", "--owner", "甲局", "--on", "2021-02-04"),
        ("edit", "EVERY-002", "--measure", "更正的措施", "--correct", "--on", "2021-02-04"),
        ("drop", "EVERY-002", "--reason", "重复", "--on", "2021-02-05"),
        ("activity", "add", "--kind", "inspection", "--on", "2021-01-05", "--participants", "3"),
        ("item", "add", "--title", "问题清单", "--finding", "EVERY-001", "--on", "2021-02-10"),
        ("suggest", "add", "--title", "建议", "--to", "甲局", "--on", "2021-02-11"),
        ("suggest", "set", "S-001", "--status", "adopted", "--on", "2021-02-12"),
        ("publish", "--as-of", "2021-01-31"),
        ("publish", "--as-of", "2021-01-31", "--amend", "--reason", "复核"),
    ]  # fmt: skip
    for args in steps:
        result = run(data, *args, env=env)
        assert result.exit_code == 0, (args, result.stderr)
    return data / "every.yaml"


def test_the_readers_people_use_read_format_2_alike(tmp_path: Path) -> None:
    made = every_event_kind(tmp_path / "data")
    assert "\non:" not in made.read_text(encoding="utf-8")
    for path in [*sorted(SAMPLE_DATA.glob("*.yaml")), made]:
        pyyaml, safe, round_trip = readers(path)
        assert pyyaml == safe == round_trip, path
        keys: set[Any] = set()
        kinds: set[Any] = set()
        keys_and_kinds(pyyaml, keys, kinds)
        assert all(isinstance(key, str) for key in keys), path
        assert "on" not in keys and "date" in keys
        assert all(isinstance(kind, str) for kind in kinds)
        jsonschema.validate(pyyaml, SCHEMA)
    kinds = set()
    keys_and_kinds(yaml.safe_load(made.read_text(encoding="utf-8")), set(), kinds)
    assert kinds >= EVENT_KINDS
    event = yaml.safe_load((SAMPLE_DATA / "qinhuai-2020-safety.yaml").read_text(encoding="utf-8"))
    assert event["findings"][0]["history"][0] == {"date": date(2020, 4, 1), "event": "found"}


def test_format_1_is_read_and_written_as_format_1(tmp_path: Path) -> None:
    data = tmp_path / "data"
    write_ledger(data, MINIMAL)
    assert yaml.safe_load(MINIMAL)["findings"][0]["history"][0] == {
        True: date(2020, 4, 1),
        "event": "found",
    }  # what format 2 is for
    assert run(data, "rectify", "DM-001", "--on", "2020-04-10").exit_code == 0
    text = (data / "demo.yaml").read_text(encoding="utf-8")
    assert "ledger: 1\n" in text and "      - {on: 2020-04-10, event: fixed}\n" in text
    jsonschema.validate(json.loads(json.dumps(YAML(typ="safe").load(MINIMAL), default=str)), SCHEMA)
    wrong = MINIMAL.replace("ledger: 1\n", "ledger: 2\n")
    write_ledger(data, wrong)
    checked = run(data, "--lang", "en", "check")
    assert checked.exit_code == 1
    assert "DM-001.history[0].on: in format 2 this key is written `date:`" in checked.stdout


def test_upgrade_changes_only_the_lines_it_must(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FORMAT_1, repo / "data")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "format 1")
    data = repo / "data"
    before = {
        day: run(data, "summary", "--json", "--as-of", day).stdout
        for day in ("2020-06-30", "2020-09-30", "2021-06-30")
    }
    golden = run(
        data, "--lang", "zh", "summary", "-c", "qinhuai-2020-safety", "--as-of", "2020-09-30"
    )
    check = run(data, "check")
    would = run(data, "--lang", "en", "upgrade", "--all", "--check")
    assert would.exit_code == 1 and would.stdout.count("would upgrade") == 2
    assert git(repo, "status", "--porcelain").stdout == ""  # --check changed nothing
    assert run(data, "upgrade", "--all").exit_code == 0
    diff = git(repo, "diff", "--unified=0", "--no-color").stdout.splitlines()
    removed = [line[1:] for line in diff if line.startswith("-") and not line.startswith("---")]
    added = [line[1:] for line in diff if line.startswith("+") and not line.startswith("+++")]
    assert len(removed) == len(added) > 500
    for old, new in zip(removed, added, strict=True):
        assert old.replace("on: ", "date: ", 1) == new or (old, new) == ("ledger: 1", "ledger: 2")
    stat = git(repo, "diff", "--stat").stdout
    assert "2 files changed" in stat
    for day, figures in before.items():
        assert run(data, "summary", "--json", "--as-of", day).stdout == figures
    assert (
        run(
            data, "--lang", "zh", "summary", "-c", "qinhuai-2020-safety", "--as-of", "2020-09-30"
        ).stdout
        == golden.stdout
    )
    assert run(data, "check").stdout == check.stdout
    again = run(data, "--lang", "en", "upgrade", "--all")
    assert again.exit_code == 0 and "0 of 2 ledger(s) upgraded" in again.stderr


def test_upgrade_keeps_comments_quotes_crlf_and_a_byte_order_mark(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "      - {on: 2020-04-01, event: found}\n",
        "      - {'on': 2020-04-01, event: found}   # on: stays in a comment\n",
    ).replace("  title: 演示活动\n", "  title: 'on: the title stays'\n")
    raw = ("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8")
    data = tmp_path / "data"
    data.mkdir()
    (data / "demo.yaml").write_bytes(raw)
    assert run(data, "upgrade").exit_code == 0
    after = (data / "demo.yaml").read_bytes()
    expected = (
        "\ufeff"
        + text.replace("ledger: 1", "ledger: 2")
        .replace("{'on': 2020-04-01", "{date: 2020-04-01")
        .replace("{on: ", "{date: ")
        .replace("\n", "\r\n")
    ).encode("utf-8")
    assert after == expected
    assert run(data, "check").exit_code == 0


def test_a_merge_of_format_1_and_format_2_gives_format_2_and_loses_nothing(tmp_path: Path) -> None:
    base, ours, theirs = (tmp_path / name for name in ("base.yaml", "ours.yaml", "theirs.yaml"))
    base.write_text(MINIMAL, encoding="utf-8")
    ours.write_text(
        MINIMAL.replace("    measure: 清理杂物\n", "    measure: 清理楼道杂物\n"), encoding="utf-8"
    )
    upgraded = upgraded_text(MINIMAL)
    assert upgraded is not None
    theirs.write_text(
        upgraded.replace("    measure: 更换金属软管\n", "    measure: 更换燃气软管\n"),
        encoding="utf-8",
    )
    data = tmp_path / "data"
    data.mkdir()
    merged = run(data, "merge-file", str(base), str(ours), str(theirs), "--path", "data/demo.yaml")
    assert merged.exit_code == 0, merged.stderr
    text = ours.read_text(encoding="utf-8")
    assert "ledger: 2\n" in text and "{on: " not in text
    assert "清理楼道杂物" in text and "更换燃气软管" in text


@settings(max_examples=int(os.environ.get("LEDGER_PROPERTY_EXAMPLES", "15")), deadline=None,
          suppress_health_check=list(HealthCheck))  # fmt: skip
@given(
    findings=st.integers(1, 5).flatmap(
        lambda n: st.tuples(*(drafts(number) for number in range(1, n + 1)))
    ),
    days=st.lists(st.integers(0, (TODAY - START).days), min_size=1, max_size=4),
)
def test_upgrade_then_read_gives_the_same_figures_and_is_idempotent(
    tmp_path_factory: Any, findings: tuple[Any, ...], days: list[int]
) -> None:
    data = Path(tmp_path_factory.mktemp("upgrade")) / "data"
    data.mkdir()
    text = ledger_text(list(findings))
    (data / "prop.yaml").write_text(text, encoding="utf-8")
    env = {"LEDGER_TODAY": TODAY.isoformat()}
    as_of = [(START + timedelta(days=offset)).isoformat() for offset in days]
    before = [run(data, "summary", "--json", "--as-of", day, env=env).stdout for day in as_of]
    assert run(data, "upgrade", env=env).exit_code == 0
    upgraded = (data / "prop.yaml").read_text(encoding="utf-8")
    assert upgraded == upgraded_text(text) and "ledger: 2\n" in upgraded
    stale = cache.stale(data / "prop.yaml")  # the next change is read in proportion to it
    assert stale is not None and len(stale[1]) == len(findings)
    assert [
        run(data, "summary", "--json", "--as-of", day, env=env).stdout for day in as_of
    ] == before
    assert run(data, "upgrade", env=env).exit_code == 0
    assert (data / "prop.yaml").read_text(encoding="utf-8") == upgraded
    assert run(data, "check", env=env).exit_code == 0
    assert yaml.safe_load(upgraded) == YAML(typ="safe").load(upgraded)


def test_the_readme_line_shows_no_true_key() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import yaml; print(yaml.safe_load(open('data/qinhuai-2020-safety.yaml'))"
            "['findings'][0]['history'][0])",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "True" not in done.stdout and "'date': datetime.date(2020, 4, 1)" in done.stdout


def test_writes_to_a_format_2_ledger_change_only_their_own_lines(tmp_path: Path) -> None:
    """Each step on a format-2 ledger is made on its own lines, as on format 1 (never by
    rewriting the whole file): the old text stays, line for line, around the new lines."""
    data = tmp_path / "data"
    shutil.copytree(SAMPLE_DATA, data)
    path = data / "qinhuai-2020-safety.yaml"
    steps = [
        (("rectify", "QH-150", "--on", "2020-10-05", "--note", "已整改"), 1, 4),
        (("add", "-c", "qinhuai-2020-safety", "--title", "新问题", "--owner", "区房产局",
          "--measure", "m", "--deadline", "2020-11-30", "--found-on", "2020-10-06"), 0, 10),
        (("activity", "add", "-c", "qinhuai-2020-safety", "--kind", "meeting", "--on", "2020-10-07"), 0, 5),
        (("edit", "QH-151", "--owner", "区商务局", "--on", "2020-10-08"), 1, 2),
        (("suggest", "set", "S-002", "-c", "qinhuai-2020-safety", "--status", "done", "--on", "2020-10-25"), 1, 2),
    ]  # fmt: skip
    for args, changed, added in steps:
        before = path.read_text(encoding="utf-8").splitlines()
        result = run(data, *args, env={"LEDGER_TODAY": "2020-10-31"})
        assert result.exit_code == 0, (args, result.stderr)
        after = path.read_text(encoding="utf-8").splitlines()
        matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
        removed = sum(i2 - i1 for op, i1, i2, _, _ in matcher.get_opcodes() if op != "equal")
        new = sum(j2 - j1 for op, _, _, j1, j2 in matcher.get_opcodes() if op != "equal")
        assert (removed, new) == (changed, added), args
        assert not any("{on: " in line or line.strip().startswith("on: ") for line in after)
    assert run(data, "check", str(path), env={"LEDGER_TODAY": "2020-10-31"}).exit_code == 0
