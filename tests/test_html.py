"""The HTML report in a real browser: it renders with no console errors, and its SVG
chart is there with a point for every month. Skips, saying why, without Chromium."""

import re
from pathlib import Path

import pytest

from tests.browser import chromium, render
from tests.helpers import SAMPLE_DATA, run

pytestmark = pytest.mark.skipif(
    chromium() is None, reason="Chromium is not installed (Debian: apt-get install chromium)"
)


def test_console_errors_are_seen(tmp_path: Path) -> None:
    """The check below can fail: a page with a script error is caught."""
    page = tmp_path / "bad.html"
    page.write_text(
        "<html><body><script>undefined_call();</script></body></html>", encoding="utf-8"
    )
    assert any("undefined_call" in line for line in render(page).console)


def test_sample_report_renders_with_its_chart(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    args = ("--lang", "zh", "report", "-c", "qinhuai-2020-safety", "--month", "2020-09")
    assert run(SAMPLE_DATA, *args, "--format", "html", "-o", str(page)).exit_code == 0
    shot = tmp_path / "report.png"
    rendered = render(page, screenshot=shot)
    assert rendered.console == []
    svg = re.search(r"<svg[^>]*>.*?</svg>", rendered.dom, re.S)
    assert svg is not None
    lines = re.findall(r'<polyline points="([^"]+)"', svg[0])
    assert [len(points.split()) for points in lines] == [6, 6]  # April to September
    assert "发现并反馈问题154处，累计整改完成148处" in rendered.dom
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000
