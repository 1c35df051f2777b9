"""Render the sample campaign's HTML report in headless Chromium and save the README's
screenshot: python scripts/screenshot_report.py (needs chromium and a CJK font, e.g.
Debian's fonts-noto-cjk)."""

import sys
import tempfile
from pathlib import Path

from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import render  # noqa: E402

from ledger.cli import app  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "report.html"
        args = ["--data", str(ROOT / "data"), "--lang", "zh", "report", "-c", "qinhuai-2020-safety"]
        args += ["--month", "2020-09", "--format", "html", "-o", str(page)]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
        target = ROOT / "docs" / "report.png"
        target.parent.mkdir(exist_ok=True)
        rendered = render(page, screenshot=target, width=820, height=1100)
        assert rendered.console == [], rendered.console
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
