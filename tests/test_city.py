"""A city's rollup over district repositories served by a real git server (`git daemon`,
the git protocol, on a free local port): sync, figures by district, a change pushed, a
server gone, a broken ledger, a force-push; and never a byte written inside a source."""

import contextlib
import csv
import hashlib
import io
import json
import os
import re
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pexpect
import pytest

from tests.helpers import INSTALLED, MINIMAL, git, installed

DISTRICTS = {"秦淮区": "qinhuai", "玄武区": "xuanwu", "鼓楼区": "gulou"}


def ledger_text(campaign: str, extra: int) -> str:
    """A small ledger: MINIMAL's two findings and `extra` more, open."""
    text = MINIMAL.replace("id: demo", f"id: {campaign}").replace(
        "  owners:",
        "  rubric:\n    methods: {assessment: 1.0}\n    indicators: {overdue: 5}\n  owners:",
    )
    for n in range(3, 3 + extra):
        text += (
            f"  - id: DM-{n:03d}\n    title: 问题{n}\n    found_on: 2020-04-0{n % 9 + 1}\n"
            f"    owner: 区房产局\n    measure: 清理\n    deadline: 2020-05-30\n    status: open\n"
            f"    history:\n      - {{on: 2020-04-0{n % 9 + 1}, event: found}}\n"
        )
    return text


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Server:
    """Bare repositories under one folder, served read-only by `git daemon`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["git", "daemon", "--reuseaddr", "--export-all", f"--base-path={self.root}",
             f"--port={self.port}", "--listen=127.0.0.1", str(self.root)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise AssertionError("git daemon did not start")

    def stop(self) -> None:
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
            self.process = None

    def url(self, name: str) -> str:
        return f"git://127.0.0.1:{self.port}/{name}.git"


@pytest.fixture
def city(tmp_path: Path) -> Iterator[tuple[Server, Path, dict[str, Path]]]:
    """Three districts, each a bare repository on the server and a clerk's clone that
    pushes to it; the city's folder with its sources file."""
    server = Server(tmp_path / "server")
    clones = {}
    for number, (district, name) in enumerate(DISTRICTS.items()):
        bare = server.root / f"{name}.git"
        bare.mkdir(parents=True)
        git(bare, "init", "-q", "--bare", "-b", "main")
        clone = tmp_path / "clerks" / name
        clone.mkdir(parents=True)
        git(clone, "init", "-q", "-b", "main")
        (clone / "data").mkdir()
        (clone / "data" / f"{name}-2020.yaml").write_text(ledger_text(f"{name}-2020", number * 3))
        (clone / "data" / "shared-2020.yaml").write_text(ledger_text("shared-2020", number))
        git(clone, "add", "-A")
        git(clone, "commit", "-qm", "台账")
        git(clone, "push", "-q", str(bare), "main")
        clones[district] = clone
    server.start()
    hall = tmp_path / "city"
    hall.mkdir()
    for district, name in DISTRICTS.items():
        done = installed(hall, "sources", "add", district, server.url(name), cwd=hall)
        assert done.returncode == 0, done.stderr
    yield server, hall, clones
    server.stop()


def fingerprint(folder: Path) -> str:
    """Every file under `folder`, path and bytes: what a source must keep."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return digest.hexdigest()


def city_cli(hall: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return installed(hall / "data", "--sources", str(hall / "sources.yaml"), *args, cwd=hall,
                     today="2020-06-30")  # fmt: skip


def figures(hall: Path) -> dict[str, object]:
    done = city_cli(hall, "summary", "--json")
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def push(clone: Path, change: str, *, force: bool = False) -> None:
    path = next((clone / "data").glob("*-2020.yaml"))
    path.write_text(path.read_text(encoding="utf-8") + change, encoding="utf-8")
    git(clone, "commit", "-qam", "更新")
    bare = clone.parent.parent / "server" / f"{clone.name}.git"
    git(clone, "push", "-q", *(["--force"] if force else []), str(bare), "HEAD:main")


NEW_FINDING = (
    "  - id: DM-099\n    title: 新发现的问题\n    found_on: 2020-06-01\n    owner: 区房产局\n"
    "    measure: 清理\n    deadline: 2020-06-20\n    status: open\n"
    "    history:\n      - {on: 2020-06-01, event: found}\n"
)


def test_a_rollup_by_district_is_the_sum_of_the_districts(
    city: tuple[Server, Path, dict[str, Path]],
) -> None:
    server, hall, clones = city
    before = fingerprint(server.root)
    synced = installed(hall, "sync", cwd=hall)
    assert synced.returncode == 0, synced.stderr
    assert synced.stdout.count("\n") == 3
    rollup = figures(hall)
    own = {}
    for district, clone in clones.items():
        done = installed(clone / "data", "summary", "--json", today="2020-06-30")
        own[district] = json.loads(done.stdout)["total"]
    districts = {row.pop("district"): row for row in rollup["districts"]}  # type: ignore[attr-defined]
    assert districts == own
    total = rollup["total"]
    assert total["found"] == sum(o["found"] for o in own.values()) == 2 * 6 + 0 + 3 + 6 + 0 + 1 + 2  # type: ignore[index]
    # one campaign id in every district, kept apart
    names = [c["campaign"] for c in rollup["campaigns"]]  # type: ignore[attr-defined]
    assert {"秦淮区/shared-2020", "玄武区/shared-2020", "鼓楼区/shared-2020"} <= set(names)
    assert {s["source"] for s in rollup["sources"]} == set(DISTRICTS)  # type: ignore[attr-defined]
    assert all(s["stale_days"] is None for s in rollup["sources"])  # type: ignore[attr-defined]
    # in the city's folder the sources file is found without --sources
    here = installed(hall / "data", "summary", "--json", cwd=hall, today="2020-06-30")
    assert json.loads(here.stdout)["total"] == total
    # export and assess read the districts too
    sheet = city_cli(hall, "export", "--all", "--format", "csv", "-o", "-")
    assert sheet.returncode == 0, sheet.stderr
    rows = list(csv.DictReader(io.StringIO(sheet.stdout.lstrip("\ufeff"))))
    assert len(rows) == total["found"]  # type: ignore[index]
    one = city_cli(hall, "assess", "-c", "秦淮区/qinhuai-2020", "--format", "json")
    assert one.returncode == 0, one.stderr
    units = {u["unit"]: u for u in json.loads(one.stdout)["units"]}
    assert units["区房产局"]["total"] == 95.0  # DM-001 open past its deadline: 5 points off
    assert units["区房产局"]["points"][0]["sources"] == ["DM-001"]
    several = city_cli(hall, "assess", "-c", "秦淮区")
    assert several.returncode == 2 and "秦淮区/shared-2020" in several.stderr
    # a change pushed by one district: the next sync and rollup show it
    push(clones["玄武区"], NEW_FINDING)
    again = installed(hall, "sync", cwd=hall)
    assert again.returncode == 0
    assert figures(hall)["total"]["found"] == total["found"] + 1  # type: ignore[index]
    report = city_cli(hall, "report", "--month", "2020-06", "--format", "json")
    shown = json.loads(report.stdout)
    assert [s["name"] for s in shown["sources"]] == list(DISTRICTS)
    by_district = {d["district"]: d["standing"]["found"] for d in shown["districts"]}
    assert by_district == {name: own[name]["found"] + (name == "玄武区") for name in DISTRICTS}
    assert sum(by_district.values()) == shown["total"]["standing"]["found"]
    assert shown["campaigns"][0]["title"] == "秦淮区·演示活动"
    assert fingerprint(server.root) != before  # the push itself
    settled = fingerprint(server.root)
    city_cli(hall, "summary")
    installed(hall, "sync", cwd=hall)
    assert fingerprint(server.root) == settled  # the city never writes to a source


def test_sync_at_a_terminal_speaks_chinese_and_says_each_district(
    city: tuple[Server, Path, dict[str, Path]],
) -> None:
    _server, hall, clones = city
    push(clones["鼓楼区"], NEW_FINDING)
    env = {"LANG": "zh_CN.UTF-8", "PATH": os.environ["PATH"], "HOME": str(hall)}
    child = pexpect.spawn(str(INSTALLED), ["sync"], cwd=str(hall), env=env, encoding="utf-8",
                          timeout=60)  # fmt: skip
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", child.before).replace("\r", "\n")
    assert "正在获取各区台账" in shown  # the progress bar
    lines = re.findall(r"^(\S+区) +([0-9a-f]{12})（(\d{4}-\d\d-\d\d)）", shown, re.M)
    assert sorted(name for name, _, _ in lines) == sorted(DISTRICTS)


def test_a_server_gone_leaves_the_last_state_used_and_said(
    city: tuple[Server, Path, dict[str, Path]],
) -> None:
    server, hall, clones = city
    assert installed(hall, "sync", cwd=hall).returncode == 0
    found = figures(hall)["total"]["found"]  # type: ignore[index]
    state = hall / ".ledger-sources" / "state.json"
    three_days_ago = (datetime.now(UTC) - timedelta(days=3)).isoformat()
    saved = json.loads(state.read_text(encoding="utf-8"))
    for values in saved["sources"].values():
        values["fetched_at"] = three_days_ago
    state.write_text(json.dumps(saved, ensure_ascii=False), encoding="utf-8")
    push(clones["秦淮区"], NEW_FINDING)
    server.stop()  # the city's server goes down
    stale = installed(hall, "--lang", "zh", "sync", cwd=hall)
    assert stale.returncode == 1
    assert stale.stderr.count("未能更新：无法连接，沿用3天前获取的状态") == 3
    rollup = figures(hall)
    assert rollup["total"]["found"] == found  # type: ignore[index]
    assert [s["stale_days"] for s in rollup["sources"]] == [3, 3, 3]  # type: ignore[attr-defined]
    text = city_cli(hall, "--lang", "zh", "summary").stdout
    assert "秦淮区：提交" in text and "未能更新（无法连接，沿用3天前获取的状态）" in text


def test_a_broken_district_ledger_is_named_and_left_out(
    city: tuple[Server, Path, dict[str, Path]],
) -> None:
    server, hall, clones = city
    assert installed(hall, "sync", cwd=hall).returncode == 0
    found = figures(hall)["total"]["found"]  # type: ignore[index]
    broken = clones["鼓楼区"] / "data" / "gulou-2020.yaml"
    own = json.loads(installed(broken.parent, "summary", "-c", "gulou-2020", "--json").stdout)
    broken.write_text("ledger: 2\ncampaign: [oops\n", encoding="utf-8")
    git(clones["鼓楼区"], "commit", "-qam", "坏了")
    git(clones["鼓楼区"], "push", "-q", str(server.root / "gulou.git"), "HEAD:main")
    assert installed(hall, "sync", cwd=hall).returncode == 0
    done = city_cli(hall, "summary", "--json")
    assert done.returncode == 1
    assert "鼓楼区/data/gulou-2020.yaml" in done.stderr
    assert json.loads(done.stdout)["total"]["found"] == found - own["total"]["found"]
    checked = city_cli(hall, "check")
    assert checked.returncode == 1 and "鼓楼区/data/gulou-2020.yaml:" in checked.stdout


def test_a_force_pushed_district_is_fetched_again(
    city: tuple[Server, Path, dict[str, Path]],
) -> None:
    _server, hall, clones = city
    push(clones["秦淮区"], NEW_FINDING)
    assert installed(hall, "sync", cwd=hall).returncode == 0
    with_new = figures(hall)["total"]["found"]  # type: ignore[index]
    git(clones["秦淮区"], "reset", "-q", "--hard", "HEAD~1")
    push(clones["秦淮区"], "# 重写\n", force=True)  # a new commit beside the old one, forced
    done = installed(hall, "sync", cwd=hall)
    assert done.returncode == 0
    assert "its history was rewritten: fetched again" in done.stdout
    assert figures(hall)["total"]["found"] == with_new - 1


class DyingProxy:
    """A TCP relay to the git server that can be told to die in the middle of an answer:
    it forwards `allowance` bytes of the server's reply, then drops every connection and
    stops listening, as a server that crashes mid-sync."""

    def __init__(self, target: int) -> None:
        self.target = target
        self.port = free_port()
        self.allowance: int | None = None  # None: relay everything
        self.listener = socket.create_server(("127.0.0.1", self.port))
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target))
            threading.Thread(target=self._pipe, args=(client, upstream, False), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client, True), daemon=True).start()

    def _pipe(self, source: socket.socket, target: socket.socket, reply: bool) -> None:
        try:
            while data := source.recv(4096):
                if reply and self.allowance is not None:
                    data = data[: self.allowance]
                    self.allowance -= len(data)
                    if self.allowance <= 0:
                        target.sendall(data)
                        self.die()
                        return
                target.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, target):  # shutdown wakes the other relay thread's recv
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)
                end.close()

    def die(self) -> None:
        with contextlib.suppress(OSError):
            self.listener.close()


def test_the_server_dying_mid_sync_leaves_the_previous_state_used(tmp_path: Path) -> None:
    server = Server(tmp_path / "server")
    bare = server.root / "qinhuai.git"
    bare.mkdir(parents=True)
    git(bare, "init", "-q", "--bare", "-b", "main")
    clone = tmp_path / "clerks" / "qinhuai"
    (clone / "data").mkdir(parents=True)
    git(clone, "init", "-q", "-b", "main")
    (clone / "data" / "qinhuai-2020.yaml").write_text(ledger_text("qinhuai-2020", 2))
    git(clone, "add", "-A")
    git(clone, "commit", "-qm", "台账")
    git(clone, "push", "-q", str(bare), "main")
    server.start()
    try:
        proxy = DyingProxy(server.port)
        hall = tmp_path / "city"
        hall.mkdir()
        url = f"git://127.0.0.1:{proxy.port}/qinhuai.git"
        assert installed(hall, "sources", "add", "秦淮区", url, cwd=hall).returncode == 0
        assert installed(hall, "sync", cwd=hall).returncode == 0
        found = figures(hall)["total"]["found"]  # type: ignore[index]
        push(clone, NEW_FINDING)
        proxy.allowance = 60  # the server dies part way through its first answer
        dying = installed(hall, "sync", cwd=hall)
        assert dying.returncode == 1 and "STALE" in dying.stderr
        assert figures(hall)["total"]["found"] == found  # the previous state, used
        assert figures(hall)["sources"][0]["stale_days"] == 0  # type: ignore[index]
    finally:
        server.stop()


def test_a_source_never_reached_is_said_so_and_nothing_is_counted(tmp_path: Path) -> None:
    hall = tmp_path / "city"
    hall.mkdir()
    nowhere = (tmp_path / "no-such-repository.git").as_uri()
    assert installed(hall, "sources", "add", "秦淮区", nowhere, cwd=hall).returncode == 0
    zh = {"LEDGER_LANG": "zh"}
    synced = installed(hall, "sync", cwd=hall, env=zh)
    assert synced.returncode == 1
    assert synced.stderr.strip() == "秦淮区\t无法获取：该地址没有这个仓库或分支，或无法连接"
    summary = installed(hall / "data", "summary", "--json", cwd=hall, env=zh)
    assert summary.returncode == 1
    assert "秦淮区: 尚未获取：请运行 `ledger sync`" in summary.stderr
    assert json.loads(summary.stdout)["total"]["found"] == 0


def test_a_district_by_a_relative_path_is_cloned_shallow_and_followed(tmp_path: Path) -> None:
    """A local path, relative to the sources file's folder, works like any remote: a shallow
    clone with no hard link into the district's repository, then fetches of what changed."""
    clone = tmp_path / "districts" / "qinhuai"
    (clone / "data").mkdir(parents=True)
    git(clone, "init", "-q", "-b", "main")
    for number in (1, 2):  # two commits: a shallow clone holds only the last
        (clone / "data" / "qinhuai-2020.yaml").write_text(ledger_text("qinhuai-2020", number))
        git(clone, "add", "-A")
        git(clone, "commit", "-qm", f"台账{number}")
    hall = tmp_path / "city"
    hall.mkdir()
    assert (
        installed(hall, "sources", "add", "秦淮区", "../districts/qinhuai", cwd=hall).returncode
        == 0
    )
    assert installed(hall, "sync", cwd=hall).returncode == 0
    cached = next(p for p in (hall / ".ledger-sources").iterdir() if p.is_dir())
    shallow = git(cached, "rev-parse", "--is-shallow-repository")
    assert shallow.stdout.strip() == "true"
    objects = [p for p in (cached / ".git" / "objects").rglob("*") if p.is_file()]
    assert objects and all(p.stat().st_nlink == 1 for p in objects)  # nothing shared
    found = figures_of(hall)
    push_local(clone, NEW_FINDING)
    assert installed(hall, "sync", cwd=hall).returncode == 0
    assert figures_of(hall) == found + 1


def figures_of(hall: Path) -> int:
    done = installed(hall / "data", "summary", "--json", cwd=hall, today="2020-06-30")
    assert done.returncode == 0, done.stderr
    found: int = json.loads(done.stdout)["total"]["found"]
    return found


def push_local(clone: Path, change: str) -> None:
    """A change committed in the district's own repository (the city reads it there)."""
    path = clone / "data" / "qinhuai-2020.yaml"
    path.write_text(path.read_text(encoding="utf-8") + change, encoding="utf-8")
    git(clone, "commit", "-qam", "新增问题")
