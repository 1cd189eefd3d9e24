"""Which template each notice type uses: the library's own when staff saved one, else the
default shipped in `illdesk/resources/notices/<kind>.txt`.

The library's templates are one settings document (`notice_templates`: kind -> text) shared
by every workstation. A template is checked before it is stored, so a stored template always
compiles; one that breaks at sending time anyway (a value the sample lacked) fails that one
notice, in words, and the others go on.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from illdesk import resources
from illdesk.core.notice_types import BY_KIND, NOTICE_TYPES
from illdesk.services.errors import NotFound
from illdesk.services.notices.templating import (
    CompiledTemplate,
    RenderedNotice,
    check_template,
    compile_template,
)
from illdesk.store.schema import Setting
from illdesk.store.unit_of_work import UnitOfWork

KEY = "notice_templates"
FOLDER = "notices"


@dataclass(frozen=True, slots=True)
class TemplateView:
    """A notice type's template as staff see it in the editor."""

    kind: str
    label: str
    audience: str
    source: str
    is_default: bool


def default_source(kind: str) -> str:
    """The template ILL Desk ships for a notice type."""
    _known(kind)
    return _shipped(kind)


@lru_cache(maxsize=64)
def _shipped(kind: str) -> str:
    return resources.read_bytes(FOLDER, f"{kind}.txt").decode("utf-8")


@lru_cache(maxsize=64)
def compiled(source: str) -> CompiledTemplate:
    """A template compiled once per text (the daily run renders thousands of notices)."""
    return compile_template(source)


def _library_sources(uow: UnitOfWork) -> dict[str, str]:
    cached = uow.cache.get(KEY)
    if isinstance(cached, dict):
        return cached
    row = uow.session.get(Setting, KEY)
    sources = {k: str(v) for k, v in (row.value if row else {}).items() if k in BY_KIND}
    uow.cache[KEY] = sources
    return sources


def source_for(uow: UnitOfWork, kind: str) -> str:
    """The template text in use for a notice type (inside the caller's transaction)."""
    _known(kind)
    return _library_sources(uow).get(kind) or default_source(kind)


def template_for(uow: UnitOfWork, kind: str) -> CompiledTemplate:
    """The compiled template in use for a notice type."""
    return compiled(source_for(uow, kind))


def list_templates(uow: UnitOfWork) -> list[TemplateView]:
    """Every notice type with the template it uses."""
    with uow:
        own = _library_sources(uow)
        return [
            TemplateView(
                t.kind,
                t.label,
                t.audience.value,
                own.get(t.kind) or default_source(t.kind),
                t.kind not in own,
            )
            for t in NOTICE_TYPES
        ]


def save_template(uow: UnitOfWork, kind: str, source: str) -> RenderedNotice:
    """Check and store the library's template for a notice type; raises TemplateRefused
    (with the line) and stores nothing when it cannot be used. Returns a sample."""
    _known(kind)
    sample = check_template(source)
    with uow:
        row = uow.session.get(Setting, KEY)
        value = dict(row.value) if row else {}
        value[kind] = source
        if row is None:
            uow.session.add(Setting(key=KEY, value=value))
        else:
            row.value = value
        uow.commit()
    return sample


def reset_template(uow: UnitOfWork, kind: str) -> None:
    """Go back to the shipped template for a notice type."""
    _known(kind)
    with uow:
        row = uow.session.get(Setting, KEY)
        if row is not None and kind in row.value:
            row.value = {k: v for k, v in row.value.items() if k != kind}
        uow.commit()


def _known(kind: str) -> None:
    if kind not in BY_KIND:
        names = ", ".join(t.kind for t in NOTICE_TYPES)
        raise NotFound(f"There is no notice type called {kind}. The types are: {names}.")
