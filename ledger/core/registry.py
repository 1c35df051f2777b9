"""The campaign's registries (its declared areas and owners): whether a value is on them,
and the closest one for a did-you-mean."""

import difflib

from ledger.core.errors import NotFoundError, UsageError


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


def match_owners(typed: str, known: list[str]) -> list[str]:
    """The owners a typed name means, as every command matches them: the owner of that
    name, else those whose name holds it (消防 for 区消防救援大队). None matching is a
    NotFoundError with a did-you-mean and the owners there are."""
    typed = typed.strip()
    if typed in known:
        return [typed]
    holding = [owner for owner in known if typed in owner]
    if holding:
        return holding
    raise NotFoundError(
        "no_owner", owner=typed, hint=suggest(typed, known), owners=tuple(known) or ("—",)
    )


def match_owner(typed: str, known: list[str]) -> str:
    """The one owner a typed name means (a notice goes to one); several is a UsageError
    naming them."""
    owners = match_owners(typed, known)
    if len(owners) > 1:
        raise UsageError("owner_ambiguous", owner=typed, owners=tuple(owners))
    return owners[0]
