"""The parse cache: used when warm, never stale, never trusted when corrupt or foreign."""

import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from ledger.storage import cache
from ledger.storage.parser import parse
from ledger.storage.reread import kept_blocks
from ledger.storage.schema import validate
from ledger.storage.source import read_source
from ledger.storage.store import load
from tests.helpers import MINIMAL, QUICK_ADD, ROOT, run


def fresh(path: Path) -> tuple[object, object]:
    """What a cold read of the file gives: validated data and positions."""
    parsed = parse(read_source(path))
    return validate(parsed), parsed.positions


def cached(path: Path) -> tuple[object, object] | None:
    entry = cache.read(path, read_source(path).digest)
    return None if entry is None else (entry.ledger, entry.positions)


def test_a_read_leaves_an_entry_that_equals_a_fresh_parse(data_dir: Path) -> None:
    path = data_dir / "demo.yaml"
    assert cached(path) is None
    load(path)
    assert cached(path) == fresh(path)
    assert cache.entry_path(path).parent == cache.cache_root()
    assert data_dir not in cache.entry_path(path).parents  # never beside the ledgers


def test_a_same_size_same_second_edit_is_seen(data_dir: Path) -> None:
    path = data_dir / "demo.yaml"
    load(path)
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("楼道堆放杂物", "楼道堆放纸箱"), encoding="utf-8")  # same length
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert load(path).findings[0]["title"] == "楼道堆放纸箱"


def test_every_kind_of_change_is_seen(data_dir: Path) -> None:
    path = data_dir / "demo.yaml"
    original = path.read_bytes()
    changes = [
        original.replace(b"2020-04-30", b"2020-04-29"),  # one character
        original + b"# a comment at the end\n",  # appended
        original.replace(b"\n", b"\r\n"),  # line endings only
        b"\xef\xbb\xbf" + original,  # a BOM
    ]
    for content in changes:
        load(path)
        path.write_bytes(content)
        assert load(path).ledger == fresh(path)[0]
        assert cached(path) == fresh(path)
    # replaced by a new file (new inode) with the old content: the entry still fits it
    path.unlink()
    path.write_bytes(original)
    assert load(path).ledger == fresh(path)[0]


def test_a_touch_alone_keeps_the_entry(data_dir: Path) -> None:
    path = data_dir / "demo.yaml"
    load(path)
    entry_before = cache.entry_path(path).read_bytes()
    os.utime(path)
    assert load(path).ledger == fresh(path)[0]
    assert cache.entry_path(path).read_bytes() == entry_before


def test_corrupt_and_foreign_entries_are_ignored_and_rebuilt(data_dir: Path) -> None:
    path = data_dir / "demo.yaml"
    entry = cache.entry_path(path)
    entry.parent.mkdir(parents=True, exist_ok=True)
    digest = read_source(path).digest
    for content in (
        b"not a pickle at all",
        pickle.dumps({"some": "thing"}),
        pickle.dumps((("ledger-cache", "0" * 64), digest)) + pickle.dumps(({}, None)),  # other code
        pickle.dumps((cache.header(), "0" * 64)) + pickle.dumps(({}, None)),  # another content
        pickle.dumps((cache.header(), digest)),  # the data cut off
        pickle.dumps((cache.header(), digest)) + pickle.dumps(({}, None)),  # no positions
        pickle.dumps((cache.header(), digest)) + pickle.dumps(([], None))[:-3],  # torn
    ):
        entry.write_bytes(content)
        assert cached(path) is None
        assert load(path).ledger == fresh(path)[0]
        assert cached(path) == fresh(path)


class Marks:
    """Unpickled, it leaves a file behind: what shows that a pickle was loaded."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple[Callable[..., object], tuple[Path, str]]:
        return (Path.write_text, (self.path, "loaded"))


def test_an_entry_of_an_older_content_is_not_loaded_whole(data_dir: Path) -> None:
    """The first read after the file changed (a `git pull`) reads the entry's digest only,
    unless the journal leads from it to the new content."""
    path, marker = data_dir / "demo.yaml", data_dir.parent / "loaded"
    entry = cache.entry_path(path)
    entry.parent.mkdir(parents=True, exist_ok=True)
    body = pickle.dumps((Marks(marker), None))
    entry.write_bytes(pickle.dumps((cache.header(), "0" * 64)) + body)
    entry.chmod(0o600)
    assert cached(path) is None
    assert not marker.exists()
    entry.write_bytes(pickle.dumps((cache.header(), read_source(path).digest)) + body)
    assert cached(path) is None  # not an entry: but its data was loaded
    assert marker.read_text() == "loaded"


def test_an_entry_others_can_write_is_not_loaded(data_dir: Path) -> None:
    path = data_dir / "demo.yaml"
    load(path)
    os.chmod(cache.entry_path(path), 0o666)
    assert cached(path) is None
    assert load(path).ledger == fresh(path)[0]
    assert cache.entry_path(path).stat().st_mode & 0o777 == 0o600  # written afresh, owner's only
    assert cached(path) is not None


@pytest.mark.parametrize(
    "ending", ["", "  # a comment after the last finding\n\n", "# the end\nnotes: 备注\n"]
)
def test_edits_carry_the_cache_over_exactly(data_dir: Path, ending: str) -> None:
    """After each write the stored entry is what a cold parse of the new file gives."""
    path = data_dir / "demo.yaml"
    path.write_text(path.read_text(encoding="utf-8") + ending, encoding="utf-8")
    activity = ("activity", "add", "--kind", "inspection", "--participants", "5")
    steps = [
        QUICK_ADD,
        ("rectify", "DM-001", "--on", "2020-04-20", "--note", "已清理\n分两行写"),
        (*activity, "--on", "2020-04-21"),  # a record section: new
        (*QUICK_ADD[:2], "第二个", *QUICK_ADD[3:]),
        (*activity, "--on", "2020-04-22", "--finding", "DM-002"),  # and grown
        ("rectify", "DM-003", "DM-004"),
    ]
    for step in steps:
        result = run(data_dir, *step)
        assert result.exit_code == 0, result.stderr
        assert cached(path) == fresh(path), step
    assert run(data_dir, "check").exit_code == 0


def test_edits_append_to_the_journal_and_a_torn_record_is_ignored(data_dir: Path) -> None:
    path = data_dir / "demo.yaml"
    load(path)
    entry = cache.entry_path(path).read_bytes()
    assert run(data_dir, *QUICK_ADD).exit_code == 0
    assert run(data_dir, "rectify", "DM-001", "--on", "2020-04-20").exit_code == 0
    activity = ("activity", "add", "--kind", "meeting", "--on", "2020-04-21")
    assert run(data_dir, *activity).exit_code == 0  # a record section's edit: journaled too
    assert cache.entry_path(path).read_bytes() == entry  # the whole entry was not rewritten
    journal = cache.journal_path(path)
    assert cached(path) == fresh(path)
    journal.write_bytes(journal.read_bytes()[:-5])  # the last record cut short
    assert cached(path) is None
    assert load(path).ledger == fresh(path)[0]
    assert cached(path) == fresh(path)
    assert not journal.exists()  # a cold read wrote a whole entry and a new journal


def test_a_long_journal_is_folded_into_a_whole_entry(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "MAX_JOURNAL", 2)
    path = data_dir / "demo.yaml"
    load(path)
    entry = cache.entry_path(path).read_bytes()
    for _ in range(3):
        assert run(data_dir, *QUICK_ADD).exit_code == 0
    assert cache.entry_path(path).read_bytes() != entry
    assert cached(path) == fresh(path)
    stale = cache.stale(path)  # the whole entry keeps its findings' digests for the next pull
    assert stale is not None
    assert stale[1] == kept_blocks(read_source(path).text, load(path).positions)


def test_an_entry_made_by_other_reading_code_is_never_used(data_dir: Path, tmp_path: Path) -> None:
    """The cache is keyed on the reading code itself: a development checkout whose parser
    changed, with no new version number, reads its ledgers afresh."""
    tree = tmp_path / "tree"
    shutil.copytree(ROOT / "ledger", tree / "ledger", ignore=shutil.ignore_patterns("__pycache__"))
    path = data_dir / "demo.yaml"
    probe = (
        "import sys; from pathlib import Path; from ledger.storage import cache, store; "
        "path = Path(sys.argv[1]); digest = store.read_source(path).digest; "
        "before = cache.read(path, digest) is not None; store.load(path); "
        "print(cache.header()[1], before, cache.read(path, digest) is not None)"
    )

    def load_in_the_copy() -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", probe, str(path)],
            capture_output=True,
            text=True,
            cwd=tree,
            env={**os.environ, "PYTHONPATH": str(tree)},
            check=True,
        )
        return done.stdout.split()

    assert load_in_the_copy() == [cache.header()[1], "False", "True"]
    assert cached(path) is not None  # the same code here: the entry serves
    parser = tree / "ledger" / "storage" / "parser.py"
    parser.write_text(parser.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    changed, before, after = load_in_the_copy()
    assert changed != cache.header()[1]
    assert (before, after) == ("False", "True")  # not served the old entry; made its own
    assert cached(path) is None  # and this code is not served the changed code's entry


VALIDATING_READ = """
import sys
from pathlib import Path
from ledger.core.errors import InvalidLedgerError
from ledger.storage.store import load
try:
    load(Path(sys.argv[1]))
    print("valid")
except InvalidLedgerError as error:
    print(error.problems[0].field, error.problems[0].key)
print("pydantic" in sys.modules)
"""


def validating_read(path: Path, cache_dir: Path) -> list[str]:
    """A cold read in a fresh process: what it found, and whether it imported pydantic."""
    env = {**os.environ, "LEDGER_CACHE_DIR": str(cache_dir)}
    for entry in cache_dir.glob(f"{path.stem}-*"):
        entry.unlink()  # the ledger's own entry: every read here is cold
    result = subprocess.run(
        [sys.executable, "-c", VALIDATING_READ, str(path)], capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split("\n")[:2]


def test_the_validators_are_built_once_then_kept_and_refuse_alike(tmp_path: Path) -> None:
    """pydantic builds its validators only on the first cold read; the next ones rebuild
    them from the cache without importing pydantic, and find the same problems."""
    cache_dir, path = tmp_path / "cache", tmp_path / "demo.yaml"
    bad = MINIMAL.replace("deadline: 2020-04-30", "deadline: not a day", 1)
    path.write_text(bad, encoding="utf-8")
    assert validating_read(path, cache_dir) == ["DM-001.deadline field_not_date", "True"]
    (kept,) = cache_dir.glob("validators-*.pickle")
    assert validating_read(path, cache_dir) == ["DM-001.deadline field_not_date", "False"]
    path.write_text(bad.replace("not a day", "2026-12-31"), encoding="utf-8")
    assert validating_read(path, cache_dir) == ["valid", "False"]
    kept.chmod(0o666)  # others could have written it: never loaded, built again
    assert validating_read(path, cache_dir) == ["valid", "True"]
    assert kept.stat().st_mode & 0o777 == 0o600
    kept.write_bytes(b"not a pickle")
    path.write_text(bad, encoding="utf-8")
    assert validating_read(path, cache_dir) == ["DM-001.deadline field_not_date", "True"]
    assert validating_read(path, cache_dir) == ["DM-001.deadline field_not_date", "False"]
