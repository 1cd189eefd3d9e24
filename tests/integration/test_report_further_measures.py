"""Copyright decisions and money totals counted for a period like every other measure, by
hand on a small history: in the month's figures, summed in the year, charted by month."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from illdesk.services.money import accounts, charges, payments
from illdesk.services.reports import figures, series, years
from tests.integration.helpers import CARD
from tests.integration.reports_history import at, make_history


def test_copyright_and_money_by_hand(uow, clock) -> None:
    made = make_history(uow, clock)  # R3, a copy, cleared under the guidelines on 30 March
    clock.at = at(3, 12, 10)
    charges.add_charge(uow(), made["r1"], "lender_charge", "12.50", "Lender's fee")
    charges.add_charge(uow(), made["l1"], "lending_fee", "15")
    clock.at = at(3, 13, 10)
    wrong = charges.add_charge(uow(), made["r1"], "lender_charge", "99.00", "Keyed twice")
    assert wrong
    line = max(line.id for line in accounts.show_account(uow(), CARD).lines)
    payments.waive(uow(), line, "keyed twice")
    clock.at = at(4, 2, 10)
    payments.add_payment(uow(), "WAU", "15.00", "CHQ 77")

    march = figures.compute(uow(read_only=True), date(2026, 3, 1), date(2026, 4, 1)).as_dict()
    assert march["copyright.cleared_ccg"] == 1 and march["copyright.cleared_ccl"] == 0
    assert march["copyright.royalties"] == 0
    # Charged in March: 12.50 + 99.00 to the patron, 15.00 to WAU; 99.00 waived in March.
    assert march["money.charged_patrons"] == Decimal("111.50")
    assert march["money.charged_libraries"] == Decimal("15.00")
    assert march["money.waived"] == Decimal("99.00")
    assert march["money.payments"] == Decimal("0.00")
    april = figures.compute(uow(read_only=True), date(2026, 4, 1), date(2026, 5, 1)).as_dict()
    assert april["money.payments"] == Decimal("15.00") and april["copyright.cleared_ccg"] == 0

    clock.at = datetime(2026, 7, 20, tzinfo=UTC)
    year = years.fiscal_year(lambda: uow(read_only=True), 2026).figures.as_dict()
    assert year["money.charged_patrons"] == Decimal("111.50")  # sums of money add up too
    assert year["money.payments"] == Decimal("15.00")
    assert year["copyright.cleared_ccg"] == 1
    shown = series.month_by_month(
        lambda: uow(read_only=True), "2026-03", "2026-04", "money.payments"
    )
    assert shown.series[0][1] == (Decimal("0.00"), Decimal("15.00"))
