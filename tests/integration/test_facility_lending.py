"""Lending library to library to a correctional facility's own library: the facility's rules
apply when the loan is shipped (the window, packages and the scanning desk alike), refused
with the rule named; a supervisor's "Ship anyway" with the reason is kept in the history.
And a facility as saved: its library must be in the directory, its values must work."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from illdesk.core.citation import Citation
from illdesk.core.facility_rules import FacilityRules
from illdesk.core.vocabulary import DeliveryMethod, Direction, Format, Service
from illdesk.services.desk import requests
from illdesk.services.desk.desk_state import DeskMode, DeskState
from illdesk.services.desk.requests import NewRequest, create_request
from illdesk.services.desk.scan import handle_scan
from illdesk.services.directory import entries as directory
from illdesk.services.errors import InvalidInput, ServiceError
from illdesk.services.rules import facilities
from illdesk.services.shipping import packages
from illdesk.store.schema import Staff
from illdesk.store.unit_of_work import Actor
from tests.integration.helpers import seed_directory


def attica(**changes: object) -> facilities.FacilityInput:
    values: dict[str, object] = {
        "code": "ACF",
        "name": "Attica Correctional Facility",
        "library_symbol": "MSU",  # the facility's library, as it stands in the directory
        "rules": FacilityRules(no_hardcover=True, delivery_day="Tuesday"),
    }
    values.update(changes)
    return facilities.FacilityInput(**values)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def _facility(uow):
    seed_directory(uow)
    facilities.save_facility(uow(), attica())


def to_ship(uow, edition: str, library: str = "MSU") -> str:
    row = create_request(
        uow(),
        NewRequest(
            Direction.LENDING,
            Service.LOAN,
            Format.BOOK,
            Citation(title="Gardening in Small Spaces", edition=edition),
            library_symbol=library,
        ),
    )
    for action in ("accept", "print_pull_slip", "found"):
        requests.perform(uow(), row.number, action)
    return row.number


def supervisor(uow) -> Actor:
    directory.add_staff(uow(), "Sam Supervisor", "SS")
    with uow() as work:
        sam = work.session.scalars(sa.select(Staff).where(Staff.name == "Sam Supervisor")).one()
        sam.role = "supervisor"
        sam_id = sam.id
        work.commit()
    return Actor(sam_id, "Sam Supervisor", "DESK-1")


def test_a_hardcover_lent_to_the_facility_library_is_refused_at_shipping(uow) -> None:
    number = to_ship(uow, "hardcover")
    with pytest.raises(InvalidInput, match="Attica Correctional Facility takes no hardcovers"):
        requests.perform(uow(), number, "ship")
    with pytest.raises(InvalidInput, match="takes no hardcovers"):
        packages.ship_package(uow(), "MSU", [number], DeliveryMethod.POST)
    # the scanning desk refuses to pack it, with the rule named
    result, _ = handle_scan(uow(), number, DeskState(mode=DeskMode.PACK))
    assert "takes no hardcovers" in result.detail and "Ship anyway" in result.next_step
    detail = requests.get_detail(uow(), number)
    assert detail.state.status.value == "to_ship"
    offered = [c.action for c in detail.actions]
    assert "ship_override" in offered and "ship" not in offered
    assert facilities.check_item(uow(), number)[0].startswith("Attica")


def test_a_supervisor_ships_it_anyway_with_the_reason_in_the_history(uow) -> None:
    number = to_ship(uow, "hardcover")
    directory.add_staff(uow(), "Ann Assistant", "AA")
    with uow() as work:
        ann_id = work.session.scalars(
            sa.select(Staff.id).where(Staff.name == "Ann Assistant")
        ).one()
    with pytest.raises(ServiceError, match="supervisor"):
        requests.perform(
            uow(Actor(ann_id, "Ann Assistant", "DESK-1")),
            number,
            "ship_override",
            {"override": "Cover removed"},
        )
    sam = supervisor(uow)
    done = requests.perform(uow(sam), number, "ship_override", {"override": "Cover removed"})
    assert done.to_status == "on_loan"
    last = requests.get_detail(uow(), number).history[-1]
    assert last.action == "ship_override" and "Cover removed" in last.summary
    assert last.staff_name == "Sam Supervisor" and "due date" in last.summary
    assert facilities.get_facility(uow(), "ACF").items_out == 1


def test_a_paperback_ships_and_other_libraries_are_not_checked(uow) -> None:
    fine = to_ship(uow, "paperback")
    with pytest.raises(InvalidInput, match="Nothing to override"):
        requests.perform(uow(), fine, "ship_override", {"override": "x"})
    shipped = packages.ship_package(uow(), "MSU", [fine], DeliveryMethod.POST)
    assert shipped.request_numbers == (fine,)
    elsewhere = to_ship(uow, "hardcover", library="WAU")
    assert requests.perform(uow(), elsewhere, "ship").to_status == "on_loan"


def test_the_facility_limit_counts_what_is_lent_to_its_library(uow) -> None:
    facilities.save_facility(uow(), attica(rules=FacilityRules(max_items_out=1)))
    first = to_ship(uow, "paperback")
    requests.perform(uow(), first, "ship")
    second = to_ship(uow, "paperback")
    with pytest.raises(InvalidInput, match="1 items out, its limit"):
        requests.perform(uow(), second, "ship")


def test_a_facility_is_refused_in_words_when_a_value_cannot_work(uow) -> None:
    for changes, words in (
        ({"library_symbol": "NOPE"}, "No partner library has the symbol NOPE"),
        ({"inmate_number_format": "[0-9"}, "cannot be read"),
        ({"rules": FacilityRules(delivery_day="Tusday")}, "“Tusday” is not a day of the week"),
        ({"rules": FacilityRules(loan_days=0)}, "loan period is 1 to 365 days"),
        ({"name": " "}, "needs a code and a name"),
        ({"code": "TWO", "name": "Second facility"}, "MSU is already the library of facility"),
    ):
        with pytest.raises(InvalidInput, match=words) as refused:
            facilities.save_facility(uow(), attica(**changes))
        assert "Nothing was saved" in str(refused.value)
    view = facilities.get_facility(uow(), "ACF")
    assert view.library_symbol == "MSU" and view.rules.delivery_day == "Tuesday"
    assert [f.code for f in facilities.list_facilities(uow())] == ["ACF"]


def test_the_command_line_names_the_facility_library(
    uow, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from illdesk.cli import main

    add = ["--database", db_url, "facility", "add", "ACF", "Attica Correctional Facility"]
    assert main([*add, "--library", "WAU", "--delivery-day", "Tuesday"]) == 0
    assert main(["--database", db_url, "facility", "list"]) == 0
    assert "its library in the directory: WAU" in capsys.readouterr().out
    assert main([*add, "--library", "NOPE"]) == 1
    assert "No partner library has the symbol NOPE" in capsys.readouterr().err
