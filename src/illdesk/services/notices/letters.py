"""Letters to post: the queued notices of the letter channel, addressed and sorted for the post.

A patron in a correctional facility is written to through the facility: the patron's name
and inmate number on the first line, then the facility's name and address. Other patrons get
their mailing address, a library its shipping address. A letter without any usable address
fails with the reason instead of being printed blank. Letters are sorted by country and postal
code, then name, the order a presorted mailing wants.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from illdesk.core import copyright as copyright_rules
from illdesk.core.address import ADDRESS_PARTS, PATRON_ADDRESS_PARTS, PostalAddress
from illdesk.core.address_format import format_address
from illdesk.core.vocabulary import Direction, Service
from illdesk.printing.notice_letter import LetterPage, render_letters
from illdesk.services.admin import settings as library_settings
from illdesk.services.desk.mapping import address_of
from illdesk.services.errors import InvalidInput
from illdesk.services.notices import pickup
from illdesk.services.notices.fields import written_date
from illdesk.store.facility_schema import Facility
from illdesk.store.notice_schema import Notice
from illdesk.store.schema import Library, Patron, Request
from illdesk.store.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class LetterBatch:
    """One PDF of letters and the notices it holds (to mark printed once it is saved)."""

    pdf: bytes
    notice_ids: tuple[int, ...]
    without_address: int


def recipient_address(
    patron: Any | None, facility: Any | None, library: Any | None
) -> PostalAddress:
    """Where a letter goes (an empty address when there is none)."""
    if patron is not None:
        name = f"{patron.given_name} {patron.surname}".strip()
        if facility is not None:
            inmate = f" #{patron.inmate_number}" if patron.inmate_number else ""
            return PostalAddress(
                name=f"{name}{inmate}",
                department=facility.name,
                street=facility.street,
                street2=facility.street2,
                city=facility.city,
                region=facility.region,
                postal_code=facility.postal_code,
                country=facility.country,
            )
        own = address_of(patron, "mail", PATRON_ADDRESS_PARTS)
        return PostalAddress(**{**_fields(own), "name": name}) if not own.is_empty else own
    if library is not None:
        return address_of(library, "ship", ADDRESS_PARTS)
    return PostalAddress()


def _fields(address: PostalAddress) -> dict[str, str]:
    return {part: getattr(address, part) for part in ADDRESS_PARTS}


def copy_warning(patron: Any | None, service: str | None, direction: str | None) -> str:
    """The copyright warning the regulations require where copies are supplied, for a letter
    to a patron about a copy we borrowed ("" for anything else)."""
    if patron is None or service != Service.COPY.value or direction != Direction.BORROWING.value:
        return ""
    return f"{copyright_rules.WARNING_TITLE}. {copyright_rules.WARNING_TEXT}"


def print_batch(uow: UnitOfWork, envelope: str | None = None) -> LetterBatch:
    """Every queued letter as one PDF (nothing is marked yet: see `mark_printed`)."""
    with uow:
        settings = library_settings.load(uow)
        pickup.withdraw_outdated(uow, uow.today(), settings.notices)
        rows = uow.session.execute(
            sa.select(Notice, Patron, Facility, Library, Request.service, Request.direction)
            .outerjoin(Request, Notice.request_id == Request.id)
            .outerjoin(Patron, Notice.patron_id == Patron.id)
            .outerjoin(Facility, Patron.facility_id == Facility.id)
            .outerjoin(Library, Notice.library_id == Library.id)
            .where(Notice.channel == "letter", Notice.status == "queued")
            .order_by(Notice.id)
        ).all()
        home = settings.home
        ret = ", ".join(
            part for part in (home.name, *format_address(home.address)[1:]) if part.strip()
        )
        sender = (home.name, *format_address(home.address)[1:], home.phone, home.email)
        pages: list[tuple[tuple[str, str, str], LetterPage, int]] = []
        missing = 0
        for notice, patron, facility, library, service, direction in rows:
            address = recipient_address(patron, facility, library)
            if address.is_empty or not (address.street or address.city):
                notice.status = "failed"
                notice.error = "No postal address for this letter: add one, then put it back."
                missing += 1
                continue
            lines = tuple(format_address(address, sender_country=home.address.country))
            page = LetterPage(
                address=lines,
                return_address=ret,
                sender_lines=tuple(s for s in sender if s.strip()),
                date_line=written_date(notice.created_at.astimezone().date(), settings.notices),
                body=notice.letter,
                warning=copy_warning(patron, service, direction),
            )
            key = (address.country, address.postal_code, address.name)
            pages.append((key, page, notice.id))
        pages.sort(key=lambda item: item[0])
        uow.commit()  # the letters that cannot go are marked failed, with the reason
    pdf = render_letters([p for _k, p, _i in pages], envelope or settings.notices.envelope)
    return LetterBatch(pdf, tuple(i for _k, _p, i in pages), missing)


def mark_printed(uow: UnitOfWork, notice_ids: tuple[int, ...]) -> int:
    """Mark letters printed once their PDF is saved; how many were still queued."""
    if not notice_ids:
        return 0
    with uow:
        result = uow.session.execute(
            sa.update(Notice)
            .where(Notice.id.in_(notice_ids), Notice.status == "queued")
            .values(status="printed", sent_at=uow.now())
        )
        uow.commit()
    return int(getattr(result, "rowcount", 0) or 0)


@dataclass(frozen=True, slots=True)
class SavedLetters:
    """What printing the letters to a file did."""

    printed: int
    without_address: int

    def summary(self, target: Path) -> str:
        """In words for staff."""
        said = (
            f"Wrote {self.printed} letter(s) to {target.name}, one per page; they are marked "
            "printed."
            if self.printed
            else "No letters to print."
        )
        if self.without_address:
            said += (
                f" {self.without_address} letter(s) have no postal address: see the Failed queue."
            )
        return said


def save_letters(new_uow: Callable[[], UnitOfWork], target: Path) -> SavedLetters:
    """Every queued letter as one PDF saved to `target`, then marked printed (not before:
    a file that cannot be saved marks nothing). Raises InvalidInput when it cannot be saved."""
    batch = print_batch(new_uow())
    if not batch.notice_ids:
        return SavedLetters(0, batch.without_address)
    try:
        target.write_bytes(batch.pdf)
    except OSError as exc:
        raise InvalidInput(
            f"The PDF could not be saved to {target} ({exc.strerror or exc}); nothing was "
            "marked printed. Choose another folder."
        ) from None
    return SavedLetters(mark_printed(new_uow(), batch.notice_ids), batch.without_address)
