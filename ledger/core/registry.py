"""The campaign's registries (its declared areas and owners): whether a value is on them,
and the closest one for a did-you-mean."""

import difflib

from ledger.core.errors import UsageError


def suggest(value: str, known: list[str]) -> str:
    """The closest registered value, for a did-you-mean; empty if none is close."""
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.4)
    return close[0] if close else ""


def outside(value: str | None, known: list[str] | None) -> bool:
    """Whether `value` is set and the registry, where one is declared, lacks it."""
    return bool(known) and value is not None and value not in (known or [])


def require_registered(field: str, value: str | None, known: list[str] | None) -> None:
    """Refuse a value typed on the command line that the registry lacks, with a did-you-mean."""
    if outside(value, known):
        assert value is not None and known
        raise UsageError(
            "not_in_registry_input",
            field=field,
            value=value,
            hint=suggest(value, known),
            known=tuple(known),
        )
