"""The two lookups every desk action needs: a patron by card, a library by symbol."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from illdesk.store.schema import Library, Patron


def patron_by_card(session: Session, card: str) -> Patron | None:
    """The patron with this library card (as typed or scanned), or None."""
    return session.scalars(sa.select(Patron).where(Patron.card_barcode == card.strip())).first()


def library_by_symbol(session: Session, symbol: str) -> Library | None:
    """The partner library with this symbol (any case, spaces around ignored), or None."""
    return session.scalars(
        sa.select(Library).where(Library.symbol == symbol.strip().upper())
    ).first()
