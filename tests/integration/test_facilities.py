"""A person inside a correctional facility: the inmate number checked against the facility's
form, a hardcover refused at check-out (window and scanning desk) with the rule named, and a
supervisor's override recorded in the history."""

from __future__ import annotations

from dataclasses import replace

import pytest
import sqlalchemy as sa

from illdesk.core.citation import Citation
from illdesk.core.facility_rules import FacilityRules
from illdesk.core.vocabulary import Direction, Format, Service
from illdesk.services.desk import requests
from illdesk.services.desk.desk_state import DeskMode, DeskState
from illdesk.services.desk.requests import NewRequest, create_request
from illdesk.services.desk.scan import handle_scan
from illdesk.services.directory import entries as directory
from illdesk.services.errors import InvalidInput, ServiceError
from illdesk.services.rules import facilities
from illdesk.store.schema import Staff
from illdesk.store.unit_of_work import Actor
from tests.integration.helpers import CARD, seed_directory


@pytest.fixture(autouse=True)
def _facility(uow):
    seed_directory(uow)
    facilities.save_facility(
        uow(),
        facilities.FacilityInput(
            "ACF",
            "Attica Correctional Facility",
            street="639 Exchange Street",
            city="Attica",
            region="NY",
            postal_code="14011",
            routing="General Library, Tuesday van",
            inmate_number_format="DOCCS",
            rules=FacilityRules(no_hardcover=True, no_spiral_or_metal=True, discs_removed=True),
        ),
    )


def on_hold_shelf(uow, edition: str) -> str:
    citation = Citation(title="Gardening in Small Spaces", author="Ng, Lee", edition=edition)
    row = create_request(
        uow(),
        NewRequest(
            Direction.BORROWING,
            Service.LOAN,
            Format.BOOK,
            citation,
            CARD,
            lenders=("ORE",),
            allow_duplicate=True,
        ),
    )
    for action in ("approve", "send", "receive"):
        requests.perform(uow(), row.number, action)
    return row.number


def test_inmate_number_is_checked_against_the_facility_form(uow) -> None:
    with pytest.raises(InvalidInput, match="98-A-0004"):
        facilities.place_patron(uow(), CARD, "ACF", "1234567")
    said = facilities.place_patron(uow(), CARD, "acf", "98-a-0004")
    assert "98-A-0004" in said and "Attica" in said
    view = facilities.get_facility(uow(), "ACF")
    assert view.people == 1 and view.rules.no_hardcover


def test_hardcover_refused_at_check_out_then_overridden_by_a_supervisor(uow) -> None:
    facilities.place_patron(uow(), CARD, "ACF", "98-A-0004")
    number = on_hold_shelf(uow, "1st ed., hardcover")
    with pytest.raises(InvalidInput, match="takes no hardcovers"):
        requests.perform(uow(), number, "check_out")
    # the scanning desk refuses it the same way, in words
    state = DeskState(mode=DeskMode.CHECK_OUT)
    _, state = handle_scan(uow(), CARD, state)
    result, _ = handle_scan(uow(), number, state)
    assert "takes no hardcovers" in result.detail
    detail = requests.get_detail(uow(), number)
    assert detail.state.status.value == "on_hold_shelf"
    offered = [c.action for c in detail.actions]
    assert "check_out_override" in offered and "check_out" not in offered
    directory.add_staff(uow(), "Sam Student", "SS")
    with uow() as w:
        sam_id = w.session.scalars(sa.select(Staff.id).where(Staff.name == "Sam Student")).one()
    sam = Actor(sam_id, "Sam Student", "DESK-1")
    with pytest.raises(ServiceError, match="supervisor"):
        requests.perform(uow(sam), number, "check_out_override", {"override": "Cover removed"})
    with uow() as w:
        w.session.execute(sa.update(Staff).where(Staff.id == sam_id).values(role="supervisor"))
        w.commit()
    done = requests.perform(uow(sam), number, "check_out_override", {"override": "Cover removed"})
    assert done.to_status == "checked_out"
    last = requests.get_detail(uow(), number).history[-1]
    assert last.action == "check_out_override" and "Cover removed" in last.summary
    assert last.staff_name == "Sam Student"


def test_a_paperback_goes_and_the_override_is_not_offered(uow) -> None:
    facilities.place_patron(uow(), CARD, "ACF", "98-A-0004")
    number = on_hold_shelf(uow, "paperback")
    detail = requests.get_detail(uow(), number)
    assert "check_out_override" not in [c.action for c in detail.actions]
    with pytest.raises(InvalidInput, match="Nothing to override"):
        requests.perform(uow(), number, "check_out_override", {"override": "x"})
    assert requests.perform(uow(), number, "check_out").to_status == "checked_out"
    assert facilities.get_facility(uow(), "ACF").items_out == 1


def test_slips_and_the_label_for_a_person_inside_carry_the_number_and_the_routing(uow) -> None:
    from illdesk.printing.model import PrintProfile, Stock
    from illdesk.services.admin import settings as library_settings
    from illdesk.services.printing import package_documents
    from illdesk.services.printing import slips as slip_documents
    from tests.integration.test_print_service import HOME, all_barcodes, pages_text

    with uow() as work:  # a label needs our return address
        current = library_settings.load(work)
        home = library_settings.HomeLibrary(name="Riverside Library", symbol="RIV", address=HOME)
        library_settings.save(work, replace(current, home=home))
        work.commit()
    facilities.place_patron(uow(), CARD, "ACF", "98-A-0004")
    number = on_hold_shelf(uow, "paperback")
    hold = slip_documents.hold_slip(uow(), number, PrintProfile(Stock.LETTER, 300))
    text = " ".join(pages_text(hold))
    # named with the inmate number even though the library's slips show only cards
    assert "Müller, Jo #98-A-0004" in text
    assert "Attica Correctional Facility — General Library, Tuesday van" in text
    assert all_barcodes(hold, 300) == [number]
    band = " ".join(" ".join(pages_text(slip_documents.book_band(uow(), number))).split())
    assert "#98-A-0004" in band and "GENERAL LIBRARY, TUESDAY VAN" in band.upper()
    label = " ".join(pages_text(package_documents.patron_mailing_label(uow(), number)))
    assert "Jo Müller #98-A-0004" in label
    assert "639 Exchange Street" in label and "Attica" in label


def test_slips_of_a_patron_outside_show_no_facility(uow) -> None:
    from illdesk.printing.model import PrintProfile, Stock
    from illdesk.services.printing import slips as slip_documents
    from tests.integration.test_print_service import pages_text

    number = on_hold_shelf(uow, "paperback")
    hold = slip_documents.hold_slip(uow(), number, PrintProfile(Stock.LETTER, 300))
    text = " ".join(pages_text(hold))
    assert "Attica" not in text and "Müller" not in text
