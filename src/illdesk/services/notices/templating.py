"""Notice templates: checked when saved (refused with the line at fault), rendered in the
sandbox when a notice is made.

A template is Jinja2 text with one block per part:

    {% block subject %}Your item is ready: {{ title }}{% endblock %}
    {% block text %}Dear {{ patron_name }}, ...{% endblock %}
    {% block html %}<p>Dear {{ patron_name }}, ...</p>{% endblock %}   (optional)
    {% block letter %}Dear {{ patron_name }}, ...{% endblock %}

The fields it may name are `core.notice_types.FIELDS`; the values arrive already written for
the library's locale (`services.notices.fields`), so staff never format a date themselves.
"""

from __future__ import annotations

import types
from dataclasses import dataclass
from typing import Any

from jinja2 import TemplateSyntaxError, nodes
from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.meta import find_undeclared_variables

from illdesk.core.notice_types import BLOCKS, FIELDS, REQUIRED_BLOCKS
from illdesk.services.errors import InvalidInput
from illdesk.services.notices import sandbox
from illdesk.services.notices.sandbox import NoticeSandbox

_FILENAME = "<notice template>"
_GLOBALS = frozenset({"range", "namespace", "loop"})
_REFUSED_TAGS: dict[type[nodes.Node], str] = {
    nodes.Macro: "macro",
    nodes.CallBlock: "call",
    nodes.Extends: "extends",
    nodes.Include: "include",
    nodes.Import: "import",
    nodes.FromImport: "from ... import",
}

_TEXT = NoticeSandbox(html=False)
_HTML = NoticeSandbox(html=True)


class TemplateRefused(InvalidInput):
    """A template that cannot be used; the message names the line (`line`, 0 if none)."""

    def __init__(self, message: str, line: int = 0) -> None:
        where = f"Line {line}: " if line else ""
        super().__init__(f"{where}{message}", "template")
        self.line = line


@dataclass(frozen=True, slots=True)
class RenderedNotice:
    """One notice written out: e-mail subject, plain text, HTML ("" when none) and letter."""

    subject: str
    text: str
    html: str
    letter: str


@dataclass(frozen=True, slots=True)
class CompiledTemplate:
    """A checked template, ready to render many times."""

    source: str
    plain: Any  # jinja2.Template for subject, text and letter
    markup: Any  # the same source compiled with HTML escaping, for the html block
    has_html: bool


def compile_template(source: str) -> CompiledTemplate:
    """Check a template and compile it; raises TemplateRefused with the line at fault."""
    trees = [_parse(env, source) for env in (_TEXT, _HTML)]
    try:
        _check_tree(trees[0])
        plain, markup = (
            env.template_class.from_code(
                env, env.compile(sandbox.fence(tree), filename=_FILENAME), env.make_globals(None)
            )
            for env, tree in zip((_TEXT, _HTML), trees, strict=True)
        )
    except TemplateSyntaxError as exc:  # an unknown filter or test, found while compiling
        raise TemplateRefused(_sentence(exc.message or str(exc)), exc.lineno or 0) from None
    has_html = any(b.name == "html" for b in trees[0].find_all(nodes.Block))
    return CompiledTemplate(source, plain, markup, has_html)


def check_template(source: str) -> RenderedNotice:
    """Check a template as it is saved: it must parse, use known fields only, and render a
    sample notice inside the sandbox's limits. Returns the sample (raises TemplateRefused)."""
    compiled = compile_template(source)
    sample = {name: f"[{name}]" for name in FIELDS}
    return render(compiled, sample)


def render(compiled: CompiledTemplate, values: dict[str, str]) -> RenderedNotice:
    """Render every part of a notice; raises TemplateRefused (with the line) when the
    template breaks a rule of the sandbox or names a value that is missing."""
    token = sandbox.budget()
    # One context per compiled template, shared by its blocks (as a whole render would).
    contexts: dict[int, Any] = {}
    try:
        parts = {}
        for block in BLOCKS:
            if block == "html" and not compiled.has_html:
                continue
            template = compiled.markup if block == "html" else compiled.plain
            if id(template) not in contexts:
                contexts[id(template)] = template.new_context(dict(values))
            parts[block] = _render_block(template, contexts[id(template)], block)
    finally:
        sandbox.end_budget(token)
    subject = " ".join(parts["subject"].split())  # one line, whatever the template's layout
    return RenderedNotice(
        subject, parts["text"].strip() + "\n", parts.get("html", ""), parts["letter"].strip()
    )


def _render_block(template: Any, context: Any, block: str) -> str:
    chunks: list[str] = []
    size = 0
    try:
        for chunk in template.blocks[block](context):
            size += len(chunk)
            if size > sandbox.MAX_OUTPUT:
                raise TemplateRefused(
                    f"the {block} part grows beyond {sandbox.MAX_OUTPUT:,} characters."
                )
            chunks.append(chunk)
    except TemplateRefused:
        raise
    except SecurityError as exc:
        raise TemplateRefused(
            _sentence(f"not allowed in a notice: {exc}"), _line(template, exc)
        ) from None
    except UndefinedError as exc:
        raise TemplateRefused(_sentence(_undefined_words(exc)), _line(template, exc)) from None
    except RecursionError:
        raise TemplateRefused("the template calls itself without end.") from None
    except Exception as exc:  # anything a template's expression can raise (1/0, int('x'))
        raise TemplateRefused(
            _sentence(f"the {block} part cannot be written: {exc}"), _line(template, exc)
        ) from None
    return "".join(chunks)


def _parse(env: NoticeSandbox, source: str) -> nodes.Template:
    try:
        return env.parse(source)
    except TemplateSyntaxError as exc:
        raise TemplateRefused(_sentence(exc.message or str(exc)), exc.lineno or 0) from None


def _check_tree(tree: nodes.Template) -> None:
    for kind, tag in _REFUSED_TAGS.items():
        for node in tree.find_all(kind):
            raise TemplateRefused(f"notice templates cannot use {{% {tag} %}}.", node.lineno)
    for loop in tree.find_all(nodes.For):
        if loop.recursive:
            raise TemplateRefused("notice templates cannot use recursive loops.", loop.lineno)
    names = {b.name for b in tree.find_all(nodes.Block)}
    unknown_blocks = sorted(names - set(BLOCKS))
    if unknown_blocks:
        raise TemplateRefused(
            f"there is no part called “{unknown_blocks[0]}”; the parts are "
            + ", ".join(BLOCKS)
            + "."
        )
    missing = [b for b in REQUIRED_BLOCKS if b not in names]
    if missing:
        raise TemplateRefused(
            f"the template has no {missing[0]} part: add {{% block {missing[0]} %}}"
            " ... {% endblock %}."
        )
    unknown = (find_undeclared_variables(tree) - set(FIELDS) - _GLOBALS) | {
        n.name
        for n in tree.find_all(nodes.Name)
        if n.name == "self"  # Jinja2's own handle
    }
    if unknown:
        first = min(
            (n for n in tree.find_all(nodes.Name) if n.name in unknown), key=lambda n: n.lineno
        )
        raise TemplateRefused(
            f"there is no field called “{first.name}”. The fields are listed beside the editor.",
            first.lineno,
        )


def _line(template: Any, exc: BaseException) -> int:
    """The template line an error happened on: the compiled code's line in the traceback,
    turned back into the template's by Jinja2's line table."""
    line = 0
    tb: types.TracebackType | None = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == _FILENAME:
            line = int(template.get_corresponding_lineno(tb.tb_lineno))
        tb = tb.tb_next
    return line


def _sentence(text: str) -> str:
    text = text.strip().rstrip(".")
    if text.startswith("No filter named"):
        text = "there is no filter called" + text.removeprefix("No filter named")
    return text + "."


def _undefined_words(exc: UndefinedError) -> str:
    text = str(exc)
    if "has no attribute" in text:
        return f"a field has no part called {text.rsplit(' ', 1)[-1]}"
    return f"this value is not known: {text}"
