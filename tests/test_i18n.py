"""Every message exists in English and Chinese, with the same blanks to fill."""

import string
from typing import get_args

from ledger.core.i18n import MESSAGES, detect_lang
from ledger.core.model import LADDER, SEVERITIES, STATUSES, EventKind
from ledger.core.standing import ALLOWED_FROM


def blanks(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_languages_with_the_same_blanks() -> None:
    for key, (english, chinese) in MESSAGES.items():
        assert english and chinese, key
        assert blanks(english) == blanks(chinese), key
        assert all(name.isidentifier() for name in blanks(english)), key  # "{ }" is no blank
        assert "\\u" not in chinese


def test_every_family_of_keys_is_complete() -> None:
    needed = [f"cannot_{event}" for event in ALLOWED_FROM] + [
        f"done_{event}" for event in ALLOWED_FROM
    ]
    needed += [f"event_{kind}" for kind in get_args(EventKind)] + [
        f"ladder_{step}" for step in LADDER
    ]
    needed += [f"status_{status}" for status in STATUSES] + [
        f"severity_{level}" for level in SEVERITIES
    ]
    assert [key for key in needed if key not in MESSAGES] == []


def test_language_from_option_environment_or_locale() -> None:
    assert detect_lang("en", {"LANG": "zh_CN.UTF-8"}) == "en"
    assert detect_lang(None, {"LEDGER_LANG": "zh", "LANG": "en_US.UTF-8"}) == "zh"
    assert detect_lang(None, {"LC_ALL": "zh_TW.UTF-8"}) == "zh"
    assert detect_lang(None, {"LANG": "C.UTF-8"}) == "en"
    assert detect_lang(None, {}) == "en"
