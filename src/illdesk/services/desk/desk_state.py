"""What the scanning desk remembers between scans."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from illdesk.core.desk_decision import DeskFacts, DeskMode
from illdesk.core.scan import ScanOptions


@dataclass(frozen=True, slots=True)
class DeskState:
    """What the desk remembers between scans: the patron being served, the open package,
    and the last scan that can be undone."""

    mode: DeskMode = DeskMode.SMART
    patron_card: str = ""
    patron_name: str = ""
    package_library: str = ""
    package_numbers: tuple[str, ...] = ()
    last_number: str = ""
    last_event_id: int | None = None
    options: ScanOptions = field(default_factory=ScanOptions)
    # What staff set for the items being received now; empty means the lender's terms.
    receive_due_date: date | None = None
    receive_restrictions: str = ""
    # Stacks search: when set, scanned pull slips are marked unfilled for this reason.
    not_found_reason: str = ""
    # How the open package travels: the destination's own method, chosen with its first item
    # by the rule of the Ship dialog and the Shipping queues (a DeliveryMethod value).
    package_method: str = ""

    def facts(self, today: date | None = None) -> DeskFacts:
        """What the scan decision (`core.desk_decision`) reads of the desk on `today`."""
        return DeskFacts(
            self.mode,
            self.patron_card,
            self.not_found_reason,
            self.receive_due_date,
            self.receive_restrictions,
            today,
        )
