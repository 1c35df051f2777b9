"""Where ledgers live and how they are loaded.

Loading is one pipeline: read the bytes, then take the cached parse of exactly
these bytes, or parse and validate them (and cache that). The parser and the
schema are imported only on that cold path, to keep every command's start quick.
"""

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from ledger.core.errors import FileError, InvalidLedgerError, NotFoundError, Problem, UsageError
from ledger.core.model import SUFFIX, Campaign, Finding, IdIndex, Ledger, records
from ledger.core.registry import suggest
from ledger.storage import cache
from ledger.storage.atomic import write_atomic
from ledger.storage.source import Positions, Source, key_line, read_source

CAMPAIGN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


@dataclass
class LedgerFile:
    """A loaded ledger: its text, its validated data, and where things stand in the text."""

    path: Path
    source: Source
    ledger: Ledger
    positions: Positions
    cached: cache.Entry | None = None  # the cache entry it was loaded from, if any
    source_name: str | None = None  # the district it was read from, in a city's rollup

    @cached_property
    def lines(self) -> list[str]:
        return self.source.text.split("\n")

    @property
    def findings(self) -> list[Finding]:
        return self.ledger["findings"]

    @property
    def campaign(self) -> Campaign:
        return self.ledger["campaign"]

    def finding(self, finding_id: str) -> Finding | None:
        return next((f for f in self.findings if f["id"] == finding_id), None)

    def records(self, section: str) -> list[dict[str, Any]]:
        """The entries of a record section (activities, items, suggestions, published)."""
        return records(self.ledger, section)

    def record(self, section: str, record_id: str) -> dict[str, Any] | None:
        return next((e for e in self.records(section) if e.get("id") == record_id), None)


def check_campaign_id(campaign_id: str) -> str:
    """Refuse ids that could name a path outside the data dir."""
    if not CAMPAIGN_ID.fullmatch(campaign_id):
        raise UsageError("bad_campaign_id", campaign=campaign_id)
    return campaign_id


def ledger_path(data_dir: Path, campaign_id: str) -> Path:
    return data_dir / f"{check_campaign_id(campaign_id)}{SUFFIX}"


DEFAULT_FILE = ".ledger-use"  # the campaign `ledger use` chose, for this data folder


def read_default(data_dir: Path) -> str | None:
    """The campaign `ledger use` chose for this data folder, if any."""
    try:
        lines = (data_dir / DEFAULT_FILE).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    chosen = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    return chosen[0] if chosen else None


def write_default(data_dir: Path, campaign_id: str | None) -> str | None:
    """Make `campaign_id` (its id, or the start of one) the folder's default campaign, or
    clear the default with None; returns the id chosen."""
    path = data_dir / DEFAULT_FILE
    if campaign_id is None:
        path.unlink(missing_ok=True)
        return None
    chosen = single_path(data_dir, campaign_id).stem
    note = "# The campaign ledger commands work on when -c is not given (ledger use).\n"
    write_atomic(path, f"{note}{chosen}\n".encode())
    return chosen


def ledger_paths(data_dir: Path) -> list[Path]:
    """Every ledger file in the data dir, sorted by name."""
    if not data_dir.is_dir():
        raise NotFoundError("no_data_dir", path=str(data_dir))
    return sorted(p for p in data_dir.glob(f"*{SUFFIX}") if p.is_file())


def evidence_root(data_dir: Path) -> Path:
    """Where evidence paths are relative to: the git repository holding the data folder, or
    the data folder's parent outside git (found by looking for .git, without running git)."""
    folder = data_dir.resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return folder.parent


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building large acyclic data.

    Loading 100,000 findings creates millions of dicts and strings; without the
    pause the collector runs over them again and again, tripling the time. What was
    built is then frozen (set aside from collections), so that the collector does not
    walk it all once more as soon as it runs again: it is data, without cycles, kept
    for the rest of the command.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.enable()


def load(path: Path) -> LedgerFile:
    """The one load pipeline: read, then the cached parse of these bytes, or parse and validate.

    A ledger whose campaign id is not its file's name is refused: a copy of a ledger
    (`x - 副本.yaml`) would otherwise count the campaign twice.
    """
    with gc_paused():
        loaded = _load(path)
    if loaded.campaign["id"] != path.stem:
        line = key_line(loaded.lines, loaded.positions, ("campaign", "id"))
        params = {"campaign": loaded.campaign["id"], "file": path.name}
        problem = Problem(path, line, "campaign.id", "campaign_id_mismatch", params)
        raise InvalidLedgerError([problem])
    return loaded


def _load(path: Path) -> LedgerFile:
    source = read_source(path)
    entry = cache.read(path, source.digest)
    if entry is not None:
        return LedgerFile(path, source, entry.ledger, entry.positions, entry)
    from ledger.storage.parser import parse
    from ledger.storage.reread import kept_blocks, reread
    from ledger.storage.schema import validate

    stale = cache.stale(path)
    read_again = None if stale is None else reread(source, *stale)
    if read_again is None:
        parsed = parse(source)
        ledger = validate(parsed)
        blocks = kept_blocks(source.text, parsed.positions, parsed.spans)
        read_again = ledger, parsed.positions, blocks
    ledger, positions, blocks = read_again
    entry = cache.Entry(source.digest, ledger, positions)
    cache.write(path, entry, blocks)
    return LedgerFile(path, source, ledger, positions, entry)


def load_many(paths: list[Path]) -> tuple[list[LedgerFile], list[Problem]]:
    """Every ledger that loads, and the problems of those that do not: one broken ledger
    must not keep the healthy ones from being read."""
    ledgers: list[LedgerFile] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            ledgers.append(load(path))
        except InvalidLedgerError as exc:
            problems += exc.problems
        except FileError as exc:
            problems.append(Problem(path, None, "", "unreadable", {"reason": exc.params["reason"]}))
    return ledgers, problems


def choose_paths(data_dir: Path, campaign_id: str | None) -> list[Path]:
    """The ledger named by `campaign_id` (its id, or the start of one id), or every ledger
    in the data dir."""
    if campaign_id is None:
        paths = ledger_paths(data_dir)
        if not paths:
            raise NotFoundError("no_ledgers", path=str(data_dir))
        return paths
    path = ledger_path(data_dir, campaign_id)
    if path.is_file():
        return [path]
    known = ledger_paths(data_dir) if data_dir.is_dir() else []
    starting = [p for p in known if p.stem.casefold().startswith(campaign_id.casefold())]
    if len(starting) == 1:
        return starting
    if starting:
        names = tuple(p.stem for p in starting)
        raise UsageError("campaign_ambiguous", campaign=campaign_id, campaigns=names)
    hint = suggest(campaign_id, [p.stem for p in known])
    raise NotFoundError("no_campaign", campaign=campaign_id, path=str(data_dir), hint=hint)


def single_path(data_dir: Path, campaign_id: str | None) -> Path:
    """The ledger a one-campaign command works on: the named one, or the only one there is."""
    paths = choose_paths(data_dir, campaign_id)
    if len(paths) > 1:
        names = tuple(p.stem for p in paths)
        raise UsageError("campaign_needed", campaigns=names)
    return paths[0]


def locate_findings(
    data_dir: Path, campaign_id: str | None, typed: list[str]
) -> tuple[Path, list[str]]:
    """The one ledger that holds all the findings typed, and their ids as the ledger writes
    them (g2e-11 is G2E-011); without a campaign, the ledger is found by searching the data
    dir. An id no ledger holds is left as typed: the command says it is not there."""
    paths = choose_paths(data_dir, campaign_id)
    ledgers, broken = load_many(paths)  # a broken neighbour does not block the healthy
    indexes = [(lf.path, IdIndex(f["id"] for f in lf.findings)) for lf in ledgers]
    homes: dict[str, list[tuple[Path, str]]] = {}
    for finding_id in dict.fromkeys(typed):
        homes[finding_id] = [
            (path, meant) for path, index in indexes if (meant := index.match(finding_id))
        ]
    if len(paths) == 1 and not broken:
        path = paths[0]
        return path, [next((m for _, m in homes[t]), t) for t in typed]
    for finding_id, found in homes.items():
        if not found and broken:
            raise InvalidLedgerError(broken)  # it may be in a ledger that does not load
        if not found:
            raise NotFoundError("no_finding", finding=finding_id)
        if len(found) > 1:
            names = tuple(p.stem for p, _ in found)
            raise UsageError("finding_ambiguous", finding=finding_id, campaigns=names)
    distinct = {found[0][0] for found in homes.values()}
    if len(distinct) > 1:
        raise UsageError("findings_in_several", campaigns=tuple(sorted(p.stem for p in distinct)))
    return distinct.pop(), [homes[t][0][1] for t in typed]
