"""A city's rollup over district repositories: the sources file that lists them, the sync
that fetches each into a cache beside it, and the ledgers read from there.

The sources file (sources.yaml) is a plain file, kept in git like the ledgers:

    sources:
      - {name: 秦淮区, url: git://git.city.gov/qinhuai.git, branch: main, data: data}

`sync` fetches every source, in parallel, into `.ledger-sources/` beside the file (its own
.gitignore keeps it out of git): a shallow clone the first time, then only what changed
(`git ls-remote` first, so a source that did not change costs one round trip). Nothing is
ever written to a source: clone, ls-remote and fetch only read it. A source that cannot be
reached keeps its last fetched state, marked stale with its age; one whose history was
rewritten (a force-push) is fetched again and said so.
"""

import dataclasses
import hashlib
import json
import re
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from ledger.core.errors import NotFoundError, Problem, UsageError
from ledger.core.model import is_one_line
from ledger.core.report import SourceStamp
from ledger.storage.atomic import write_atomic
from ledger.storage.git import run_git
from ledger.storage.parser import parse
from ledger.storage.source import read_source
from ledger.storage.store import LedgerFile, ledger_paths, load_many

SOURCES_FILE = "sources.yaml"
CACHE = ".ledger-sources"
STATE = "state.json"
FETCH_TIMEOUT = 300.0


@dataclass(frozen=True)
class Source:
    name: str  # the district, e.g. 秦淮区
    url: str  # a path, or a git URL: file, ssh, https or git protocol
    branch: str = "main"
    data: str = "data"  # the data folder inside the repository


@dataclass(frozen=True)
class Fetched:
    """A source as last fetched: its commit and the commit's date, when it was fetched;
    in a sync, whether it could not be reached now (stale) or was rewritten."""

    name: str
    commit: str
    committed: str
    fetched_at: str
    stale: bool = False
    rewritten: bool = False
    changed: bool = False
    error: str = ""

    def age_days(self, now: datetime) -> int:
        return (now - datetime.fromisoformat(self.fetched_at)).days


def read_sources(path: Path) -> list[Source]:
    """The sources the file lists; a missing file is a NotFoundError saying how to start."""
    if not path.is_file():
        raise NotFoundError("no_sources", path=str(path))
    data = parse(read_source(path)).data or {}
    entries = data.get("sources") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise UsageError("bad_sources", path=str(path))
    sources = []
    for entry in entries:
        if not isinstance(entry, dict) or not entry.get("name") or not entry.get("url"):
            raise UsageError("bad_sources", path=str(path))
        fields = {k: str(entry[k]) for k in ("name", "url", "branch", "data") if entry.get(k)}
        sources.append(Source(**fields))
    return sources


def write_sources(path: Path, sources: list[Source]) -> None:
    """The sources file, as the tool writes it: one line a source, a header comment."""
    lines = [
        "# The repositories this folder rolls up (ledger sources add/list/remove).",
        "sources:",
    ]
    for source in sources:
        values = ", ".join(f"{key}: {json.dumps(value, ensure_ascii=False)}"
                           for key, value in asdict(source).items())  # fmt: skip
        lines.append(f"  - {{{values}}}")
    if not sources:
        lines[-1] = "sources: []"
    write_atomic(path, ("\n".join(lines) + "\n").encode("utf-8"))


def add_source(path: Path, source: Source) -> list[Source]:
    if not all(is_one_line(v) and v.strip() for v in asdict(source).values()):
        raise UsageError("bad_source_value")
    sources = read_sources(path) if path.exists() else []
    if any(s.name == source.name for s in sources):
        raise UsageError("source_exists", name=source.name)
    sources.append(source)
    write_sources(path, sources)
    return sources


def remove_source(path: Path, name: str) -> list[Source]:
    sources = read_sources(path)
    kept = [s for s in sources if s.name != name]
    if len(kept) == len(sources):
        raise NotFoundError("no_source", name=name, names=tuple(s.name for s in sources) or ("—",))
    write_sources(path, kept)
    return kept


# --- sync -------------------------------------------------------------------------


def cache_dir(path: Path) -> Path:
    folder = path.parent / CACHE
    if not folder.is_dir():
        folder.mkdir(parents=True)
        (folder / ".gitignore").write_text("*\n", encoding="utf-8")
    return folder


def checkout_of(path: Path, source: Source) -> Path:
    """Where a source is fetched to: a folder named by a digest of its name and URL."""
    digest = hashlib.sha256(f"{source.name}\0{source.url}".encode()).hexdigest()[:16]
    return cache_dir(path) / digest


def known_state(path: Path) -> dict[str, Fetched]:
    """Each source as last fetched; stale where the last sync could not reach it (its
    state is older than that sync)."""
    try:
        raw = json.loads((cache_dir(path) / STATE).read_text(encoding="utf-8"))
        synced_at = raw["synced_at"]
        return {
            name: Fetched(**values, stale=values["fetched_at"] < synced_at)
            for name, values in raw["sources"].items()
        }
    except (OSError, ValueError, TypeError, KeyError):
        return {}


def sync(
    path: Path, now: datetime | None = None, done: Callable[[Fetched], None] | None = None
) -> list[Fetched]:
    """Fetch every source, in parallel; `done` is told of each as it finishes."""
    sources = read_sources(path)
    now = now or datetime.now(UTC)
    before = known_state(path)

    def one(source: Source) -> Fetched:
        fetched = _fetch(path, source, before.get(source.name), now)
        if done is not None:
            done(fetched)
        return fetched

    with ThreadPoolExecutor(max_workers=min(16, max(1, len(sources)))) as pool:
        results = list(pool.map(one, sources))
    kept = ("name", "commit", "committed", "fetched_at")
    state = {
        "synced_at": now.isoformat(),
        "sources": {f.name: {k: getattr(f, k) for k in kept} for f in results if f.commit},
    }
    write_atomic(cache_dir(path) / STATE, json.dumps(state, ensure_ascii=False, indent=1).encode())
    return results


def remote(path: Path, source: Source) -> str:
    """The source's URL as git is given it: a local path (relative to the sources file's
    folder) as a file:// URL, so that git reads it as any remote (shallow, no hard links
    into the district's repository) from whichever folder it runs in."""
    url = source.url
    if "://" in url or _SCP_LIKE.match(url):
        return url
    return (path.parent / Path(url).expanduser()).resolve().as_uri()


_SCP_LIKE = re.compile(r"[^/]*:")  # git@host:path, as ssh takes it


def _fetch(path: Path, source: Source, before: Fetched | None, now: datetime) -> Fetched:
    folder = checkout_of(path, source)
    stamp = now.isoformat()
    url = remote(path, source)
    if before is not None and (folder / ".git").is_dir():
        listed = run_git(folder, "ls-remote", "--", url, f"refs/heads/{source.branch}",
                         timeout=FETCH_TIMEOUT)  # fmt: skip
        if listed.returncode != 0 or not listed.stdout.strip():
            return _stale(before, listed.stderr or "branch not found")
        head = listed.stdout.split()[0]
        if head == before.commit:
            return Fetched(source.name, before.commit, before.committed, stamp)
        got = run_git(folder, "fetch", "-q", "--", url, source.branch, timeout=FETCH_TIMEOUT)
        if got.returncode != 0:
            return _stale(before, got.stderr)
        rewritten = run_git(folder, "merge-base", "--is-ancestor", before.commit, "FETCH_HEAD")
        run_git(folder, "checkout", "-q", "--force", "--detach", "FETCH_HEAD")
        return _fetched(folder, source, stamp, rewritten=rewritten.returncode != 0)
    shutil.rmtree(folder, ignore_errors=True)
    cloned = run_git(path.parent, "clone", "-q", "--depth", "1", "--single-branch", "--branch",
                     source.branch, "--", url, str(folder), timeout=FETCH_TIMEOUT)  # fmt: skip
    if cloned.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        if before is not None:
            return _stale(before, cloned.stderr)
        return Fetched(source.name, "", "", "", stale=True, error=_reason(cloned.stderr))
    return _fetched(folder, source, stamp)


def _fetched(folder: Path, source: Source, stamp: str, rewritten: bool = False) -> Fetched:
    shown = run_git(folder, "log", "-1", "--format=%H %cI").stdout.split()
    return Fetched(source.name, shown[0], shown[1][:10], stamp, rewritten=rewritten, changed=True)


def _stale(before: Fetched, stderr: str) -> Fetched:
    return Fetched(before.name, before.commit, before.committed, before.fetched_at,
                   stale=True, error=_reason(stderr))  # fmt: skip


def _reason(stderr: str) -> str:
    lines = [line.strip() for line in stderr.strip().splitlines() if line.strip()]
    return lines[-1][:200] if lines else "unreachable"


# --- reading the districts' ledgers ----------------------------------------------


@dataclass(frozen=True)
class Checkout:
    """A source as `sync` last fetched it: its state and the repository in the cache."""

    source: Source
    fetched: Fetched
    root: Path

    @property
    def data(self) -> Path:
        return self.root / self.source.data

    def shown(self, problem: Problem) -> Problem:
        """The problem with its file named as district/data/file, not by the cache's path."""
        path = problem.path
        inside = path.relative_to(self.data) if path.is_relative_to(self.data) else path.name
        return dataclasses.replace(problem, path=Path(self.source.name) / self.source.data / inside)


def checkouts(path: Path) -> tuple[list[Checkout], list[Problem]]:
    """Every source fetched, and a problem for each one never fetched (or whose data folder
    is not in what was fetched): what every reading of the districts starts from."""
    state = known_state(path)
    found: list[Checkout] = []
    unsynced: list[Problem] = []
    for source in read_sources(path):
        fetched, root = state.get(source.name), checkout_of(path, source)
        if fetched is None or not (root / source.data).is_dir():
            params = {"name": source.name}
            unsynced.append(Problem(path, None, source.name, "source_not_synced", params))
        else:
            found.append(Checkout(source, fetched, root))
    return found, unsynced


@dataclass(frozen=True)
class SourceLedgers:
    """The ledgers of every source as last fetched, each named by its district; the
    problems of those that could not be read (or were never fetched), named; and each
    source's state."""

    ledgers: list[LedgerFile]
    broken: list[Problem]
    fetched: list[Fetched]


def source_ledgers(path: Path) -> SourceLedgers:
    """Read the ledgers of every source from where `sync` fetched them. Each is marked
    with its district, and its campaign shown as district/campaign, so that two districts
    running one campaign are kept apart."""
    found, broken = checkouts(path)
    ledgers: list[LedgerFile] = []
    for checkout in found:
        loaded, problems = load_many(ledger_paths(checkout.data))
        name = checkout.source.name
        for lf in loaded:
            lf.source_name = name
            campaign = {
                **lf.campaign,
                "id": f"{name}/{lf.campaign['id']}",
                "title": f"{name}·{lf.campaign.get('title', '')}",
            }
            lf.ledger = {**lf.ledger, "campaign": campaign}  # type: ignore[typeddict-item]
        ledgers += loaded
        broken += [checkout.shown(problem) for problem in problems]
    return SourceLedgers(ledgers, broken, [c.fetched for c in found])


def stamps(fetched: list[Fetched], now: datetime) -> tuple[SourceStamp, ...]:
    """Each source's commit, its date, and its age where it is stale: what every figure of
    a rollup is stamped with."""
    return tuple(
        SourceStamp(f.name, f.commit, f.committed, f.age_days(now) if f.stale else None)
        for f in fetched
    )
