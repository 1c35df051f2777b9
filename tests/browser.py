"""Headless Chromium for the HTML report: render a page, dump its DOM, take a screenshot,
and collect what the page wrote to the browser console."""

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
)


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@dataclass(frozen=True)
class Rendered:
    dom: str
    console: list[str]  # every console message and uncaught error of the page


def render(
    page: Path, screenshot: Path | None = None, width: int = 900, height: int = 1400
) -> Rendered:
    """Load `page` from disk (no network) and return its DOM after rendering."""
    browser = chromium()
    assert browser is not None
    with tempfile.TemporaryDirectory() as profile:
        args = [browser, *FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}"]
        if screenshot is not None:
            shot = subprocess.run(
                [*args, f"--screenshot={screenshot}", page.resolve().as_uri()],
                capture_output=True, text=True, timeout=120,
            )  # fmt: skip
            assert shot.returncode == 0, shot.stderr[-2000:]
        done = subprocess.run(
            [*args, "--dump-dom", page.resolve().as_uri()],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == 0, done.stderr[-2000:]
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
    return Rendered(done.stdout, console)
