"""`ledger check` and bad input: every problem as file:line: field: message, exit 1, no traceback."""

import json
from pathlib import Path

import pytest

from tests.helpers import MINIMAL, run, write_ledger


def check(folder: Path, *args: str) -> tuple[int, list[str]]:
    result = run(folder, "--lang", "en", "check", *args)
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout.splitlines()


def test_every_semantic_problem_is_reported_with_its_line(tmp_path: Path) -> None:
    broken = (
        MINIMAL.replace("    deadline: 2020-04-30\n", "    deadline: 2020-03-30\n")
        .replace("    owner: 区商务局\n", "    owner: 区商务\n")
        .replace("    fixed_on: 2020-04-20\n", "")
    ) + (
        "  - id: DM-003\n    title: t\n    area: 消防\n    found_on: 2020-05-01\n    owner: 区房产局\n"
        "    measure: m\n    deadline: 2020-05-02\n    status: verified\n    fixed_on: 2020-04-02\n"
        "    history:\n      - {on: 2020-05-02, event: fixed}\n      - {on: 2020-05-01, event: found}\n"
        "  - id: DM-004\n    title: t\n    found_on: 2020-05-01\n    owner: 区房产局\n"
        "    measure: m\n    deadline: 2020-05-02\n    status: fixed\n"
    )
    path = write_ledger(tmp_path / "data", broken)
    code, lines = check(tmp_path / "data")
    assert code == 1
    assert lines == [
        f"{path}:16: DM-001.deadline: deadline is before found_on 2020-04-01",
        f"{path}:20: DM-002.fixed_on: the file says —, but its history gives 2020-04-20: the history"
        " decides; correct the field, or record the step that is missing",
        f"{path}:24: DM-002.owner: '区商务' is not declared in the campaign; did you mean '区商务局'?",
        f"{path}:33: DM-003.area: '消防' is not declared in the campaign; did you mean '消防安全'?",
        f"{path}:38: DM-003.status: the file says verified, but its history gives open: the history"
        " decides; correct the field, or record the step that is missing",
        f"{path}:39: DM-003.fixed_on: fixed_on is before found_on 2020-05-01",
        f"{path}:39: DM-003.fixed_on: the file says 2020-04-02, but its history gives —: the history"
        " decides; correct the field, or record the step that is missing",
        f"{path}:40: DM-003.history: history must start with `found` on found_on (2020-05-01)",
        f"{path}:40: DM-003.history: history events are not in date order",
        f"{path}:43: DM-004.fixed_on: status is fixed but fixed_on is missing",
    ]


def test_a_copied_ledger_and_a_repeated_id_stop_every_reading_command(tmp_path: Path) -> None:
    """A copy of a ledger (Windows names it `x - 副本.yaml`) and an id used twice would be
    counted twice: every reading command refuses them, naming the file and both lines."""
    data = tmp_path / "data"
    write_ledger(data, MINIMAL)
    write_ledger(data, MINIMAL, name="demo - 副本")
    twice = MINIMAL.replace("  id: demo\n", "  id: twice\n").replace(
        "  - id: DM-002   # a comment on an id\n", "  - id: DM-001\n"
    )
    write_ledger(data, twice, name="twice")
    copy, repeated = data / "demo - 副本.yaml", data / "twice.yaml"
    code, lines = check(data)
    assert code == 1
    assert lines == [
        f"{copy}:4: campaign.id: campaign id 'demo' does not match the file name demo - 副本.yaml:"
        " a copy of a ledger would count its campaign twice, so it is not read (rename the file,"
        " or remove the copy)",
        f"{repeated}:20: DM-001.id: id used twice (first at line 10); if two clerks added it,"
        " give this one the next free id, DM-002",
    ]
    summary = run(data, "--lang", "en", "summary", "--json")
    assert summary.exit_code == 1
    figures = json.loads(summary.stdout)
    assert [c["campaign"] for c in figures["campaigns"]] == ["demo"]  # the healthy one, once
    assert figures["total"]["found"] == 2
    assert (
        f"{copy}:4: campaign.id" in summary.stderr and f"{repeated}:20: DM-001.id" in summary.stderr
    )
    assert "2 ledger(s) could not be read" in summary.stderr
    for args in (
        ("list",),
        ("due",),
        ("report", "--month", "2020-04"),
        ("export", "--format", "csv"),
    ):
        result = run(data, "--lang", "en", *args)
        assert result.exit_code == 1, args
        assert "2 ledger(s) could not be read" in result.stderr, args
    shown = run(data, "--lang", "en", "show", "DM-001", "-c", "twice")
    assert shown.exit_code == 1 and "id used twice" in shown.stderr
    # A write to the healthy campaign is not blocked by its broken neighbours.
    fixed = run(data, "rectify", "DM-001", "--on", "2020-04-10")
    assert fixed.exit_code == 0, fixed.stderr
    assert "DM-001" in run(data, "list", "--status", "fixed", "-c", "demo").stdout


def test_check_json(tmp_path: Path) -> None:
    write_ledger(tmp_path / "data", MINIMAL.replace("    owner: 区商务局\n", "    owner: 区商务\n"))
    result = run(tmp_path / "data", "--lang", "zh", "check", "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == [
        {
            "file": str(tmp_path / "data" / "demo.yaml"),
            "line": 24,
            "field": "DM-002.owner",
            "finding": "DM-002",
            "code": "not_in_registry",
            "warning": False,
            "message": "“区商务”不在专项登记的名单中；是否应为“区商务局”？",
        }
    ]


SCHEMA_CASES = [
    (
        "    deadline: 2020-04-30\n",
        "    deadline: soon\n",
        "16: DM-001.deadline: 'soon' is not a date (write 2020-05-31)",
    ),
    ("    deadline: 2020-04-30\n", "", "10: DM-001.deadline: required field is missing"),
    ("    title: 楼道堆放杂物\n", "    title: [a, b]\n", "11: DM-001.title: must be text"),
    (
        "    status: open\n",
        "    status: closed\n",
        "17: DM-001.status: 'closed' is not one of open, fixed, verified, dropped",
    ),
    (
        "      - {on: 2020-04-01, event: found}\n",
        "      - {on: 2020-04-01, event: seen}\n",
        "19: DM-001.history[0].event: 'seen' is not one of found, fixed",
    ),
    ("  prefix: DM\n", "", "3: campaign.prefix: required field is missing"),
    (
        "ledger: 1\n",
        "ledger: 3\n",
        "2: ledger: ledger format 3 is newer than this tool understands (1 and 2): upgrade ledger",
    ),
    ("ledger: 1\n", "", "1: ledger: required field is missing"),
    (
        "    area: 消防安全\n",
        "    area: 消防安全\n    area: 燃气安全\n",
        '13: YAML error at column 5: duplicate key "area"',
    ),
    (
        "  title: 演示活动\n",
        "  title: &t 演示活动\n  alias: *t\n",
        "5: YAML error at column 10: anchors and aliases are not allowed in a ledger",
    ),
    (
        "  title: 演示活动\n",
        "  title: !!python/object/apply:os.system [ls]\n",
        "5: YAML error at column 10: tags (tag:yaml.org,2002:python/object/apply:os.system) are not allowed",
    ),
    (
        "  title: 演示活动\n",
        "  title: 演示活动\n\tbad: tab\n",
        "6: column 1: a tab in the indentation; indent with spaces only",
    ),
    (
        "  - id: DM-001\n",
        "  - 3\n  - id: DM-001\n",
        "10: findings[0]: must be a mapping of keys to values",
    ),
    ("findings:\n", "findings: 3\nrest:\n", "9: findings: must be a list"),
]


@pytest.mark.parametrize(("old", "new", "message"), SCHEMA_CASES)
def test_schema_and_yaml_errors_name_file_line_and_field(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    assert old in MINIMAL
    path = write_ledger(tmp_path / "data", MINIMAL.replace(old, new, 1))
    code, lines = check(tmp_path / "data")
    assert code == 1
    assert len(lines) == 1
    assert lines[0].startswith(f"{path}:")
    assert message in lines[0]
    before = path.read_bytes()
    result = run(tmp_path / "data", "--lang", "en", "summary")
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"",
            "not a ledger: the file must be a mapping with ledger, campaign and findings (it is empty)",
        ),
        (b"- a\n- b\n", "(it is list)"),
        (b"just text\n", "(it is str)"),
        (b"ledger: 1\ncampaign: \xff\xfe\n", "demo.yaml:2: the file is not UTF-8 text"),
        (b"ledger: [1\n", "YAML error at column"),
    ],
)
def test_files_that_are_no_ledger(tmp_path: Path, content: bytes, message: str) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "demo.yaml").write_bytes(content)
    code, lines = check(folder)
    assert code == 1
    assert message in lines[0]


def test_check_named_files_and_a_missing_one(data_dir: Path, tmp_path: Path) -> None:
    code, lines = check(data_dir, str(data_dir / "demo.yaml"))
    assert (code, lines) == (0, [])
    code, lines = check(data_dir, str(tmp_path / "missing.yaml"))
    assert code == 1
    assert lines == [f"{tmp_path / 'missing.yaml'}: cannot read the file: no such file or folder"]
