"""The fenced room a notice template runs in.

Staff write templates, and a template must never reach the program (attributes such as
`__class__`, the settings, the database) nor stop the desk (a loop that never ends, an output
of gigabytes). Jinja2's `ImmutableSandboxedEnvironment` keeps attribute access and calls safe;
this module adds the limits on size and time it leaves to its user:

- every `for` loop is routed through a counter, so all loops of one notice together run at
  most `MAX_LOOP_STEPS` times (nested loops included);
- `*`, `+`, `**`, `%` and `~` refuse a result longer than `MAX_VALUE` before making it;
- only plain string methods and a list of harmless filters are offered (no `center(10**9)`);
- macros, `call` blocks and template imports are refused when the template is checked, so
  nothing can recurse;
- the rendered text stops at `MAX_OUTPUT` characters.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterable, Iterator
from typing import Any

from jinja2 import StrictUndefined, nodes
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

MAX_LOOP_STEPS = 10_000
MAX_VALUE = 100_000
MAX_OUTPUT = 200_000
MAX_EXPONENT = 64

# String methods a template may call: none of them can grow a value.
SAFE_METHODS = frozenset(
    {
        "upper",
        "lower",
        "title",
        "capitalize",
        "strip",
        "lstrip",
        "rstrip",
        "startswith",
        "endswith",
        "split",
        "splitlines",
        "isdigit",
        "isalpha",
    }
)
# Filters that cannot grow their input beyond what it already is.
SAFE_FILTERS = frozenset(
    {
        "abs",
        "capitalize",
        "count",
        "d",
        "default",
        "dictsort",
        "e",
        "escape",
        "first",
        "float",
        "int",
        "join",
        "last",
        "length",
        "list",
        "lower",
        "max",
        "min",
        "reverse",
        "round",
        "safe",
        "sort",
        "string",
        "striptags",
        "sum",
        "title",
        "trim",
        "truncate",
        "unique",
        "upper",
    }
)

_steps: contextvars.ContextVar[list[int]] = contextvars.ContextVar("notice_loop_steps")


class NoticeSandbox(ImmutableSandboxedEnvironment):
    """The Jinja2 sandbox with size and time limits (see the module docstring)."""

    intercepted_binops = frozenset({"*", "+", "**", "%"})

    def __init__(self, *, html: bool) -> None:
        super().__init__(
            autoescape=html,
            undefined=StrictUndefined,
            keep_trailing_newline=False,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        kept = {name: self.filters[name] for name in SAFE_FILTERS}
        self.filters.clear()
        self.filters.update(kept)
        self.filters["_counted"] = counted
        self.filters["_joined"] = joined
        self.filters["replace"] = bounded_replace
        self.globals = {"range": self.globals["range"], "namespace": self.globals["namespace"]}

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(times, int):
                    _check_size(len(seq) * max(times, 0))
        elif operator == "+" and isinstance(left, str | list | tuple):
            _check_size(len(left) + len(right) if hasattr(right, "__len__") else 0)
        elif operator == "**" and isinstance(right, int | float) and abs(right) > MAX_EXPONENT:
            raise SecurityError(f"a power above {MAX_EXPONENT} is not allowed")
        elif operator == "%" and isinstance(left, str):
            raise SecurityError("text cannot be formatted with %; join pieces with ~")
        return super().call_binop(context, operator, left, right)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, str) and callable(value) and attr not in SAFE_METHODS:
            return False  # .center(10**9), .format(...): a method that can grow text
        return bool(super().is_safe_attribute(obj, attr, value))

    def wrap_str_format(self, value: Any) -> None:
        return None  # str.format is refused like any other unlisted method


def _check_size(size: int) -> None:
    if size > MAX_VALUE:
        raise SecurityError(f"a value of more than {MAX_VALUE:,} characters is not allowed")


def counted(items: Iterable[Any]) -> Iterator[Any]:
    """A loop's items, each counted against the notice's budget of loop steps."""
    budget = _steps.get()
    for item in items:
        budget[0] += 1
        if budget[0] > MAX_LOOP_STEPS:
            raise SecurityError(
                f"the loops of this template ran more than {MAX_LOOP_STEPS:,} times"
            )
        yield item


def joined(*parts: Any) -> str:
    """What `a ~ b` makes, refused before it is made when it would be too long."""
    _check_size(sum(len(str(p)) for p in parts))
    if any(hasattr(p, "__html__") for p in parts):
        return Markup("").join(parts)  # the HTML body: escape what is not marked safe
    return "".join(str(p) for p in parts)


def bounded_replace(value: Any, old: str, new: str, count: int | None = None) -> str:
    """The `replace` filter, refused when the result could be too long."""
    text = str(value)
    _check_size(len(text) * max(len(new), 1))
    return text.replace(old, new) if count is None else text.replace(old, new, count)


def fence(tree: nodes.Template) -> nodes.Template:
    """Route the loops and `~` joins of a parsed template through the counters (in place)."""
    for loop in tree.find_all(nodes.For):
        loop.iter = nodes.Filter(loop.iter, "_counted", [], [], None, None, lineno=loop.lineno)
    for parent in tree.find_all(nodes.Node):
        for name in parent.fields:
            value = getattr(parent, name, None)
            if isinstance(value, nodes.Concat):
                setattr(parent, name, _joined_call(value))
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, nodes.Concat):
                        value[i] = _joined_call(item)
    return tree


def _joined_call(concat: nodes.Concat) -> nodes.Filter:
    first, *rest = concat.nodes
    return nodes.Filter(first, "_joined", rest, [], None, None, lineno=concat.lineno)


def budget() -> contextvars.Token[list[int]]:
    """Start a notice's budget of loop steps (give the token back to `end_budget`)."""
    return _steps.set([0])


def end_budget(token: contextvars.Token[list[int]]) -> None:
    _steps.reset(token)
