"""The command line in the clerk's language: help, usage lines and the parser's own errors.

Commands and options are written in English in the code; `localize` puts every command's
and option's help, and every metavar, in the language of the run before anything is
printed (the Chinese is in ledger.cli.help_zh). The help's fixed words (Usage, Options,
[default: …]) and the parser's errors (no such option, missing argument, bad value) are
put in the language where they are printed: `LedgerContext` and `usage_error_lines`.
"""

import re
from functools import cache
from typing import Any

import typer
from rich.cells import cell_len
from typer._click.exceptions import (  # typer's own copy of click (typer >= 0.28)
    BadOptionUsage,
    BadParameter,
    MissingParameter,
    NoSuchOption,
    UsageError,
)
from typer._click.formatting import HelpFormatter

from ledger.cli.help_zh import COMMANDS, METAVARS, OPTIONS
from ledger.core.i18n import current_lang, text

_ENGLISH = "_ledger_english"  # where each command and option keeps its English help


def localize(command: Any, lang: str) -> None:
    """Put the help of `command`, its options and its subcommands in `lang` (en or zh)."""
    _localize(command, lang, ())


def _localize(command: Any, lang: str, path: tuple[str, ...]) -> None:
    command.context_class = LedgerContext
    english = _kept(command, ("help", "short_help"))
    zh = COMMANDS.get(" ".join(path)) if lang == "zh" else None
    command.help = zh or english["help"]
    command.short_help = _first_sentence(zh) if zh else english["short_help"]
    for param in command.params:
        original = _kept(param, ("help", "metavar"))
        chinese = lang == "zh"
        param.help = (
            OPTIONS.get(original["help"], original["help"]) if chinese else original["help"]
        )
        metavar = original["metavar"]
        param.metavar = METAVARS.get(metavar, metavar) if chinese and metavar else metavar
    for name, sub in getattr(command, "commands", {}).items():
        _localize(sub, lang, (*path, name))


def _first_sentence(help_text: str) -> str:
    """What a list of commands shows of a command's Chinese help: its first sentence."""
    first = _joined(help_text.split("\n\n", 1)[0].split("\n"))
    return first.split("。", 1)[0] + "。"


def _kept(thing: Any, names: tuple[str, ...]) -> dict[str, Any]:
    """The English values of `names` on `thing`, kept on it the first time."""
    if not hasattr(thing, _ENGLISH):
        setattr(thing, _ENGLISH, {name: getattr(thing, name, None) for name in names})
    kept: dict[str, Any] = getattr(thing, _ENGLISH)
    return kept


# typer's help words, which it passes through gettext, in Chinese.
_TYPER_WORDS = {
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "required": "必填",
    "Arguments": "参数",
    "Options": "选项",
    "Commands": "命令",
    "(dynamic)": "（动态）",
}


def _typer_gettext(message: str) -> str:
    return _TYPER_WORDS.get(message, message) if current_lang() == "zh" else message


setattr(typer.core, "_", _typer_gettext)  # noqa: B010  (typer.core does not export its gettext hook)

# The other fixed words of the help, and how the Chinese help writes them.
_CHROME = (
    (re.compile(r"^Usage: ", re.M), "用法："),
    (re.compile(r"默认：today"), "默认：今天"),
    (re.compile(r"Show this message and exit\."), "显示本帮助并退出。"),
    (re.compile(r"\[OPTIONS\]"), "[选项]"),
    (re.compile(r"COMMAND \[ARGS\]\.\.\."), "命令 [参数]..."),
)


def chrome(help_text: str, lang: str) -> str:
    """Help or a usage line with its fixed words in `lang`."""
    if lang != "zh":
        return help_text
    for pattern, replacement in _CHROME:
        help_text = pattern.sub(replacement, help_text)
    return help_text


_CJK_CLASS = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"


@cache
def _cjk() -> re.Pattern[str]:
    """Compiled on first use: the ranges cost milliseconds, and only help needs them."""
    return re.compile(f"[{_CJK_CLASS}]")


@cache
def _tokens() -> re.Pattern[str]:
    return re.compile(f"\\s+|[{_CJK_CLASS}]|[^\\s{_CJK_CLASS}]+")


_NO_LINE_START = set("。，、；：？！）」』”’》】")


def cell_wrap(paragraph: str, width: int) -> list[str]:
    """A paragraph in lines of at most `width` display columns (a Chinese character takes
    two), broken between Chinese characters or at spaces."""
    lines, line = [], ""
    for token in _tokens().findall(paragraph):
        if token.isspace():
            token = " "
        closing = token in _NO_LINE_START  # 。，、 and the like never start a line
        if line and cell_len(line + token.rstrip()) > width and not closing:
            lines.append(line.rstrip())
            line = "" if token == " " else token
        elif line or token != " ":
            line += token
    return [*lines, line.rstrip()] if line.strip() else lines


def _joined(lines: list[str]) -> str:
    """A paragraph's lines as one: Chinese joined without a space, other text with one."""
    text_so_far = ""
    for line in (line.strip() for line in lines):
        cjk = text_so_far[-1:] and (_cjk().match(text_so_far[-1]) or _cjk().match(line[:1]))
        text_so_far += line if not text_so_far or cjk else f" {line}"
    return text_so_far


class LedgerFormatter(HelpFormatter):
    """Help laid out by display width, so that Chinese help lines up and fits the terminal
    (click counts a Chinese character as one column); English help as click lays it out."""

    def write_text(self, text_: str) -> None:
        if current_lang() != "zh":
            super().write_text(text_)
            return
        indent = " " * self.current_indent
        width = max(self.width - self.current_indent, 20)
        for index, paragraph in enumerate(re.split(r"\n\s*\n", text_.strip("\n"))):
            lines = paragraph.split("\n")
            if index:
                self.write("\n")
            if lines[0].strip() == "\b":  # kept as written
                wrapped = [line.rstrip() for line in lines[1:]]
            else:
                wrapped = cell_wrap(_joined(lines), width - 2)  # room for a closing 。
            self.write("".join(f"{indent}{line}\n" for line in wrapped))

    def write_heading(self, heading: str) -> None:
        if current_lang() != "zh":
            super().write_heading(heading)
            return
        self.write(f"{' ' * self.current_indent}{heading}：\n")

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        if current_lang() != "zh":
            super().write_dl(rows, col_max, col_spacing)
            return
        rows = list(rows)
        first_col = min(max((cell_len(first) for first, _ in rows), default=0), col_max)
        first_col += col_spacing
        indent = " " * self.current_indent
        for first, second in rows:
            self.write(f"{indent}{first}")
            if not second:
                self.write("\n")
                continue
            if cell_len(first) <= first_col - col_spacing:
                self.write(" " * (first_col - cell_len(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = cell_wrap(second, max(self.width - first_col - self.current_indent - 4, 10))
            pad = " " * (first_col + self.current_indent)
            self.write("\n".join([lines[0], *(pad + line for line in lines[1:])]) + "\n")


class LedgerContext(typer.Context):
    """A command's context whose help and usage line speak the language of the run."""

    formatter_class = LedgerFormatter

    def get_help(self) -> str:
        return chrome(super().get_help(), current_lang())

    def get_usage(self) -> str:
        return chrome(super().get_usage(), current_lang())


def usage_error_lines(error: UsageError, lang: str) -> list[str]:
    """What the parser's error says, as the user reads it: the usage line, where to find
    help, and the error, in `lang`."""
    lines = []
    if error.ctx is not None:
        lines.append(error.ctx.get_usage())
        command = f"{error.ctx.command_path} {error.ctx.help_option_names[0]}"
        lines.append(text("usage_try", lang, command=command))
        lines.append("")
    lines.append(text("error", lang, message=_message(error, lang)))
    return lines


def _message(error: UsageError, lang: str) -> str:
    if lang != "zh":
        return error.format_message()
    if isinstance(error, NoSuchOption):
        if error.possibilities:
            return text("no_such_option_hint", lang, option=error.option_name,
                        options=tuple(sorted(error.possibilities)))  # fmt: skip
        return text("no_such_option", lang, option=error.option_name)
    if isinstance(error, MissingParameter):
        hint = _hint(error)
        kind = error.param_type or (error.param.param_type_name if error.param else "")
        return text("missing_argument" if kind == "argument" else "missing_option", lang, name=hint)
    if isinstance(error, BadParameter):
        return text("bad_value", lang, name=_hint(error), reason=_reason(error.message))
    if isinstance(error, BadOptionUsage) and "requires an argument" in error.message:
        return text("option_needs_value", lang, option=error.option_name)
    return _generic(error.format_message())


def _hint(error: BadParameter) -> str:
    if error.param_hint is not None:
        hints = [error.param_hint] if isinstance(error.param_hint, str) else error.param_hint
        return " / ".join(hints)
    if error.param is not None:
        if error.param.param_type_name == "argument":
            return str(error.param.human_readable_name)
        return " / ".join(error.param.opts)
    return ""


# The parser's reasons for a bad value or a wrong call, in Chinese.
_REASONS = (
    (re.compile(r"^'(.*)' is not a valid int(eger)?( range)?\.?$"), "“\\1”不是整数"),
    (re.compile(r"^'(.*)' is not a valid float( range)?\.?$"), "“\\1”不是数"),
    (re.compile(r"^'(.*)' is not one of (.*)\.$"), "“\\1”不是以下之一：\\2"),
    (re.compile(r"^'(.*)' is not '(.*)'\.$"), "“\\1”应为“\\2”"),
    (re.compile(r"^(.*) is not in the range (.*)\.$"), "\\1 不在范围 \\2 内"),
    (re.compile(r"^'(.*)' is not a valid boolean.*$"), "“\\1”不是是/否值"),
)
_GENERIC = (
    (re.compile(r"^Got unexpected extra arguments? \((.*)\)$"), "多余的参数：\\1"),
    (
        re.compile(r"^No such command '(.*)'\. Did you mean '(.*)'\?$"),
        "没有命令“\\1”；是否应为“\\2”？",
    ),
    (re.compile(r"^No such command '(.*)'\.$"), "没有命令“\\1”"),
    (re.compile(r"^Missing command\.$"), "缺少命令"),
)


def _reason(message: str) -> str:
    for pattern, replacement in _REASONS:
        if pattern.match(message):
            return pattern.sub(replacement, message).replace("', '", "、").replace("'", "")
    return message


def _generic(message: str) -> str:
    for pattern, replacement in _GENERIC:
        if pattern.match(message):
            return pattern.sub(replacement, message)
    return message
