"""What the rules do when a request arrives (entered, imported or received by message), in
the transaction that stores it: a borrowed copy gets its copyright record, a lending request
is routed by the lending policy, a borrowing loan by the purchase rules."""

from __future__ import annotations

from illdesk.services.rules import copyright as copyright_records
from illdesk.services.rules import policy, purchase
from illdesk.store.schema import Request
from illdesk.store.unit_of_work import UnitOfWork


def on_entry(uow: UnitOfWork, req: Request) -> str:
    """Apply the rules to a request just stored; what was done, in words ("" for nothing)."""
    copyright_records.record_entry(uow, req)
    return policy.on_arrival(uow, req) or purchase.on_arrival(uow, req)
