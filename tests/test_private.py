"""`private:` is hidden at every depth of every section, in every command and every output
format, unless asked for: a ledger with a secret planted in each place is read by every
reading command in every format (files too: xlsx, docx, HTML), and no secret shows.
The commands run in-process (the real CLI, quicker than a process each)."""

import re
import zipfile
from pathlib import Path

import pytest

from tests.helpers import run

ON_THE_DAY: dict[str, str | None] = {"LEDGER_TODAY": "2020-10-01"}
PLACES = (
    "campaign",
    "campaign-nested",
    "activity",
    "activity-event",
    "item",
    "item-event",
    "suggestion",
    "suggestion-event",
    "published",
    "finding",
    "finding-event",
    "finding-mapping",
    "finding-list",
    "finding-deep",
    "fixed-event",
)


def secret(place: str) -> str:
    return f"{{informant: 密-{place}, phone: '1380000{PLACES.index(place):04d}'}}"


LEDGER = f"""\
ledger: 2
campaign:
  id: demo
  title: 演示活动
  prefix: DM
  start: 2020-04-01
  owners: [区房产局, 区商务局]
  private: {secret("campaign")}
  contacts: {{office: 秘书处, private: {secret("campaign-nested")}}}
activities:
  - id: A-001
    kind: inspection
    date: 2020-04-12
    place: 双塘街道
    private: {secret("activity")}
    history:
      - {{date: 2020-04-12, event: recorded, by: 秘书处, private: {secret("activity-event")}}}
items:
  - id: L-001
    title: 楼道堆放杂物
    date: 2020-09-30
    findings: [DM-001, DM-002]
    private: {secret("item")}
    history:
      - {{date: 2020-09-30, event: listed, private: {secret("item-event")}}}
suggestions:
  - id: S-001
    title: 建立楼道巡查制度
    addressee: 区房产局
    date: 2020-09-28
    status: proposed
    private: {secret("suggestion")}
    history:
      - {{date: 2020-09-28, event: proposed, private: {secret("suggestion-event")}}}
published:
  - as_of: 2020-09-30
    found: 2
    fixed: 1
    open: 1
    overdue: 1
    published_on: 2020-09-30
    private: {secret("published")}
findings:
  - id: DM-001
    title: 楼道堆放杂物
    found_on: 2020-04-01
    owner: 区房产局
    measure: 清理杂物
    deadline: 2020-04-30
    status: open
    private: {secret("finding")}
    inspector: {{name: 王某, private: {secret("finding-mapping")}}}
    photos: [{{file: a.jpg, private: {secret("finding-list")}}}]
    notes: {{a: {{b: [{{c: 1, private: {secret("finding-deep")}}}]}}}}
    history:
      - {{date: 2020-04-01, event: found, private: {secret("finding-event")}}}
  - id: DM-002
    title: 燃气软管老化
    found_on: 2020-04-03
    owner: 区商务局
    measure: 更换软管
    deadline: 2020-05-03
    status: fixed
    fixed_on: 2020-04-20
    fix_note: 已更换
    history:
      - {{date: 2020-04-03, event: found}}
      - {{date: 2020-04-20, event: fixed, note: 已更换, private: {secret("fixed-event")}}}
"""

MARK = re.compile(r"密-|1380000")

# Every reading command, in every format it has; {out} is a file to write.
COMMANDS = [
    ("list",),
    ("list", "--json"),
    ("list", "--status", "open"),
    ("show", "DM-001"),
    ("show", "DM-001", "--json"),
    ("show", "DM-002", "--json"),
    ("log", "DM-001"),
    ("log", "DM-002", "--json"),
    ("due",),
    ("due", "--json"),
    ("summary",),
    ("summary", "--json"),
    ("check",),
    ("activity", "list"),
    ("activity", "list", "--json"),
    ("item", "list"),
    ("item", "list", "--json"),
    ("suggest", "list"),
    ("suggest", "list", "--json"),
    *[("report", "--month", "2020-09", "--format", f) for f in ("text", "md", "json", "csv")],
    ("report", "--month", "2020-09", "--format", "html", "-o", "{out}.html"),
    *[("notice", "--owner", "区房产局", "--format", f) for f in ("md", "txt")],
    ("notice", "--owner", "区房产局", "--format", "docx", "-o", "{out}.docx"),
    *[("export", "--format", f) for f in ("csv", "json", "md")],
    ("export", "--format", "xlsx", "-o", "{out}.xlsx"),
]


def file_text(path: Path) -> str:
    if path.suffix in (".xlsx", ".docx"):
        with zipfile.ZipFile(path) as archive:
            return "".join(
                archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
            )
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("private") / "data"
    folder.mkdir()
    (folder / "demo.yaml").write_text(LEDGER, encoding="utf-8")
    return folder


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_no_secret_shows(command: tuple[str, ...], data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = [arg.format(out=out) for arg in command]
    done = run(data, *args, env=ON_THE_DAY)
    assert done.exit_code == 0, done.stdout + done.stderr
    shown = done.stdout + done.stderr
    for written in tmp_path.iterdir():
        shown += file_text(written)
    assert len(shown) > 20  # something was shown
    assert MARK.findall(shown) == []


def test_the_secrets_are_there_for_whoever_asks(data: Path) -> None:
    """The planted secrets are read (so the test above can fail): asked for, they show."""
    listed = run(data, "list", "--json", "--include-private", env=ON_THE_DAY).stdout
    assert "密-finding" in listed and "密-finding-event" in listed and "密-finding-deep" in listed
    shown = run(data, "show", "DM-001", "--private", env=ON_THE_DAY).stdout
    assert "密-finding" in shown
    exported = run(data, "export", "--format", "json", "--include-private", env=ON_THE_DAY).stdout
    assert "密-finding-list" in exported
    assert len(set(re.findall(r"密-[a-z-]+", (data / "demo.yaml").read_text("utf-8")))) == len(
        PLACES
    )
