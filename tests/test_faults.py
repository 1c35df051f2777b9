"""Faults of the machine: a full disk and a file-size limit give a clear error, the old
ledger intact, and no temporary file left behind."""

import os
import resource
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import ROOT, SAMPLE_DATA, run

LEDGER = "qinhuai-2021-lookback.yaml"
ADD = ("add", "-c", "qinhuai-2021-lookback", "--title", "新问题", "--owner", "区商务局")
ADD += ("--measure", "整改", "--deadline", "+30d", "--area", "小餐饮场所燃气和消防安全")


def ledger_process(
    data: Path, *args: str, fsize: int | None = None
) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        if fsize is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails, EFBIG
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    env = {**os.environ, "LANG": "C.UTF-8"}
    return subprocess.run(
        [sys.executable, "-m", "ledger", "--data", str(data), *args],
        capture_output=True, text=True, env=env, cwd=ROOT, preexec_fn=limit, timeout=120,
    )  # fmt: skip


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A 512 KB tmpfs holding one ledger, then filled to the last byte."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here ({done.stderr.strip() or 'not permitted'})")
    try:
        data = mount / "data"
        (data / ".ledger-cache").mkdir(parents=True)
        shutil.copy(SAMPLE_DATA / LEDGER, data / LEDGER)
        with (mount / "filler").open("wb", buffering=0) as filler:
            try:
                while True:
                    filler.write(b"\0" * 4096)
            except OSError:
                pass
        yield data
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_disk_full_leaves_the_ledger_and_names_it(full_disk: Path) -> None:
    before = (full_disk / LEDGER).read_bytes()
    result = ledger_process(full_disk, *ADD)
    assert result.returncode == 1
    assert f"cannot write {full_disk / LEDGER}: the disk is full" in result.stderr
    assert "Traceback" not in result.stderr
    assert (full_disk / LEDGER).read_bytes() == before
    assert leftovers(full_disk) == []
    report = ledger_process(
        full_disk,
        "report",
        "--month",
        "2021-05",
        "--format",
        "md",
        "-o",
        str(full_disk.parent / "r.md"),
    )
    assert report.returncode == 1
    assert "the disk is full" in report.stderr
    assert not (full_disk.parent / "r.md").exists()
    assert leftovers(full_disk.parent) == []


def test_file_size_limit_leaves_the_ledger(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(SAMPLE_DATA / LEDGER, data / LEDGER)
    before = (data / LEDGER).read_bytes()
    # The cache is written elsewhere; a limit just under the ledger's size fails its write.
    result = ledger_process(data, *ADD, fsize=len(before) - 1)
    assert result.returncode == 1, result.stderr
    assert f"cannot write {data / LEDGER}: File too large" in result.stderr
    assert (data / LEDGER).read_bytes() == before
    assert leftovers(data) == []
    assert ledger_process(data, *ADD).returncode == 0  # and with room, it works


def test_a_file_that_cannot_be_read_is_named_as_unreadable_not_unwritable(tmp_path: Path) -> None:
    """Reads and writes are reported as what they are."""
    data = tmp_path / "data"
    shutil.copytree(SAMPLE_DATA, data)
    missing = tmp_path / "base.yaml"
    merged = run(data, "merge-file", str(missing), str(data / LEDGER), str(data / LEDGER))
    assert merged.exit_code == 1
    assert f"Error: cannot read {missing}: no such file or folder" in merged.stderr
    not_a_folder = tmp_path / "plain-file"
    not_a_folder.write_text("x", encoding="utf-8")
    out = run(data, "report", "--format", "md", "-o", str(not_a_folder / "r.md"))
    assert out.exit_code == 1
    assert (
        f"Error: cannot write {not_a_folder / 'r.md'}: a part of the path is not a folder"
        in out.stderr
    )
