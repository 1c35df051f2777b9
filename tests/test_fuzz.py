"""Bad input never crashes it: mangled ledgers end in a message and exit 1 or 2, never a traceback.

The number of examples is bounded for CI; for a longer run:
    LEDGER_FUZZ_EXAMPLES=5000 .venv/bin/pytest tests/test_fuzz.py
"""

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import MINIMAL, run

EXAMPLES = int(os.environ.get("LEDGER_FUZZ_EXAMPLES", "150"))
NASTY = [
    "\t",
    "\r\n",
    "\ufeff",
    ": ",
    "- ",
    "[",
    "{",
    "&a ",
    "*a",
    "!!python/object:os.system ",
    "#",
    "'",
    '"',
    "\x00",
    "\x85",
    "9" * 400,
    "~",
    "2020-13-45",
    "yes",
    "\\u4e2d",
    "…",
]


@st.composite
def mangled(draw: st.DrawFn) -> bytes:
    """The demo ledger with a few cuts, insertions and byte flips."""
    text = MINIMAL
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "cut", "truncate"]))
        if kind == "insert":
            text = (
                text[:at] + draw(st.one_of(st.sampled_from(NASTY), st.text(max_size=8))) + text[at:]
            )
        elif kind == "cut":
            text = text[:at] + text[at + draw(st.integers(1, 40)) :]
        else:
            text = text[:at]
    raw = text.encode("utf-8", "surrogatepass")
    if draw(st.booleans()):
        at = draw(st.integers(0, max(0, len(raw) - 1)))
        raw = raw[:at] + bytes([draw(st.integers(0, 255))]) + raw[at + 1 :]
    return raw


@pytest.mark.slow
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(content=st.one_of(mangled(), st.binary(max_size=300)))
def test_no_input_crashes_the_read_commands(tmp_path_factory: object, content: bytes) -> None:
    folder = Path(tmp_path_factory.mktemp("fuzz")) / "data"
    folder.mkdir()
    (folder / "demo.yaml").write_bytes(content)
    for command in (
        ["check"],
        ["summary", "--json"],
        ["list"],
        ["show", "DM-001"],
        ["rectify", "DM-001", "--on", "2020-04-10"],
    ):
        result = run(folder, "--lang", "en", *command)  # run() re-raises anything but an exit
        assert result.exit_code in (0, 1, 2), (command, result.stderr)
        if result.exit_code:
            assert result.stderr.strip(), command
