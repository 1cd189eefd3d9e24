"""A notice written out for one real request: what the template editor's live preview and
the outbox's "preview" show."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from illdesk.core.notice_types import BY_KIND, Audience
from illdesk.services.admin import settings as library_settings
from illdesk.services.errors import NotFound
from illdesk.services.notices import template_store
from illdesk.services.notices.fields import values_for
from illdesk.services.notices.templating import RenderedNotice, render
from illdesk.store import requests as repo
from illdesk.store.schema import Library, Request
from illdesk.store.unit_of_work import UnitOfWork


def partner_of(req: Request) -> Library | None:
    """The library a notice about this request speaks of: the lender (asked last) for
    borrowing, the borrowing library for lending."""
    return req.library


def render_for_request(
    uow: UnitOfWork,
    number: str,
    kind: str,
    source: str | None = None,
    extra: Mapping[str, Any] | None = None,
) -> RenderedNotice:
    """The notice `kind` for request `number`, with the template in use or with `source`
    (the text being edited); raises TemplateRefused with the line when it cannot be used."""
    if kind not in BY_KIND:
        raise NotFound(f"There is no notice type called {kind}.")
    with uow:
        req = repo.by_number(uow.session, number)
        if req is None:
            raise NotFound(f"No request has the number {number}.")
        compiled = (
            template_store.compiled(source)
            if source is not None
            else template_store.template_for(uow, kind)
        )
        patron = req.patron if BY_KIND[kind].audience is Audience.PATRON else None
        settings = library_settings.load(uow)
        values = values_for(req, patron, partner_of(req), settings, uow.today(), extra)
        return render(compiled, values)
