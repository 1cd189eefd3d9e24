"""The values a notice template names, written for the library's locale.

Dates and amounts are formatted here with Babel (CLDR data), so a template says
`{{ due_date }}` and gets "December 5, 2026" in en_US, "5. Dezember 2026" in de_DE. Names and
titles pass through as they are stored (any script); every field is text, and a field with
nothing to say is the empty string, so a template can test it with `{% if %}`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_currency

from illdesk.core import copyright as copyright_rules
from illdesk.core.address import PostalAddress
from illdesk.core.address_format import format_address
from illdesk.core.notice_settings import NoticeSettings
from illdesk.core.notice_types import FIELDS
from illdesk.services.admin.settings import LibrarySettings
from illdesk.store.schema import Library, Patron, Request

# Languages that write the family name first in running text.
_SURNAME_FIRST = frozenset({"hu", "ja", "ko", "zh", "vi"})


@lru_cache(maxsize=16)
def _locale(name: str) -> Locale:
    try:
        return Locale.parse(name)
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en_US")


def written_date(value: date | None, settings: NoticeSettings) -> str:
    """A date as the library's language writes it in a letter ("" for none)."""
    return "" if value is None else _written_date(value, settings.locale)


@lru_cache(maxsize=4096)
def _written_date(value: date, locale: str) -> str:
    # Babel takes tens of microseconds a date; the daily run writes the same few hundred dates.
    return str(format_date(value, format="long", locale=_locale(locale)))


@lru_cache(maxsize=16)
def _address_text(address: PostalAddress) -> str:
    return "\n".join(format_address(address))


def written_amount(value: Decimal | None, settings: NoticeSettings) -> str:
    """An amount of money in the library's currency and language ("" for none)."""
    if value is None:
        return ""
    return format_currency(value, settings.currency, locale=_locale(settings.locale))


def person_name(given: str, surname: str, settings: NoticeSettings) -> str:
    """A person's name in the order the library's language uses in a letter."""
    if _locale(settings.locale).language in _SURNAME_FIRST:
        return f"{surname} {given}".strip()
    return f"{given} {surname}".strip()


def library_values(settings: LibrarySettings, today: date) -> dict[str, str]:
    """The fields that are the same in every notice of a day: our library's, and today.
    Every other field is the empty string here."""
    ns, home = settings.notices, settings.home
    values: dict[str, str] = dict.fromkeys(FIELDS, "")
    values.update(
        library_name=home.name,
        library_symbol=home.symbol,
        library_email=home.email,
        library_phone=home.phone,
        library_address=_address_text(home.address),
        today=written_date(today, ns),
        copyright_warning=f"{copyright_rules.WARNING_TITLE}\n\n{copyright_rules.WARNING_TEXT}",
    )
    return values


def values_for(
    req: Request,
    patron: Patron | None,
    partner: Library | None,
    settings: LibrarySettings,
    today: date,
    extra: Mapping[str, Any] | None = None,
    *,
    base: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Every field of `core.notice_types.FIELDS` for one request, as text.

    `extra` carries what the event or the daily run knows (days overdue, a new due date, a
    reason, an amount, a link); dates and amounts in it are formatted like the rest. `base`
    is `library_values(settings, today)`, made once by a caller writing many notices.
    """
    ns = settings.notices
    borrowing = req.direction == "borrowing"
    due = written_date(req.patron_due_date if borrowing else req.lender_due_date, ns)
    shelf_since = req.status_since.astimezone().date() if req.status_since else today
    values = dict(base if base is not None else library_values(settings, today))
    values.update(
        request_number=req.number,
        title=req.article_title or req.title,
        author=req.author,
        journal_title=req.journal_title if req.article_title else "",
        item_barcode=req.item_barcode or "",
        due_date=due,
        new_due_date=due,
        return_by=due,
        hold_until=written_date(shelf_since + timedelta(days=ns.hold_shelf_days), ns),
        lender_reference=req.lender_reference or "",
    )
    if patron is not None:
        values.update(
            patron_name=person_name(patron.given_name, patron.surname, ns),
            patron_given_name=patron.given_name,
            patron_surname=patron.surname,
            patron_card=patron.card_barcode,
            inmate_number=patron.inmate_number,
            pickup_location=patron.pickup_location,
        )
    if partner is not None:
        values.update(partner_name=partner.name, partner_symbol=partner.symbol)
    for name, value in (extra or {}).items():
        if name not in FIELDS:
            continue
        if isinstance(value, date):
            values[name] = written_date(value, ns)
        elif isinstance(value, Decimal):
            values[name] = written_amount(value, ns)
        else:
            values[name] = str(value)
    return values
