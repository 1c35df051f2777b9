"""The ledger file both ways: bytes and positions, the parser, the schema, the cache,
loading, text splices, the locked transaction, the one atomic writer, the canonical
layout, the merge driver, git, and spreadsheets read in."""
