"""Time every command as a whole process on big generated ledgers: python -m bench.run

Prints, for each ledger size, each command's median time, its spread and peak
memory, and its ratio to a baseline measured in the same run: a plain
ruamel.yaml round-trip load of the same file (what a naive tool pays on every
command). Quote the ratios: these machines are shared and noisy.

    python -m bench.run                      # 1,000 and 10,000 findings, and the rollup
    python -m bench.run --sizes 100000 --repeat 3
    python -m bench.run --only-city           # 16 district repositories of 6,250
"""

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

BASELINE = """
import sys, time
from ledger.storage.yamltext import dump, round_trip_yaml
text = open(sys.argv[1], encoding="utf-8").read()
yaml = round_trip_yaml()
start = time.perf_counter(); data = yaml.load(text); loaded = time.perf_counter()
dump(yaml, data); dumped = time.perf_counter()
print(loaded - start, dumped - loaded)
"""


@dataclass
class Timing:
    label: str
    seconds: list[float]
    peak_kb: int

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    def row(self, baseline: float) -> str:
        spread = f"{min(self.seconds):.2f}–{max(self.seconds):.2f}"
        ratio = self.median / baseline
        return (
            f"| {self.label} | {self.median:.2f} s | {spread} | {self.peak_kb / 1024:.0f} MB "
            f"| {ratio:.3f} (1/{1 / ratio:.0f}) |"
        )


def generate(path: Path, size: int, seed: int = 1) -> Path:
    """Write a ledger in a separate process, so this one stays small: a child's peak
    memory counts what it inherits from here."""
    args = [sys.executable, "-m", "bench.ledgers", str(size), str(path), str(seed)]
    subprocess.run(args, check=True, cwd=Path(__file__).resolve().parent.parent)
    return path


def ledger_command() -> list[str]:
    script = Path(sys.executable).parent / "ledger"
    return [str(script)] if script.exists() else [sys.executable, "-m", "ledger"]


def run_once(args: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time and peak resident memory (KB) of one whole process."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}): {stderr}")
    return elapsed, usage.ru_maxrss


def changed(path: Path) -> Callable[[], None]:
    """A change to the ledger before each run, as a `git pull` brings: a comment line added
    (appended: reading the ledger here would grow this process, and a child's peak memory
    counts what it shares with this one until it starts)."""

    def add_a_line() -> None:
        with path.open("a", encoding="utf-8") as ledger:
            ledger.write("# 已同步\n")

    return add_a_line


def timed(
    label: str,
    make_args: list[list[str]],
    env: dict[str, str],
    cold: bool = False,
    before: Callable[[], None] | None = None,
) -> Timing:
    """Each run timed as a whole process; `cold`: in an empty cache folder (a first run
    ever); `before`: called before each run (e.g. the ledger changed)."""
    seconds, peak = [], 0
    for args in make_args:
        if before is not None:
            before()
        run_env = dict(env)
        if cold:
            run_env["LEDGER_CACHE_DIR"] = tempfile.mkdtemp(prefix="ledger-bench-cold-")
        elapsed, kb = run_once(args, run_env)
        seconds.append(elapsed)
        peak = max(peak, kb)
        if cold:
            shutil.rmtree(run_env["LEDGER_CACHE_DIR"])
    return Timing(label, seconds, peak)


def baseline(path: Path, repeat: int) -> tuple[float, float]:
    """Median ruamel.yaml round-trip load and dump of the file, in a fresh process each."""
    loads, dumps = [], []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-c", BASELINE, str(path)], capture_output=True, text=True, check=True
        )
        load, dump = map(float, out.stdout.split())
        loads.append(load)
        dumps.append(dump)
    return statistics.median(loads), statistics.median(dumps)


def open_ids(path: Path, count: int) -> list[str]:
    """Ids of the last open findings in the file, for rectify runs (read line by line)."""
    ids: list[str] = []
    current = ""
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("  - id: "):
                current = line.split(": ", 1)[1].strip()
            elif line == "    status: open\n":
                ids = [*ids, current][-count:]
    return ids


def bench_size(size: int, repeat: int, folder: Path) -> list[str]:
    data = folder / f"n{size}" / "data"
    path = generate(data / "bench.yaml", size)
    env = {**os.environ, "LEDGER_CACHE_DIR": str(folder / f"cache{size}"), "LEDGER_DATA": str(data)}
    env.pop("COLUMNS", None)
    cmd = ledger_command()
    if size > 20_000:
        # A round trip of 100,000 findings takes many minutes: scale that of 10,000 (it is linear).
        small = generate(folder / "scaled" / "bench.yaml", 10_000)
        load, dump = (t * size / 10_000 for t in baseline(small, 1))
        note = f"estimated as {size // 10_000} × that of 10,000 findings, measured in this run"
    else:
        load, dump = baseline(path, min(repeat, 3))
        note = "measured in this run"
    middle = f"BK-{size // 2:03d}"
    run_once([*cmd, "summary"], env)  # the cache holds what the tool keeps across ledgers
    runs = [
        timed(
            "summary (cold: first read since the file changed, a line added)",
            [[*cmd, "summary"]] * repeat,
            env,
            before=changed(path),
        ),
        timed("check (cold: the same)", [[*cmd, "check"]] * repeat, env, before=changed(path)),
        timed(
            "summary (first run ever: an empty cache, the whole text read)",
            [[*cmd, "summary"]] * repeat,
            env,
            cold=True,
        ),
    ]
    run_once([*cmd, "summary"], env)  # warm the cache
    runs += [
        timed("summary", [[*cmd, "summary"]] * repeat, env),
        timed("list --status overdue", [[*cmd, "list", "--status", "overdue"]] * repeat, env),
        timed(
            "list --status overdue --json",
            [[*cmd, "list", "--status", "overdue", "--json"]] * repeat,
            env,
        ),
        timed(f"show {middle}", [[*cmd, "show", middle]] * repeat, env),
        timed("check (warm)", [[*cmd, "check"]] * repeat, env),
        timed("due", [[*cmd, "due"]] * repeat, env),
        timed("report (last month, terminal)", [[*cmd, "report"]] * repeat, env),
        timed("report --format html", [[*cmd, "report", "--format", "html"]] * repeat, env),
    ]
    add = [
        *cmd,
        "add",
        "--title",
        "基准测试新增问题",
        "--owner",
        "区房产局",
        "--measure",
        "清理",
        "--deadline",
        "+30d",
    ]
    runs.append(timed("add", [add] * repeat, env))
    rectify = [
        [*cmd, "rectify", finding_id, "--note", "已整改"] for finding_id in open_ids(path, repeat)
    ]
    runs.append(timed("rectify", rectify, env))
    activity = [*cmd, "activity", "add", "--kind", "inspection", "--participants", "5"]
    runs.append(timed("activity add", [activity] * repeat, env))
    sheet = folder / f"n{size}" / "export.xlsx"
    runs.append(timed("export (xlsx)", [[*cmd, "export", "-o", str(sheet)]] * repeat, env))
    rows = folder / f"n{size}" / "export.csv"
    runs.append(
        timed(
            "export --format csv",
            [[*cmd, "export", "--format", "csv", "-o", str(rows)]] * repeat,
            env,
        )
    )
    targets = [f"imported-{n}" for n in range(repeat)]
    for target in targets:
        run_once([*cmd, "init", target, "--title", "导入", "--start", "2019-01-01"], env)
    imports = [[*cmd, "import", str(rows), "-c", target] for target in targets]
    runs.append(timed(f"import {size:,} rows (csv, into an empty ledger)", imports, env))
    targets = [f"imported-xlsx-{n}" for n in range(repeat)]
    for target in targets:
        run_once([*cmd, "init", target, "--title", "导入", "--start", "2019-01-01"], env)
    imports = [[*cmd, "import", str(sheet), "-c", target] for target in targets]
    runs.append(timed(f"import {size:,} rows (xlsx, with 处理记录)", imports, env))
    runs.append(timed("--help", [[*cmd, "--help"]] * repeat, env))
    peers = bench_peers(
        folder / f"n{size}" / "peers", cmd, {**env, "LEDGER_CAMPAIGN": "bench"}, repeat
    )
    completing = {
        **env,
        "_LEDGER_COMPLETE": "complete_bash",
        "COMP_WORDS": "ledger list --st",
        "COMP_CWORD": "2",
    }
    runs.append(timed("shell completion (ledger list --st<Tab>)", [cmd] * repeat, completing))
    lines = [
        f"### {size:,} findings ({path.stat().st_size / 1e6:.1f} MB)",
        "",
        f"Baseline, ruamel.yaml round trip of the same file: load {load:.2f} s, dump {dump:.2f} s ({note}).",
        "",
        "| command | median | spread | peak memory | ratio to the round-trip load |",
        "|---|---|---|---|---|",
        *[timing.row(load) for timing in runs],
        "",
        *peers,
    ]
    return lines


def bench_peers(folder: Path, cmd: list[str], env: dict[str, str], repeat: int) -> list[str]:
    """Our warm reads beside Taskwarrior's and hledger's on the same findings (the
    benchmark's ledger: LEDGER_CAMPAIGN), run in alternation so both see the same machine."""
    made = json.loads(
        subprocess.run(
            [sys.executable, "-m", "bench.peers", str(folder), *cmd],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).resolve().parent.parent,
        ).stdout
    )
    pairs: list[tuple[str, list[str], dict[str, str], str, list[str]]] = []
    task_env, journal = made["task_env"], made["journal"]
    missing = []
    if task_env is None:
        missing.append("Taskwarrior (Debian: taskwarrior)")
    else:
        pairs += [
            ("task count", ["task", "count"], task_env, "summary", [*cmd, "summary"]),
            ("task overdue", ["task", "overdue"], task_env, "list --status overdue",
             [*cmd, "list", "--status", "overdue"]),
        ]  # fmt: skip
    if journal is None:
        missing.append("hledger (Debian: hledger)")
    else:
        balance = ["hledger", "-f", str(journal), "balance"]
        pairs.append(("hledger balance", balance, env, "summary --by owner",
                      [*cmd, "summary", "--by", "owner"]))  # fmt: skip
    lines = ["Peers on the same findings (medians, run in alternation; ours warm):", ""]
    if pairs:
        lines += ["| peer | median | ours | median | ours ÷ peer |", "|---|---|---|---|---|"]
    for peer_label, peer_args, peer_env, our_label, our_args in pairs:
        theirs, ours = [], []
        for _ in range(repeat):
            theirs.append(run_once(peer_args, peer_env)[0])
            ours.append(run_once(our_args, env)[0])
        their_median, our_median = statistics.median(theirs), statistics.median(ours)
        lines.append(
            f"| `{peer_label}` | {their_median:.2f} s | `ledger {our_label}` | {our_median:.2f} s "
            f"| {our_median / their_median:.1f}× |"
        )
    lines += [f"Not installed, not timed: {', '.join(missing)}." if missing else "", ""]
    return lines


def bench_rollup(repeat: int, folder: Path, ledgers: int = 60, size: int = 500) -> list[str]:
    data = folder / "rollup" / "data"
    for number in range(ledgers):
        generate(data / f"district-{number:02d}.yaml", size, seed=number)
    env = {**os.environ, "LEDGER_CACHE_DIR": str(folder / "cache-rollup"), "LEDGER_DATA": str(data)}
    cmd = ledger_command()
    load, _ = baseline(data / "district-00.yaml", min(repeat, 3))
    cold = timed(
        "summary of all (cold: an empty cache)", [[*cmd, "summary"]] * repeat, env, cold=True
    )
    run_once([*cmd, "summary"], env)
    warm = timed("summary of all", [[*cmd, "summary"]] * repeat, env)
    return [
        f"### Rollup: {ledgers} ledgers of {size} findings",
        "",
        f"Baseline: ruamel.yaml round-trip load of one of them, {load:.2f} s; of all {ledgers}, about {load * ledgers:.0f} s.",
        "",
        "| command | median | spread | peak memory | ratio to loading all round-trip |",
        "|---|---|---|---|---|",
        cold.row(load * ledgers),
        warm.row(load * ledgers),
        "",
    ]


def git(folder: Path, *args: str) -> None:
    """git in a district's repository, as its clerk (a benchmark fails loudly)."""
    clerk = ["-c", "user.name=区", "-c", "user.email=d@example.org"]
    subprocess.run(["git", "-C", str(folder), *clerk, *args], check=True, capture_output=True)


def district_repos(folder: Path, districts: int, size: int) -> list[Path]:
    """One git repository per district, each with one ledger of `size` findings."""
    repos = []
    for number in range(districts):
        repo = folder / "districts" / f"district-{number:02d}"
        generate(repo / "data" / "bench.yaml", size, seed=number)
        git(repo, "init", "-q", "-b", "main")
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", "台账")
        repos.append(repo)
    return repos


def bench_city(repeat: int, folder: Path, districts: int = 16, size: int = 6_250) -> list[str]:
    """The city rollup over district repositories: sync and summary with --sources, warm,
    with nothing changed, and after one district changed, against reading all cold."""
    root = folder / "city"
    repos = district_repos(root, districts, size)
    hall = root / "hall"
    hall.mkdir()
    sources = hall / "sources.yaml"
    env = {**os.environ, "LEDGER_CACHE_DIR": str(root / "cache"), "LEDGER_SOURCES": str(sources)}
    cmd = ledger_command()
    for number, repo in enumerate(repos):
        run_once([*cmd, "sources", "add", f"district-{number:02d}", repo.as_uri()], env)
    first = timed("first sync (clone every district)", [[*cmd, "sync"]], env)
    summary = [[*cmd, "summary"]] * repeat
    cold = timed("summary of the city (cold: every ledger read)", summary, env, cold=True)
    run_once([*cmd, "summary"], env)
    warm = timed("summary of the city (warm)", summary, env)
    same = timed("sync, nothing changed", [[*cmd, "sync"]] * repeat, env)
    synced, read = [], []
    district = {**env, "LEDGER_DATA": str(repos[0] / "data")}
    district.pop("LEDGER_SOURCES")
    for finding_id in open_ids(repos[0] / "data" / "bench.yaml", repeat):
        run_once([*cmd, "rectify", finding_id, "--note", "已整改"], district)
        git(repos[0], "commit", "-qam", "整改")
        synced.append(run_once([*cmd, "sync"], env))
        read.append(run_once([*cmd, "summary"], env))
    changed = [
        Timing("sync, one district changed", [t for t, _ in synced], max(k for _, k in synced)),
        Timing(
            "summary of the city, one district changed",
            [t for t, _ in read],
            max(k for _, k in read),
        ),
    ]
    total = cold.median
    return [
        f"### City rollup: {districts} district repositories of {size:,} findings",
        "",
        f"Baseline: the city's summary reading every ledger cold, {total:.2f} s.",
        "",
        "| command | median | spread | peak memory | ratio to reading all cold |",
        "|---|---|---|---|---|",
        *[t.row(total) for t in (first, cold, warm, same, *changed)],
        "",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated numbers of findings")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each command")
    parser.add_argument("--no-rollup", action="store_true", help="skip the 60-ledger rollup")
    parser.add_argument("--no-city", action="store_true", help="skip the 16-district city rollup")
    parser.add_argument("--only-city", action="store_true", help="the city rollup alone")
    options = parser.parse_args()
    # As pip leaves an installed package: compiled, so that no run pays for compiling a
    # module edited since (PYTHONDONTWRITEBYTECODE would otherwise make every run pay).
    compileall.compile_dir(Path(__file__).resolve().parent.parent / "ledger", quiet=1)
    with tempfile.TemporaryDirectory(prefix="ledger-bench-") as folder:
        lines = [
            f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, {options.repeat} runs each.",
            "",
        ]
        sizes = [] if options.only_city else [int(s) for s in options.sizes.split(",")]
        options.no_rollup = options.no_rollup or options.only_city
        for size in sizes:
            lines += bench_size(size, options.repeat, Path(folder))
            print("\n".join(lines), flush=True)
            lines = []
        if not options.no_rollup:
            print("\n".join(bench_rollup(options.repeat, Path(folder))), flush=True)
        if not options.no_city:
            print("\n".join(bench_city(options.repeat, Path(folder))), flush=True)


if __name__ == "__main__":
    main()
