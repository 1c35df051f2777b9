"""Validating parsed data against the model with pydantic, in the users' words.

Every schema error becomes a Problem naming the file, the line and the field
(`QH-004.deadline: not a date`), never a raw pydantic dump.
"""

import re
from collections.abc import Iterator, Mapping
from datetime import date
from functools import cache
from typing import Any

import pydantic_core
from pydantic_core import SchemaValidator, ValidationError

from ledger.core.dates import parse_date
from ledger.core.errors import InvalidLedgerError, Problem, UsageError
from ledger.core.model import (
    Activity,
    Document,
    Finding,
    Item,
    Ledger,
    Published,
    Receipt,
    Score,
    Suggestion,
    id_flaw,
    next_free_id,
    normalize,
    records,
)
from ledger.storage.cache import keep, kept
from ledger.storage.formats import (
    DAY_KEY,
    FORMATS,
    NEWEST,
    read_finding,
    read_keys,
    version_of,
)
from ledger.storage.parser import Parsed, parse
from ledger.storage.source import key_line

RECORD_TYPES: dict[str, Any] = {
    "activities": Activity,
    "items": Item,
    "suggestions": Suggestion,
    "documents": Document,
    "receipts": Receipt,
    "scores": Score,
    "published": Published,
}
# The model's types pydantic validates, by name: the ledger, a finding, a record entry.
VALIDATED: dict[str, Any] = {"ledger": Ledger, "finding": Finding, **RECORD_TYPES}


@cache
def validator(name: str) -> SchemaValidator:
    """pydantic's validator of one of the model's types (VALIDATED).

    pydantic builds one from the type in Python: with its import, 0.1 s or more, as long
    as validating 10,000 findings, on every cold read and every edit. The validator
    pickles as the core schema it was built from, and is rebuilt from that in Rust in
    well under a millisecond: so it is built once and kept in the cache (under the
    reading code's digest, and here pydantic-core's version).
    """
    validators = _kept_validators()
    known = validators.get(name)
    if isinstance(known, SchemaValidator):
        return known
    from pydantic import TypeAdapter

    validators[name] = built = SchemaValidator(TypeAdapter(VALIDATED[name]).core_schema)
    keep(_VALIDATORS, validators)
    return built


_VALIDATORS = f"validators-{pydantic_core.__version__}"


@cache
def _kept_validators() -> dict[str, Any]:
    """The validators kept in the cache, read once a run."""
    found = kept(_VALIDATORS)
    return found if isinstance(found, dict) else {}


def validate(parsed: Parsed) -> Ledger:
    """The parsed data, validated and normalized; an InvalidLedgerError lists every problem.

    The parsed findings are taken over: each is replaced by its validated form as it is
    validated, so that a big ledger is not held twice (the data is not to be read after).
    """
    data = parsed.data
    path = parsed.source.path
    if not isinstance(data, dict):
        kind = "empty" if data is None else type(data).__name__
        raise InvalidLedgerError([Problem(path, 1, "", "not_a_ledger", {"kind": kind})])
    version = data.get("ledger")
    if isinstance(version, int) and not isinstance(version, bool) and version not in FORMATS:
        key = "format_too_new" if version > NEWEST else "format_unknown"
        line = key_line(parsed.source.text.split("\n"), parsed.positions, ("ledger",))
        raise InvalidLedgerError([Problem(path, line, "ledger", key, {"version": version})])
    findings = data.get("findings")
    quick = _validated_by_finding(data, findings) if type(findings) is list else None
    if quick is not None:
        ledger = quick
    elif type(findings) is list:
        again = parse(parsed.source)  # the findings validated so far were replaced
        ledger = _validated_whole(again, again.data)
    else:
        ledger = _validated_whole(parsed, data)
    ledger.setdefault("findings", [])
    for finding in ledger["findings"]:
        normalize(finding)
    if wrong_ids := id_problems(parsed, ledger):
        raise InvalidLedgerError(wrong_ids)
    return ledger


def id_problems(parsed: Parsed, ledger: Ledger) -> list[Problem]:
    """Ids no count could tell apart: holding a character nobody sees, or used twice."""
    return [*_unfit_ids(parsed, ledger), *_repeated_ids(parsed, ledger)]


def _validated_by_finding(data: dict[str, Any], findings: list[Any]) -> Ledger | None:
    """The ledger validated one finding at a time, each read (format 2) just before and
    replaced in the parsed list by its validated form: memory holds each finding once,
    never two or three copies of them all (at 100,000 findings, hundreds of MB). None at
    the first problem: `_validated_whole` then names every one."""
    rest, wrong = read_keys({key: value for key, value in data.items() if key != "findings"})
    finding_validator, version = validator("finding"), version_of(data)
    try:
        ledger: Ledger = validator("ledger").validate_python(rest)
        for index, finding in enumerate(findings):
            if version != 1:
                finding = read_finding(finding, index, wrong)
            findings[index] = finding_validator.validate_python(finding)
    except ValidationError:
        return None
    if wrong:
        return None
    ledger["findings"] = findings
    return ledger


def _validated_whole(parsed: Parsed, data: dict[str, Any]) -> Ledger:
    """The ledger validated at once; an InvalidLedgerError names every problem in it."""
    data, wrong = read_keys(data)
    if wrong:
        raise InvalidLedgerError([_on_in_format_2(parsed, loc) for loc in wrong])
    try:
        validated: Ledger = validator("ledger").validate_python(data)
    except ValidationError as exc:
        raise InvalidLedgerError(list(_problems(exc, parsed, version_of(data)))) from None
    return validated


def _unfit_ids(parsed: Parsed, ledger: Ledger) -> Iterator[Problem]:
    """Ids holding a character nobody sees: DM-001 and DM-001 followed by U+200B would
    look the same in every table and be counted as two findings."""
    for section in ("findings", *RECORD_TYPES):
        entries = ledger["findings"] if section == "findings" else records(ledger, section)
        for index, entry in enumerate(entries):
            entry_id = entry.get("id")
            if not isinstance(entry_id, str) or not (flaw := id_flaw(entry_id)):
                continue
            yield Problem(
                path=parsed.source.path,
                line=key_line(parsed.lines, parsed.positions, (section, index, "id")),
                field=f"{entry_id}.id",
                key="id_not_nfc" if flaw == "NFC" else "id_unseen_character",
                params={"id": entry_id, "char": flaw},
                finding=entry_id if section == "findings" else None,
            )


def _repeated_ids(parsed: Parsed, ledger: Ledger) -> Iterator[Problem]:
    """A finding id used twice: every count would take both, so no command reads on. The
    problem names both lines and the next free id, for the clerk to give one of the two."""
    first: dict[str, int] = {}
    used = {finding["id"] for finding in ledger["findings"]}
    prefix = ledger["campaign"]["prefix"]
    for index, finding in enumerate(ledger["findings"]):
        finding_id = finding["id"]
        if finding_id not in first:
            first[finding_id] = index
            continue
        free = next_free_id(prefix, used)
        used.add(free)
        yield Problem(
            path=parsed.source.path,
            line=key_line(parsed.lines, parsed.positions, ("findings", index, "id")),
            field=f"{finding_id}.id",
            key="duplicate_id",
            params={
                "first": key_line(
                    parsed.lines, parsed.positions, ("findings", first[finding_id], "id")
                ),
                "free": free,
            },
            finding=finding_id,
        )


def validate_record(section: str, values: Mapping[str, object]) -> dict[str, Any]:
    """One entry of a record section (activities, items, …); raises pydantic's ValidationError."""
    record: dict[str, Any] = validator(section).validate_python(values)
    return record


def validate_finding(values: Mapping[str, object]) -> Finding:
    """One finding, validated and normalized; raises pydantic's ValidationError."""
    finding: Finding = validator("finding").validate_python(values)
    return normalize(finding)


_MESSAGE_OF_TYPE = {
    "missing": "field_missing",
    "string_type": "field_not_text",
    "date_type": "field_not_date",
    "date_parsing": "field_not_date",
    "date_from_datetime_parsing": "field_not_date",
    "date_from_datetime_inexact": "field_not_date",
    "int_type": "field_not_integer",
    "int_parsing": "field_not_integer",
    "list_type": "field_not_list",
    "model_type": "field_not_mapping",
    "dict_type": "field_not_mapping",
    "literal_error": "field_not_one_of",
}


def _on_in_format_2(parsed: Parsed, loc: tuple[Any, ...]) -> Problem:
    lines = parsed.source.text.split("\n")
    return Problem(
        path=parsed.source.path,
        line=key_line(lines, parsed.positions, loc),
        field=_field_name(loc, _finding_id(parsed.data, loc)),
        key="on_in_format_2",
        finding=_finding_id(parsed.data, loc),
    )


def _problems(exc: ValidationError, parsed: Parsed, version: int) -> Iterator[Problem]:
    lines = parsed.source.text.split("\n")
    for error in exc.errors(include_url=False):
        loc = tuple(DAY_KEY[version] if part == "on" else part for part in error["loc"])
        finding_id = _finding_id(parsed.data, loc)
        key = _MESSAGE_OF_TYPE.get(error["type"], "field_invalid")
        params: dict[str, Any] = {"detail": error["msg"], "value": _shown(error.get("input"))}
        if error["type"] == "literal_error":
            expected = str(error.get("ctx", {}).get("expected", ""))
            params["expected"] = tuple(re.findall(r"'([^']*)'", expected)) or expected
        if key == "field_not_date" and (iso := _as_iso(error.get("input"))):
            key, params["iso"] = "field_not_iso_date", iso
        yield Problem(
            path=parsed.source.path,
            line=key_line(lines, parsed.positions, loc),
            field=_field_name(loc, finding_id),
            key=key,
            params=params,
            finding=finding_id,
        )


def _shown(value: Any) -> str:
    """A bad value as the message repeats it: short, on one line."""
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _as_iso(value: Any) -> str | None:
    """A date written as clerks type one (2026/12/15, 2026年12月15日), in the form a
    ledger holds; None for anything else."""
    if not isinstance(value, str):
        return None
    try:
        return parse_date(value, date.today(), option="").isoformat()
    except UsageError:
        return None


def _finding_id(data: Any, loc: tuple[int | str, ...]) -> str | None:
    """The id of the finding (or activity, item, suggestion) that `loc` points into, if any."""
    if len(loc) < 2 or not isinstance(loc[0], str) or not isinstance(loc[1], int):
        return None
    findings = data.get(loc[0])
    if not isinstance(findings, list) or not 0 <= loc[1] < len(findings):
        return None
    finding = findings[loc[1]]
    finding_id = finding.get("id") if isinstance(finding, dict) else None
    return finding_id if isinstance(finding_id, str) else None


def _field_name(loc: tuple[int | str, ...], finding_id: str | None) -> str:
    """`QH-004.deadline` where the finding has an id, else `findings[3].deadline`."""
    parts: list[str] = []
    for index, step in enumerate(loc):
        if isinstance(step, int):
            if index == 1 and finding_id:
                parts = [finding_id]
            else:
                parts[-1:] = [f"{parts[-1]}[{step}]" if parts else f"[{step}]"]
        else:
            parts.append(step)
    return ".".join(parts)


def ledger_json_schema() -> str:
    """The JSON Schema of a ledger file in either format, from the same types that
    validate it: format 1 as the types say, format 2 with every day key named `date`."""
    import json

    from pydantic import TypeAdapter

    generated = TypeAdapter(Ledger).json_schema()
    defs = generated.pop("$defs")
    first = _with_version(generated, 1)
    second = _with_version(_in_format_2(generated), 2)
    defs |= {f"{name}2": _in_format_2(schema) for name, schema in defs.items()}
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "A ledger file of the `ledger` tool (format 1 or 2)",
        "oneOf": [first, second],
        "$defs": defs,
    }
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def _with_version(root: dict[str, Any], version: int) -> dict[str, Any]:
    properties = {**root["properties"], "ledger": {"const": version, "title": "Format"}}
    return {**root, "properties": properties}


def _in_format_2(node: Any) -> Any:
    """A schema node for format 2: `on` named `date` (and `on` refused) wherever it is a
    property, and references to the format-2 definitions."""
    if isinstance(node, list):
        return [_in_format_2(item) for item in node]
    if not isinstance(node, dict):
        return node
    shaped = {key: _in_format_2(value) for key, value in node.items()}
    if isinstance(shaped.get("$ref"), str):
        shaped["$ref"] = shaped["$ref"] + "2"
    properties = shaped.get("properties")
    if isinstance(properties, dict) and "on" in properties:
        shaped["properties"] = {("date" if k == "on" else k): v for k, v in properties.items()}
        shaped["required"] = ["date" if k == "on" else k for k in shaped.get("required", [])]
        shaped["not"] = {"required": ["on"]}
    return shaped
