"""`ledger fmt`: bring ledgers to the canonical layout (ledger.storage.layout), keeping
every comment and value."""

from pathlib import Path

from ledger.core.errors import LedgerError
from ledger.storage.atomic import write_atomic
from ledger.storage.layout import formatted
from ledger.storage.lock import locked
from ledger.storage.parser import parse
from ledger.storage.schema import validate
from ledger.storage.source import Source, read_source
from ledger.storage.transaction import refuse_lost_comments


def format_file(path: Path, check_only: bool) -> bool:
    """Whether the file is (or with check_only, would be) changed; never changes its data."""
    with locked(path):
        source = read_source(path)
        before = validate(parse(source))  # refuse a ledger that does not load
        new_text = formatted(source.text)
        if new_text == source.text:
            return False
        if check_only:
            return True
        refuse_lost_comments(path, source.text, new_text)
        result = Source(path, source.encode(new_text))
        if validate(parse(result)) != before:
            raise LedgerError("edit_mismatch", path=str(path))
        write_atomic(path, result.raw, expected_digest=source.digest)
        return True
