"""The monthly OCLC IFM reconciliation: the IFM report (CSV) against our IFM requests.

Our IFM requests are those with a partner billed through IFM and a charge recorded: lending
requests shipped (or copies sent), borrowing requests received, in the month reconciled.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path

import sqlalchemy as sa

from illdesk.core.ifm import Finding, OurCharge, Result, reconcile
from illdesk.core.vocabulary import BillingMethod, Direction
from illdesk.interop.ifm_csv import IfmFileError, read_report
from illdesk.services.errors import InvalidInput
from illdesk.services.money.invoices import month_range
from illdesk.store.schema import Event, Library, Request
from illdesk.store.unit_of_work import UnitOfWork

# The actions that bill through IFM: the lender ships (we see our receipt when borrowing).
BILLED_BY = ("ship", "ship_override", "send_copy", "receive", "receive_copy", "deliver_copy")


@dataclass(frozen=True, slots=True)
class Reconciliation:
    """What the reconciliation found, line by line, with counts by finding."""

    month: str
    results: tuple[Result, ...]

    @property
    def counts(self) -> dict[Finding, int]:
        counted = Counter(r.finding for r in self.results)
        return {finding: counted.get(finding, 0) for finding in Finding}


def reconcile_file(uow: UnitOfWork, path: Path, month: str = "") -> Reconciliation:
    """Reconcile an IFM report (CSV) with our IFM requests of `month` (YYYY-MM); without a
    month, the months in which the report's requests were shipped or received here."""
    try:
        lines = read_report(path)
    except IfmFileError as exc:
        raise InvalidInput(str(exc), "file") from exc
    with uow:
        session = uow.session
        billed = (
            sa.select(
                Request.number,
                Request.lender_reference,
                Request.direction,
                Library.symbol,
                Request.charge,
                Request.max_cost,
                sa.func.max(Event.at),
            )
            .join(Library, Library.id == Request.library_id)
            .join(Event, Event.request_id == Request.id)
            .where(
                Library.billing_method == BillingMethod.IFM.value,
                Event.action.in_(BILLED_BY),
                Event.undone_by.is_(None),
            )
            .group_by(
                Request.id,
                Request.number,
                Request.lender_reference,
                Request.direction,
                Library.symbol,
                Request.charge,
                Request.max_cost,
            )
        )
        if month:
            start, end = month_range(month)
            billed = billed.where(Event.at >= start, Event.at < end)
        rows = session.execute(billed).all()
        # Requests named on the report but billed in another month still match.
        named = {line.request.upper() for line in lines}
        ours = [
            OurCharge(
                number, ref or "", direction == Direction.BORROWING.value, symbol, charge, most
            )
            for number, ref, direction, symbol, charge, most, _at in rows
        ]
        if not month:
            months = {
                at.astimezone(UTC).strftime("%Y-%m")
                for number, ref, *_rest, at in rows
                if number.upper() in named or (ref or "").upper() in named
            }
            ours = [
                charge
                for charge, row in zip(ours, rows, strict=True)
                if row[6].astimezone(UTC).strftime("%Y-%m") in months
                or charge.number.upper() in named
            ]
            month = ", ".join(sorted(months)) or "none"
        ours = [c for c in ours if (c.amount is not None and c.amount > 0) or c.number in named]
        known = {c.number for c in ours}
        extra = _named_elsewhere(uow, named - known)
        results = reconcile(lines, [*ours, *extra])
    return Reconciliation(month, tuple(results))


def _named_elsewhere(uow: UnitOfWork, keys: set[str]) -> list[OurCharge]:
    """Requests the report names that are not among this month's IFM requests (billed in
    another month, or with a partner not set to IFM): matched all the same."""
    if not keys:
        return []
    rows = uow.session.execute(
        sa.select(
            Request.number,
            Request.lender_reference,
            Request.direction,
            Library.symbol,
            Request.charge,
            Request.max_cost,
        )
        .outerjoin(Library, Library.id == Request.library_id)
        .where(sa.or_(Request.number.in_(keys), sa.func.upper(Request.lender_reference).in_(keys)))
    ).all()
    return [
        OurCharge(
            number, ref or "", direction == Direction.BORROWING.value, symbol or "", charge, most
        )
        for number, ref, direction, symbol, charge, most in rows
    ]
