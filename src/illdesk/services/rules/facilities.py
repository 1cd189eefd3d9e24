"""Correctional facilities: their records and rules, their people, and the check that an
item may go to a person inside.

The check is one function, `refusal_for_request`, read by `services.desk.action_inputs` for
every check-out and every shipment of a loan (the window, the command line, packages, the
scanning desk), so the refusal cannot differ between them. It applies to a person inside a
facility (borrowing) and to the facility's own library in the directory (lending library to
library). A refused item can still go out by "Check out anyway" or "Ship anyway", which need
a supervisor and a reason, both recorded in the request's history.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from illdesk.core import facility_rules as core
from illdesk.core.copyright import publication_year
from illdesk.core.facility_rules import FacilityRules, ItemFacts
from illdesk.core.vocabulary import Direction, PatronType
from illdesk.core.workflow import Status
from illdesk.services.errors import InvalidInput, NotFound
from illdesk.services.rules.supervisor import require_supervisor
from illdesk.store.facility_schema import Facility
from illdesk.store.lookups import library_by_symbol, patron_by_card
from illdesk.store.schema import Library, Patron, Request
from illdesk.store.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class FacilityInput:
    """A facility as entered."""

    code: str
    name: str
    street: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""
    routing: str = ""
    inmate_number_format: str = ""  # a regular expression, or "DOCCS"
    rules: FacilityRules = field(default_factory=FacilityRules)
    library_symbol: str = ""  # its library in the partner directory, if we lend to it


@dataclass(frozen=True, slots=True)
class FacilityView:
    """A facility as staff see it."""

    id: int
    code: str
    name: str
    address: str
    routing: str
    inmate_number_format: str
    rules: FacilityRules
    people: int
    items_out: int
    library_symbol: str = ""
    street: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""


def save_facility(uow: UnitOfWork, data: FacilityInput) -> FacilityView:
    """Add a facility, or change the one with this code; refused in words, saving nothing,
    when a value cannot work. Needs a supervisor."""
    code = data.code.strip().upper()
    problems = facility_problems(data)
    if problems:
        raise InvalidInput(" ".join(problems) + " Nothing was saved.", "facility")
    pattern = (
        core.DOCCS_NUMBER
        if data.inmate_number_format.strip().upper() == "DOCCS"
        else data.inmate_number_format.strip()
    )
    with uow:
        require_supervisor(uow, "change a facility's rules")
        library = _library(uow, data.library_symbol, code)
        row = uow.session.scalars(sa.select(Facility).where(Facility.code == code)).first()
        if row is None:
            row = Facility(code=code, created_at=uow.now())
            uow.session.add(row)
        row.name = data.name.strip()
        row.street, row.city, row.region = data.street, data.city, data.region
        row.postal_code, row.routing = data.postal_code, data.routing
        row.inmate_number_format = pattern
        row.restrictions = data.rules.to_json()
        row.library_id = library.id if library is not None else None
        uow.session.flush()
        view = _view(uow, row)
        uow.commit()
        return view


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def facility_problems(data: FacilityInput) -> list[str]:
    """What is wrong with a facility as entered, in words (empty: it can be saved)."""
    found = []
    if not data.code.strip() or not data.name.strip():
        found.append("A facility needs a code and a name.")
    elif len(data.code.strip()) > 20:
        found.append("The facility's code is at most 20 characters (e.g. ACF).")
    found.extend(data.rules.problems())
    day = data.rules.delivery_day.strip().lower()
    if day and day not in WEEKDAYS:
        found.append(f"“{data.rules.delivery_day}” is not a day of the week (e.g. Tuesday).")
    pattern = data.inmate_number_format.strip()
    if pattern and pattern.upper() != "DOCCS":
        try:
            re.compile(pattern)
        except re.error as exc:
            found.append(
                f"The inmate number form “{pattern}” cannot be read ({exc.msg}): write DOCCS "
                r"for 98-A-0004, or a pattern such as \d{7}."
            )
    return found


def _library(uow: UnitOfWork, symbol: str, code: str) -> Library | None:
    """The facility's library in the directory (None: not given); refused when unknown or
    already another facility's."""
    if not symbol.strip():
        return None
    library = library_by_symbol(uow.session, symbol.strip())
    if library is None:
        raise InvalidInput(
            f"No partner library has the symbol {symbol.strip()}: add the facility's library "
            "to the directory first, or leave the library empty. Nothing was saved.",
            "library",
        )
    other = uow.session.scalars(
        sa.select(Facility.code).where(Facility.library_id == library.id, Facility.code != code)
    ).first()
    if other is not None:
        raise InvalidInput(
            f"{library.symbol} is already the library of facility {other}. Nothing was saved.",
            "library",
        )
    return library


def get_facility(uow: UnitOfWork, code: str) -> FacilityView:
    """One facility by its code."""
    with uow:
        return _view(uow, _facility(uow, code))


def list_facilities(uow: UnitOfWork) -> list[FacilityView]:
    """Every facility, by code."""
    with uow:
        rows = uow.session.scalars(sa.select(Facility).order_by(Facility.code)).all()
        return [_view(uow, row) for row in rows]


def _facility(uow: UnitOfWork, code: str) -> Facility:
    row = uow.session.scalars(
        sa.select(Facility).where(Facility.code == code.strip().upper())
    ).first()
    if row is None:
        raise NotFound(f"No facility has the code {code}. `illdesk facility list` shows them.")
    return row


def _view(uow: UnitOfWork, row: Facility) -> FacilityView:
    people = uow.session.execute(
        sa.select(sa.func.count()).select_from(Patron).where(Patron.facility_id == row.id)
    ).scalar_one()
    out, _overdue = _circulation(uow, row)
    address = ", ".join(p for p in (row.street, row.city, row.region, row.postal_code) if p)
    library = uow.session.get(Library, row.library_id) if row.library_id else None
    return FacilityView(
        row.id,
        row.code,
        row.name,
        address,
        row.routing,
        row.inmate_number_format,
        FacilityRules.from_json(row.restrictions),
        int(people),
        out,
        library.symbol if library else "",
        row.street,
        row.city,
        row.region,
        row.postal_code,
    )


def place_patron(uow: UnitOfWork, card: str, code: str, inmate_number: str) -> str:
    """Put a patron under a facility with their inmate number, checked against the
    facility's format; mail to them then goes through the facility."""
    with uow:
        patron = patron_by_card(uow.session, card)
        if patron is None:
            raise NotFound(f"No patron has the card {card}.")
        facility = _facility(uow, code)
        number = inmate_number.strip().upper()
        problem = core.inmate_number_problem(number, facility.inmate_number_format)
        if problem:
            raise InvalidInput(problem, "inmate_number")
        patron.facility_id = facility.id
        patron.inmate_number = number
        patron.patron_type = PatronType.CORRECTIONAL.value
        patron.notice_channel = "paper"
        uow.commit()
        return f"{patron.surname}, {patron.given_name} ({number}) is now at {facility.name}."


def _circulation(uow: UnitOfWork, facility: Facility) -> tuple[int, int]:
    """Items the facility has out now (its people's and those lent to its library), and
    how many of them are overdue."""
    person = aliased(Patron)
    today = uow.today()
    people = (
        sa.select(
            sa.func.count(),
            sa.func.count(sa.case((Request.patron_due_date < today, 1))),
        )
        .select_from(Request)
        .join(person, person.id == Request.patron_id)
        .where(
            person.facility_id == facility.id,
            Request.direction == Direction.BORROWING.value,
            Request.status == Status.CHECKED_OUT.value,
        )
    )
    out, overdue = uow.session.execute(people).one()
    if facility.library_id is not None:
        lent = sa.select(
            sa.func.count(), sa.func.count(sa.case((Request.lender_due_date < today, 1)))
        ).where(
            Request.library_id == facility.library_id,
            Request.direction == Direction.LENDING.value,
            Request.status == Status.ON_LOAN.value,
        )
        more, late = uow.session.execute(lent).one()
        out, overdue = out + more, overdue + late
    return int(out), int(overdue)


def facility_of(uow: UnitOfWork, req: Request) -> Facility | None:
    """The facility a request's item goes to: its patron's (borrowing), or the facility
    whose library borrows it (lending); None for everyone else."""
    if req.direction == Direction.LENDING.value:
        if req.library_id is None:
            return None
        return uow.session.scalars(
            sa.select(Facility).where(Facility.library_id == req.library_id)
        ).first()
    patron = req.patron
    if patron is None or patron.facility_id is None:
        return None
    return uow.session.get(Facility, patron.facility_id)


def _item(uow: UnitOfWork, req: Request) -> ItemFacts:
    return ItemFacts(
        format=req.format,
        description=" ".join((req.edition, req.restrictions, req.note, req.title)),
        published=publication_year(req.year),
        today=uow.today(),
    )


def refusal_for(uow: UnitOfWork, req: Request) -> str:
    """Why this request's item may not go to the facility it is for now ("" when it may, or
    it is for no facility): each rule broken, named, and the limits."""
    facility = facility_of(uow, req)
    if facility is None:
        return ""
    rules = FacilityRules.from_json(facility.restrictions)
    said = core.refusals(rules, _item(uow, req), facility.name)
    out, overdue = _circulation(uow, facility)
    limit = core.limits_refusal(rules, out, overdue, Decimal("0"), facility.name)
    if limit:
        said.append(limit)
    return " ".join(said)


def refusal_for_request(uow: UnitOfWork, request_id: int) -> str:
    """`refusal_for` by the request's id (what check-out's context reads)."""
    req = uow.session.get(Request, request_id)
    return refusal_for(uow, req) if req is not None else ""


def check_item(uow: UnitOfWork, number: str) -> tuple[str, list[str]]:
    """What the facility rules say about a request's item: (refusal, instructions)."""
    from illdesk.store import requests as repo  # noqa: PLC0415 - one use

    with uow:
        req = repo.by_number(uow.session, number)
        if req is None:
            raise NotFound(f"No request has the number {number}.")
        refusal = refusal_for(uow, req)
        facility = facility_of(uow, req)
        steps: list[str] = []
        if facility is not None:
            rules = FacilityRules.from_json(facility.restrictions)
            steps = core.instructions(rules, _item(uow, req))
        return refusal, steps


def allow_override(uow: UnitOfWork) -> None:
    """Refuse unless the person working may override a facility's rule (check-out or
    shipping anyway)."""
    require_supervisor(uow, "override a facility's rule")
