"""Correctional facilities: their records and rules, their people, and the check that an
item may go to a person inside.

The check is one function, `refusal_for_request`, read by `services.desk.action_inputs` for
every check-out (the window, the command line, the scanning desk), so the refusal cannot
differ between them. A refused item can still go out by the action "Check out anyway", which
needs a supervisor and a reason, both recorded in the request's history.
"""

from __future__ import annotations

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
from illdesk.store.lookups import patron_by_card
from illdesk.store.schema import Patron, Request
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


def save_facility(uow: UnitOfWork, data: FacilityInput) -> FacilityView:
    """Add a facility, or change the one with this code. Needs a supervisor."""
    code = data.code.strip().upper()
    if not code or not data.name.strip():
        raise InvalidInput("A facility needs a code and a name.", "code")
    pattern = (
        core.DOCCS_NUMBER
        if data.inmate_number_format.upper() == "DOCCS"
        else (data.inmate_number_format)
    )
    problems = data.rules.problems()
    if problems:
        raise InvalidInput(" ".join(problems), "rules")
    with uow:
        require_supervisor(uow, "change a facility's rules")
        row = uow.session.scalars(sa.select(Facility).where(Facility.code == code)).first()
        if row is None:
            row = Facility(code=code, created_at=uow.now())
            uow.session.add(row)
        row.name = data.name.strip()
        row.street, row.city, row.region = data.street, data.city, data.region
        row.postal_code, row.routing = data.postal_code, data.routing
        row.inmate_number_format = pattern
        row.restrictions = data.rules.to_json()
        uow.session.flush()
        view = _view(uow, row)
        uow.commit()
        return view


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
    out, _overdue = _circulation(uow, row.id)
    address = ", ".join(p for p in (row.street, row.city, row.region, row.postal_code) if p)
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


def _circulation(uow: UnitOfWork, facility_id: int) -> tuple[int, int]:
    """Items the facility's people have out now, and how many of them are overdue."""
    person = aliased(Patron)
    rows = uow.session.execute(
        sa.select(
            sa.func.count(),
            sa.func.count(sa.case((Request.patron_due_date < uow.today(), 1))),
        )
        .select_from(Request)
        .join(person, person.id == Request.patron_id)
        .where(
            person.facility_id == facility_id,
            Request.direction == Direction.BORROWING.value,
            Request.status == Status.CHECKED_OUT.value,
        )
    ).one()
    return int(rows[0]), int(rows[1])


def refusal_for(uow: UnitOfWork, req: Request) -> str:
    """Why this request's item may not go to its patron's facility now ("" when it may, or
    the patron is not inside a facility): each rule broken, named, and the limits."""
    patron = req.patron
    if patron is None or patron.facility_id is None:
        return ""
    facility = uow.session.get(Facility, patron.facility_id)
    if facility is None:
        return ""
    rules = FacilityRules.from_json(facility.restrictions)
    item = ItemFacts(
        format=req.format,
        description=" ".join((req.edition, req.restrictions, req.note, req.title)),
        published=publication_year(req.year),
        today=uow.today(),
    )
    said = core.refusals(rules, item, facility.name)
    out, overdue = _circulation(uow, facility.id)
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
        steps: list[str] = []
        if req.patron is not None and req.patron.facility_id is not None:
            facility = uow.session.get(Facility, req.patron.facility_id)
            if facility is not None:
                rules = FacilityRules.from_json(facility.restrictions)
                text = " ".join((req.edition, req.restrictions, req.note, req.title))
                steps = core.instructions(rules, ItemFacts(req.format, text))
        return refusal, steps


def allow_override(uow: UnitOfWork) -> None:
    """Refuse unless the person working may override a facility's rule."""
    require_supervisor(uow, "override a facility's rule")
