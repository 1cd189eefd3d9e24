"""Every command the user guide shows is one the program has, written the way it takes it; every
setting it names exists. (The menus and keys it names: tests/ui/test_user_guide_menus.py.)

A command in a code block must be accepted as written. One quoted in a sentence may use the
guide's notation, `[--date YYYY-MM-DD]` for something optional and `a|b` for a choice, and may
name only the command (`illdesk invoices make`): that command must at least answer --help.
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex
from pathlib import Path

import pytest

from illdesk.cli.parser import build_parser
from illdesk.services.admin.settings import LibrarySettings, flatten

GUIDES = [
    Path(__file__).resolve().parents[2] / "docs" / name
    for name in ("user-guide.md", "admin-guide.md")
]
OPTIONAL = re.compile(r"\s*\[([^\]]*)\]")
# The guides' placeholders, and an example of each that the program takes.
PLACEHOLDERS = {"LINE": "42", "N": "3", "FILE": "file.csv", "DATE": "2026-03-31"}
ELLIPSES = {"...", "…"}  # "and the rest", after a command's name


def _argv(command: str) -> list[str]:
    words = shlex.split(command)[1:]
    while words and words[-1] in ELLIPSES and (len(words) < 2 or not words[-2].startswith("-")):
        words.pop()
    return [PLACEHOLDERS.get(w, w) for w in words]


def _examples(text: str) -> list[str]:
    """Commands in code blocks, continuation lines joined and comments dropped."""
    found = []
    for block in re.findall(r"```[a-z]*\n(.*?)```", text, re.S):
        for line in block.replace("\\\n", " ").splitlines():
            command = re.split(r"\s#\s", line)[0].strip()
            if command.startswith("illdesk "):
                found.append(command)
    return found


def _quoted(text: str) -> list[str]:
    """Commands quoted in sentences and tables (outside code blocks)."""
    prose = re.sub(r"```.*?```", "", text, flags=re.S)
    return [span.replace("\\|", "|") for span in re.findall(r"`(illdesk [^`]*)`", prose)]


def _accepts(argv: list[str]) -> str:
    """ "" when the command line parses, else what the program says about it."""
    said = io.StringIO()
    try:
        with contextlib.redirect_stderr(said), contextlib.redirect_stdout(io.StringIO()):
            build_parser().parse_args(argv)
    except SystemExit as exc:
        if exc.code:
            return said.getvalue().strip().splitlines()[-1]
    return ""


def _forms(command: str) -> list[list[str]]:
    """The command with its optional parts left out and put in, a choice's first word."""
    bare = OPTIONAL.sub("", command)
    full = OPTIONAL.sub(lambda m: " " + m.group(1), command)
    forms = []
    for form in dict.fromkeys((bare, full)):
        words = _argv(form)
        forms.append([w.split("|")[0] if "|" in w and not w.startswith("-") else w for w in words])
    return forms


def _named_command(words: list[str]) -> list[str]:
    """The command's own words (before its first argument or option)."""
    parser, path = build_parser(), []
    for word in words:
        if word.startswith("-"):
            break
        choices = _subcommands(parser)
        if word not in choices:
            break
        path.append(word)
        parser = choices[word]
    return path


def _subcommands(parser: object) -> dict[str, object]:
    for action in getattr(parser, "_actions", ()):
        if action.__class__.__name__ == "_SubParsersAction":
            return dict(action.choices)
    return {}


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.name)
def test_every_example_command_is_accepted_as_written(guide: Path) -> None:
    examples = _examples(guide.read_text(encoding="utf-8"))
    refused = {c: why for c in examples if (why := _accepts(_argv(c)))}
    assert refused == {}


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.name)
def test_every_command_quoted_in_the_text_exists_and_reads_as_shown(guide: Path) -> None:
    refused = {}
    for command in _quoted(guide.read_text(encoding="utf-8")):
        forms = _forms(command)
        if any(not _accepts(words) for words in forms):
            continue
        # Else it must name a command without its arguments, one that answers --help.
        words = forms[0]
        path = _named_command(words)
        if not path or len(path) < len(words) or _accepts([*path, "--help"]):
            refused[command] = _accepts(words)
    assert refused == {}


def test_every_setting_the_guides_name_exists() -> None:
    names = {name for name, _value in flatten(LibrarySettings())}
    sections = {name.split(".")[0] for name in names}
    named = set()
    for guide in GUIDES:
        text = guide.read_text(encoding="utf-8")
        for found in re.findall(r"`([a-z_]+(?:\.[a-z_0-9]+)+)`", text):
            if found.split(".")[0] in sections:
                named.add(found)
        named.update(re.findall(r"illdesk settings set ([a-z_.0-9]+)", text))
    assert named and named - names == set()
