"""A request's history: its events, the last one that can be undone, and undo itself.

Undo reads the event's recorded changes and writes their reverse with the one writer
(`store.request_writer.write_action`), as an "undo" event that records the reverse changes,
so undo is itself undoable history and replay sees it like any other event.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from illdesk.core import state_codec, workflow
from illdesk.core.citation import match_key
from illdesk.core.search_text import search_words
from illdesk.core.workflow import STATE_FIELDS, Action
from illdesk.store.request_writer import (
    STATUS_SINCE,
    show_written,
    stored_request,
    write_action,
)
from illdesk.store.requests import (
    CITATION_COLUMNS,
    citation_of,
    decode_column,
    encode_column,
    to_state,
)
from illdesk.store.schema import Event, Request
from illdesk.store.unit_of_work import UnitOfWork

_NOT_UNDOABLE = ("create", "undo", "import", "purge")


def last_undoable(session: Session, req: Request) -> Event | None:
    """The latest event of the request that can still be undone, or None."""
    return session.scalars(
        sa.select(Event)
        .where(
            Event.request_id == req.id,
            Event.undone_by.is_(None),
            Event.action.not_in(_NOT_UNDOABLE),
        )
        .order_by(Event.id.desc())
        .limit(1)
    ).first()


def undo(uow: UnitOfWork, req: Request, target: Event) -> Event:
    """Reverse `target`: restore every field it changed, record an undo event, mark it undone
    (raises TransitionError when the request has moved on since)."""
    changes = state_codec.decode_changes(target.details.get("changes", {}))
    state_changes = {k: v for k, v in changes.items() if k in STATE_FIELDS}
    other_changes = {k: v for k, v in changes.items() if k not in STATE_FIELDS}
    session = uow.session
    if session.new or session.dirty or session.deleted:
        session.flush()
    before = to_state(req)
    restored = workflow.undo(before, state_changes)
    for name, (_old, new) in other_changes.items():
        if encode_column(getattr(req, name)) != new:
            raise workflow.TransitionError(
                "The request has changed since that action, so it cannot be undone automatically."
            )
    columns = {name: decode_column(name, old) for name, (old, _new) in other_changes.items()}
    if columns.keys() & set(CITATION_COLUMNS):
        # The keys derived from the citation follow it back.
        citation = replace(
            citation_of(req), **{k: v for k, v in columns.items() if k in CITATION_COLUMNS}
        )
        columns["match_key"] = match_key(citation)
        columns["search_text"] = search_words(
            citation.title, citation.author, citation.journal_title, citation.article_title
        )
    since = target.details.get(STATUS_SINCE)
    if since and restored.status is not before.status:
        # The earlier status comes back with the moment it began, not the moment of the undo.
        columns["status_since"] = datetime.fromisoformat(since[0])
    reverse = {name: (new, old) for name, (old, new) in changes.items()}
    written = write_action(
        uow,
        stored_request(req),
        before,
        restored,
        Action.UNDO.value,
        {
            "changes": state_codec.encode_changes(reverse),
            "undoes": target.id,
            "undone_action": target.action,
        },
        columns=columns,
    )
    show_written(req, written)
    target.undone_by = written.event.id
    return written.event


def history(session: Session, req: Request) -> list[Event]:
    """Every event of a request, oldest first."""
    return list(
        session.scalars(sa.select(Event).where(Event.request_id == req.id).order_by(Event.id))
    )
