"""The two lookups every desk action needs: a patron by card, a library by symbol.

The statements are built once: a scan runs one of them every time, and building and keying a
fresh statement cost more than SQLite's own work for it.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from illdesk.store.schema import Library, Patron

_PATRON_BY_CARD = sa.select(Patron).where(Patron.card_barcode == sa.bindparam("card"))
_LIBRARY_BY_SYMBOL = sa.select(Library).where(Library.symbol == sa.bindparam("symbol"))


def patron_by_card(session: Session, card: str) -> Patron | None:
    """The patron with this library card (as typed or scanned), or None."""
    return session.scalars(_PATRON_BY_CARD, {"card": card.strip()}).first()


def library_by_symbol(session: Session, symbol: str) -> Library | None:
    """The partner library with this symbol (any case, spaces around ignored), or None."""
    return session.scalars(_LIBRARY_BY_SYMBOL, {"symbol": symbol.strip().upper()}).first()
