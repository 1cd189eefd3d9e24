"""Plain data that the printed documents are made from.

Services map database rows onto these classes; the document modules turn them into PDF bytes.
Everything here is self-contained (strings, dates, postal addresses) so that printing never
needs a database session.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from illdesk.core.address import PostalAddress


class Stock(StrEnum):
    """The paper or label roll a document is printed on."""

    THERMAL_4X6 = "thermal-4x6"
    THERMAL_4X3 = "thermal-4x3"
    THERMAL_2X6 = "thermal-2x6"
    LETTER = "letter"
    A4 = "a4"
    # Sheets of 10 labels of 4 x 2 in (2 columns x 5 rows), the common US laser label.
    LETTER_LABELS_2X5 = "letter-labels-2x5"
    # Sheets of 8 labels of 99.1 x 67.7 mm (2 columns x 4 rows), the common A4 laser label.
    A4_LABELS_2X4 = "a4-labels-2x4"


@dataclass(frozen=True, slots=True)
class PrintProfile:
    """How one printer is set up: stock, resolution and calibration offsets.

    `offset_x_mm` moves everything right and `offset_y_mm` moves everything up, to correct a
    printer that does not put the page origin where it should.
    """

    stock: Stock = Stock.LETTER
    dpi: int = 300
    offset_x_mm: float = 0.0
    offset_y_mm: float = 0.0

    def __post_init__(self) -> None:
        if self.dpi not in (203, 300, 600):
            raise ValueError(f"printer resolution must be 203, 300 or 600 dpi, not {self.dpi}")


class DeliveryMethod(StrEnum):
    """How a package travels to the other library."""

    LIBRARY_MAIL = "library-mail"
    COURIER = "courier"
    POST = "post"
    OTHER = "other"


class PatronPrivacy(StrEnum):
    """What identifies the patron on slips that other people can see."""

    NAME = "name"
    ID_ONLY = "id-only"


@dataclass(frozen=True, slots=True)
class LabelData:
    """A mailing label for one package."""

    sender: PostalAddress
    recipient: PostalAddress
    package_barcode: str
    delivery_method: DeliveryMethod = DeliveryMethod.POST
    courier_route: str = ""
    courier_stop: str = ""
    recipient_symbol: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class PackingSlipItem:
    """One item inside a package."""

    request_number: str
    title: str
    author: str = ""
    lender_reference: str = ""
    due_date: date | None = None
    restrictions: tuple[str, ...] = ()
    # True for an item going back to the library that lent it: it has no due date to keep,
    # and its line says so instead.
    returned: bool = False


@dataclass(frozen=True, slots=True)
class PackingSlip:
    """What is in a package, from whom and to whom."""

    sender: PostalAddress
    recipient: PostalAddress
    package_barcode: str
    shipped_on: date
    items: tuple[PackingSlipItem, ...]
    sender_symbol: str = ""
    recipient_symbol: str = ""
    return_instructions: str = ""


@dataclass(frozen=True, slots=True)
class BookBand:
    """The strip wrapped around a borrowed book while the patron has it."""

    request_number: str
    title: str
    patron_name: str
    patron_id: str
    patron_due_date: date
    lender: str
    privacy: PatronPrivacy = PatronPrivacy.NAME
    library_use_only: bool = False
    no_renewals: bool = False
    other_restrictions: tuple[str, ...] = ()
    home_library: str = ""

    @property
    def restrictions(self) -> tuple[str, ...]:
        """Every restriction as staff and patrons read it."""
        fixed = []
        if self.library_use_only:
            fixed.append("Library use only")
        if self.no_renewals:
            fixed.append("No renewals")
        return (*fixed, *self.other_restrictions)

    @property
    def patron_label(self) -> str:
        """The patron as the privacy setting allows them to be shown."""
        return patron_label(self.patron_name, self.patron_id, self.privacy)


class BookBandLayout(StrEnum):
    """How book bands are put on the stock."""

    STRIPS = "strips"
    SINGLE = "single"


@dataclass(frozen=True, slots=True)
class PullSlip:
    """A slip for the stacks: where an item to be lent sits and who asked for it."""

    request_number: str
    call_number: str
    location: str
    title: str
    author: str = ""
    borrowing_library: str = ""
    need_before: date | None = None
    item_barcode: str = ""


@dataclass(frozen=True, slots=True)
class HoldSlip:
    """A slip put in a book on the hold shelf, waiting for its patron."""

    request_number: str
    title: str
    patron_name: str
    patron_id: str
    pickup_location: str
    hold_until: date
    privacy: PatronPrivacy = PatronPrivacy.NAME

    @property
    def patron_label(self) -> str:
        """The patron as the privacy setting allows them to be shown."""
        return patron_label(self.patron_name, self.patron_id, self.privacy)


def patron_label(name: str, patron_id: str, privacy: PatronPrivacy) -> str:
    """Name (when allowed and known) or else the patron ID."""
    if privacy is PatronPrivacy.NAME and name.strip():
        return name.strip()
    return patron_id.strip()


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a document put a piece of text or a barcode; kept for tests and previews.

    `box` is the space the field was given and `extent` the space it actually used, both as
    (x0, y0, x1, y1) in points from the bottom-left corner of the page.
    """

    page: int
    kind: str
    text: str
    box: tuple[float, float, float, float]
    extent: tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class Rendered:
    """A finished PDF and the record of what was placed where."""

    pdf: bytes
    page_size: tuple[float, float]
    placements: tuple[Placement, ...] = field(default=())
