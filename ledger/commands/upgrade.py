"""`ledger upgrade`: move a ledger from format 1 to format 2 under its lock, changing only the
lines that must change (`ledger: 1`, and each `on:` key of an event or a dated entry);
every comment, unknown key, quote style and line ending stays."""

from pathlib import Path

from ledger.core.errors import LedgerError
from ledger.storage import cache
from ledger.storage.atomic import write_atomic
from ledger.storage.formats import NEWEST, upgraded_text
from ledger.storage.lock import locked
from ledger.storage.parser import parse
from ledger.storage.reread import kept_blocks
from ledger.storage.schema import validate
from ledger.storage.source import Source, read_source


def upgrade_file(path: Path, check_only: bool) -> bool:
    """Whether the file is (or with check_only, would be) upgraded; its data never changes
    but for the format number, and what is written is read back before it replaces the file."""
    with locked(path):
        source = read_source(path)
        before = validate(parse(source))
        new_text = upgraded_text(source.text)
        if new_text is None:
            return False
        if check_only:
            return True
        result = Source(path, source.encode(new_text))
        parsed = parse(result)
        after = validate(parsed)
        if after != {**before, "ledger": NEWEST}:
            raise LedgerError("edit_mismatch", path=str(path))
        write_atomic(path, result.raw, expected_digest=source.digest)
        blocks = kept_blocks(result.text, parsed.positions, parsed.spans)
        cache.write(path, cache.Entry(result.digest, after, parsed.positions), blocks)
        return True
