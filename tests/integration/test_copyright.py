"""The rule of five on a real database: counted live, cleared by the queue, decided over the
five with the fee in the same transaction, undone with the action, reported and purged."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from illdesk.core.citation import Citation
from illdesk.core.copyright import Advice, CopyrightSettings
from illdesk.core.vocabulary import Direction, Format, Service
from illdesk.services.admin import settings as library_settings
from illdesk.services.desk import requests
from illdesk.services.desk.requests import NewRequest, create_request
from illdesk.services.rules import copyright as counts
from illdesk.services.rules import copyright_decisions as decisions
from tests.integration.helpers import CARD, seed_directory

ISSN = "0030-4727"


@pytest.fixture(autouse=True)
def _directory(uow):
    seed_directory(uow)


def copy(uow, n: int, *, year: str = "2025", issn: str = ISSN, journal: str = "") -> str:
    citation = Citation(
        journal_title=journal or "Oregon Historical Quarterly",
        article_title=f"Article {n}",
        issn=issn,
        year=year,
        pages="10-19",
    )
    new = NewRequest(
        Direction.BORROWING, Service.COPY, Format.ARTICLE, citation, CARD, lenders=("ORE",)
    )
    number = create_request(uow(), new).number
    requests.perform(uow(), number, "approve")
    return number


def test_count_by_issn_and_by_title_and_the_sixth_needs_a_decision(uow) -> None:
    numbers = [copy(uow, n) for n in range(5)]
    assert counts.count(uow(), ISSN).counted == 5
    assert counts.count(uow(), "00304727").counted == 5
    live = counts.live_count(uow(), ISSN, "", "2024")
    assert live.advice is Advice.DECISION and live.ordinal == 6
    # the same journal typed by title only is a different key (no ISSN to match on)
    by_title = counts.live_count(uow(), "", "Oregon Historical Quarterly", "2024")
    assert by_title.ordinal == 1
    sixth = copy(uow, 6)
    cleared = decisions.auto_clear(uow)
    assert sorted(n for n, _code, _why in cleared.cleared) == sorted(numbers)
    assert {code for _n, code, _why in cleared.cleared} == {"ccg"}
    assert [n for n, _why in cleared.waiting] == [sixth]
    assert requests.get_detail(uow(), sixth).state.status.value == "copyright_review"


def test_older_articles_and_exempt_journals_are_cleared_without_counting(uow) -> None:
    old = copy(uow, 1, year="2020")
    with uow() as w:
        settings = library_settings.load(w)
        exempt_list = CopyrightSettings(exempt_journals=("0028-0836",))
        library_settings.save(w, replace(settings, copyright=exempt_list))
        w.commit()
    exempt = [copy(uow, n, issn="0028-0836") for n in range(7)]
    cleared = decisions.auto_clear(uow)
    codes = {n: code for n, code, _why in cleared.cleared}
    assert codes[old] == "ccl"
    assert all(codes[n] == "ccg" for n in exempt)
    assert counts.count(uow(), ISSN).counted == 0


def test_royalty_recorded_with_the_action_undone_with_it_and_counted_when_delivered(
    uow,
) -> None:
    for n in range(5):
        copy(uow, n)
    sixth = copy(uow, 6)
    told = decisions.decide(uow(), sixth, "royalty", amount=Decimal("12.50"))
    assert "Royalty recorded ($12.50)" in told
    detail = requests.get_detail(uow(), sixth)
    assert (detail.state.status.value, detail.copyright_code) == ("ready_to_send", "fee")
    line = decisions.report(uow(), 2026)[0]
    assert (line.requests, line.counted, line.fees) == (6, 6, 0)  # not delivered yet
    requests.undo_last(uow(), sixth)
    assert requests.get_detail(uow(), sixth).state.status.value == "copyright_review"
    decisions.decide(uow(), sixth, "royalty")  # default from settings: 0 + 0 per page
    for action in ("send", "deliver_copy"):
        requests.perform(uow(), sixth, action)
    line = decisions.report(uow(), 2026)[0]
    assert (line.fees, line.fee_total, line.over_five) == (1, Decimal("0.00"), 1)


def test_cancelled_requests_stop_counting_and_outside_fees_count(uow) -> None:
    numbers = [copy(uow, n) for n in range(6)]
    decisions.decide(uow(), numbers[-1], "cancel")
    assert counts.count(uow(), ISSN).counted == 5
    decisions.record_outside(uow(), ISSN, Decimal("9.00"), published=2025)
    assert counts.count(uow(), ISSN).counted == 6
    line = decisions.report(uow(), 2026)[0]
    assert (line.requests, line.counted, line.fees, line.fee_total) == (5, 6, 1, Decimal("9.00"))


def test_records_are_purged_after_three_full_years(uow, clock) -> None:
    copy(uow, 1)
    clock.at = datetime(2029, 12, 31, 12, tzinfo=UTC)
    assert decisions.purge(uow()) == 0
    clock.at = datetime(2030, 1, 1, 12, tzinfo=UTC)
    assert decisions.purge(uow()) == 1
    assert decisions.report(uow(), 2026) == []
