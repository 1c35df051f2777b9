"""The bundled sample ledgers: made by their script, and true to the campaign's figures."""

import json
from pathlib import Path

from ledger.storage.parser import parse
from ledger.storage.source import read_source
from scripts.make_samples import SAMPLES
from tests.helpers import SAMPLE_DATA, run


def test_committed_samples_are_what_the_script_makes() -> None:
    for name, make in SAMPLES.items():
        assert (SAMPLE_DATA / name).read_text(encoding="utf-8") == make(), (
            f"run: python scripts/make_samples.py ({name})"
        )


def test_the_2020_campaign_figures() -> None:
    result = run(
        SAMPLE_DATA,
        "summary",
        "-c",
        "qinhuai-2020-safety",
        "--as-of",
        "2020-09-30",
        "--by",
        "severity",
        "--json",
    )
    campaign = json.loads(result.stdout)["campaigns"][0]
    assert (campaign["found"], campaign["fixed"], campaign["open"]) == (154, 148, 6)
    major = next(row for row in campaign["by"]["severity"] if row["key"] == "major")
    assert 3 <= major["found"] <= 8
    areas = json.loads(run(SAMPLE_DATA, "summary", "-c", "qinhuai-2020-safety", "--json").stdout)
    assert len(areas["campaigns"][0]["by"]["area"]) == 3


def test_no_title_or_measure_is_repeated() -> None:
    for path in sorted(SAMPLE_DATA.glob("*.yaml")):
        findings = parse(read_source(path)).data["findings"]
        titles = [f["title"] for f in findings]
        measures = [f["measure"] for f in findings]
        assert len(set(titles)) == len(titles), path
        assert len(set(measures)) == len(measures), path


def test_the_lookback_has_open_overdue_findings() -> None:
    total = json.loads(
        run(
            SAMPLE_DATA, "summary", "-c", "qinhuai-2021-lookback", "--as-of", "2021-07-01", "--json"
        ).stdout
    )["total"]
    assert total["found"] == 20
    assert total["open"] > 0
    assert total["overdue"] > 0


def test_samples_round_trip_byte_for_byte(tmp_path: Path) -> None:
    """The tool's own writer reproduces the sample files exactly, so edits stay minimal."""
    from ledger.storage.yamltext import dump, round_trip_yaml

    for path in sorted(SAMPLE_DATA.glob("*.yaml")):
        text = read_source(path).text
        yaml = round_trip_yaml()
        assert dump(yaml, yaml.load(text)) == text
