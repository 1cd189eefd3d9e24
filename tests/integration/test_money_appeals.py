"""Appeals of charges on SQLite and PostgreSQL: open with a note, upheld waives the charge,
denied leaves it, one open appeal per charge, notes and dates kept."""

from __future__ import annotations

from decimal import Decimal

import pytest

from illdesk.services.errors import InvalidInput
from illdesk.services.money import accounts, appeals, charges
from tests.integration.helpers import CARD, borrow, seed_directory


@pytest.fixture(autouse=True)
def _directory(uow):
    seed_directory(uow)


def test_an_upheld_appeal_waives_the_charge_and_a_denied_one_leaves_it(uow) -> None:
    row = borrow(uow)
    charges.add_charge(uow(), row.number, "damage", "30.00")
    charges.add_charge(uow(), row.number, "processing_fee", "15.00")
    damage, fee = accounts.show_account(uow(), CARD).lines
    with pytest.raises(InvalidInput, match="note"):
        appeals.open_appeal(uow(), damage.id, " ")
    first = appeals.open_appeal(uow(), damage.id, "Patron says the stain was there")
    with pytest.raises(InvalidInput, match="already has an open appeal"):
        appeals.open_appeal(uow(), damage.id, "again")
    second = appeals.open_appeal(uow(), fee.id, "Patron asks for the fee back")
    assert [a.id for a in appeals.list_appeals(uow(), only_open=True)] == [second.id, first.id]
    upheld = appeals.decide(uow(), first.id, upheld=True, note="Band notes the stain")
    assert upheld.status == "upheld" and upheld.decided_on is not None
    assert "opened" in upheld.notes and "upheld: Band notes the stain" in upheld.notes
    denied = appeals.decide(uow(), second.id, upheld=False, note="Fee is policy")
    assert denied.status == "denied"
    assert accounts.show_account(uow(), CARD).balance == Decimal("15.00")
    with pytest.raises(InvalidInput, match="already denied"):
        appeals.decide(uow(), second.id, upheld=True, note="changed mind")
    assert appeals.list_appeals(uow(), only_open=True) == []
