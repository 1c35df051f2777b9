"""The YAML mistakes clerks make, named where they are made.

libyaml gives up a line or more after the mistake (a key written `owner：区卫健委`, with the
full-width colon of a Chinese input method, is read as text, and the parser complains
about the next line), in English. The lines just before where it gave up are searched for
the usual mistakes; the one found is reported at its own line and column, with the fix.
Otherwise the parser's reason is put in the user's words where it is a common one.
"""

import re

from ledger.core.i18n import Phrase

# (message key, pattern): group 1 is the mistake itself, for its column.
MISTAKES = (
    ("yaml_fullwidth_colon", re.compile(r"^\s*(?:-\s+)?[^\s:#：'\"]+\s*(：)")),
    ("yaml_tab", re.compile(r"^ *(\t)")),
    ("yaml_fullwidth_space", re.compile(r"^ *(\u3000)|^\s*(?:-\s+)?[\w-]+:(\u3000)")),
    ("yaml_no_space", re.compile(r"^\s*(?:-\s+)?[A-Za-z_][\w-]*(:)[^\s:/]")),
)
LOOK_BACK = 3  # lines before the one the parser named

# The parser's common reasons, in the user's words.
REASONS = {
    "could not find expected ':'": "yaml_reason_colon",
    "mapping values are not allowed in this context": "yaml_reason_mapping_here",
    "mapping values are not allowed here": "yaml_reason_mapping_here",
    "found character that cannot start any token": "yaml_reason_bad_start",
    "did not find expected key": "yaml_reason_indent",
    "did not find expected '-' indicator": "yaml_reason_indent",
    "did not find expected <document start>": "yaml_reason_indent",
    "expected <block end>, but found '<block sequence start>'": "yaml_reason_indent",
    "expected <block end>, but found '<block mapping start>'": "yaml_reason_indent",
    "found unexpected end of stream": "yaml_reason_end",
    "did not find expected ',' or ']'": "yaml_reason_flow_list",
    "did not find expected ',' or '}'": "yaml_reason_flow_map",
    "found a tab character that violates indentation": "yaml_tab_reason",
    "found a tab character where an indentation space is expected": "yaml_tab_reason",
}


def mistake_near(lines: list[str], line: int) -> tuple[int, int, str] | None:
    """(line, column, message key) of a known mistake on `line` (1-based) or the few lines
    before it; None where there is none."""
    for number in range(line, max(1, line - LOOK_BACK) - 1, -1):
        if not 0 < number <= len(lines) or lines[number - 1].lstrip().startswith("#"):
            continue
        for key, pattern in MISTAKES:
            if match := pattern.search(lines[number - 1]):
                group = next(g for g in range(1, (pattern.groups or 0) + 1) if match.group(g))
                return number, match.start(group) + 1, key
    return None


def reason_phrase(reason: str) -> Phrase | str:
    """The parser's reason in the user's words where it is a common one, else as it is."""
    key = REASONS.get(reason.strip().rstrip("."))
    return Phrase(key) if key else reason
