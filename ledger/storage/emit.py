"""YAML text for new findings, written directly: an import of 10,000 rows must not wait
for ruamel.yaml's emitter (about 25 s for 10,000 findings).

Only the shapes the tool itself creates are written here (scalars, lists of scalars,
history entries on one line), in the layout of the file they join. Every result is read
back and compared with the intended data before it is written (ledger.storage.transaction), so a case
this gets wrong can only fall back to the slow path, never reach the file.
"""

import json
import re
from datetime import date
from functools import lru_cache
from typing import Any

from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver

from ledger.core.model import FINDING_KEYS
from ledger.storage.yamltext import Layout

_STR = "tag:yaml.org,2002:str"
_RESOLVERS = (VersionedResolver(version=(1, 1)), VersionedResolver(version=(1, 2)))
_UNSAFE_START = set("-?:,[]{}#&*!|>'\"%@` ")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


@lru_cache(maxsize=65536)
def _plain_ok(text: str, flow: bool) -> bool:
    if not text or text != text.strip() or text[0] in _UNSAFE_START or text.endswith(":"):
        return False
    if ": " in text or " #" in text or _CONTROL.search(text):
        return False
    if flow and any(ch in text for ch in ",[]{}"):
        return False
    return all(r.resolve(ScalarNode, text, (True, False)) == _STR for r in _RESOLVERS)


def scalar_text(value: Any, flow: bool = False) -> str:
    """A scalar as YAML: plain where every reader takes it as the same string, else quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
    if _plain_ok(text, flow):
        return text
    if not _CONTROL.search(text):
        return "'" + text.replace("'", "''") + "'"
    # A JSON string is a YAML double-quoted one, once the characters JSON leaves raw and
    # YAML reads as line breaks or refuses (NEL, U+2028, C1 controls) are escaped too.
    quoted = json.dumps(text, ensure_ascii=False)
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m[0]):04x}", quoted)


_JSON_RAW = re.compile(r"[\x7f-\x9f\u2028\u2029\ufeff]")


_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def key_text(key: str, flow: bool = False) -> str:
    """A key: the tool's own names (on, id, event …) as they are, others like any scalar."""
    return key if _NAME.match(key) else scalar_text(key, flow)


def _flow_list(values: list[Any]) -> str:
    return "[" + ", ".join(scalar_text(v, flow=True) for v in values) + "]"


def _flow_map(values: dict[str, Any]) -> str:
    parts = []
    for key, value in values.items():
        if value is None:
            continue
        shown = _flow_list(value) if isinstance(value, list) else scalar_text(value, flow=True)
        parts.append(f"{key_text(key, flow=True)}: {shown}")
    return "{" + ", ".join(parts) + "}"


def finding_text(values: dict[str, Any], layout: Layout) -> str:
    """One finding as a block list entry, keys in the tool's order, unknown keys after."""
    # In the file's columns (the layout's less its shift); the first key in the column of
    # the others (`-   id:` where they stand four past the dash).
    offset, sequence = layout.offset - layout.shift, layout.sequence - layout.shift
    dash = " " * offset + "-" + " " * max(1, sequence - offset - 1)
    inner = " " * sequence
    keys = [k for k in FINDING_KEYS if values.get(k) is not None]
    keys += [k for k in values if k not in FINDING_KEYS and values[k] is not None]
    lines = []
    for place, key in enumerate(keys):
        value = values[key]
        lead = dash if place == 0 else inner
        name = key_text(key)
        if key == "history":
            lines.append(f"{lead}history:")
            item = " " * (sequence + layout.offset) + "- "
            lines += [item + _flow_map(event) for event in value]
        elif isinstance(value, list):
            lines.append(f"{lead}{name}: {_flow_list(value)}")
        elif isinstance(value, dict):
            lines.append(f"{lead}{name}: {_flow_map(value)}")
        else:
            lines.append(f"{lead}{name}: {scalar_text(value)}")
    return "\n".join(lines) + "\n"
