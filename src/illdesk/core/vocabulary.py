"""The words of the ILL desk as enumerations.

Values are stable lower-case strings because they are stored in the database, written to CSV
files and event details; labels are what staff read on screen.
"""

from __future__ import annotations

from enum import StrEnum


class Direction(StrEnum):
    """Which side of the loan this library is on."""

    BORROWING = "borrowing"
    LENDING = "lending"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Service(StrEnum):
    """Loan of a returnable item, or a non-returnable copy."""

    LOAN = "loan"
    COPY = "copy"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Format(StrEnum):
    """What kind of thing is asked for."""

    BOOK = "book"
    ARTICLE = "article"
    CHAPTER = "chapter"
    THESIS = "thesis"
    AUDIOVISUAL = "audiovisual"
    OTHER = "other"

    @property
    def label(self) -> str:
        return "Audiovisual" if self is Format.AUDIOVISUAL else self.value.capitalize()


class PatronType(StrEnum):
    """Patron categories that change limits, notices and statistics."""

    STUDENT = "student"
    FACULTY = "faculty"
    STAFF = "staff"
    COMMUNITY = "community"
    CORRECTIONAL = "correctional"
    LIBRARY = "library"

    @property
    def label(self) -> str:
        if self is PatronType.CORRECTIONAL:
            return "Correctional facility"
        return self.value.capitalize()


class PatronStatus(StrEnum):
    """Whether a patron may place new requests."""

    ACTIVE = "active"
    BLOCKED = "blocked"
    EXPIRED = "expired"


class BillingMethod(StrEnum):
    """How a partner library settles lending charges."""

    FREE = "free"
    INVOICE = "invoice"
    IFM = "ifm"

    @property
    def label(self) -> str:
        return {"free": "Free", "invoice": "Invoice", "ifm": "OCLC IFM"}[self.value]


class DeliveryMethod(StrEnum):
    """How a package or a copy travels between libraries."""

    COURIER = "courier"
    LIBRARY_MAIL = "library_mail"
    POST = "post"
    UPS = "ups"
    FEDEX = "fedex"
    ELECTRONIC = "electronic"
    PICKUP = "pickup"

    @property
    def label(self) -> str:
        return {
            "courier": "Courier",
            "library_mail": "Library Mail",
            "post": "Post",
            "ups": "UPS",
            "fedex": "FedEx",
            "electronic": "Electronic (PDF)",
            "pickup": "Picked up",
        }[self.value]


class RotaAnswer(StrEnum):
    """A candidate lender's answer to a borrowing request."""

    NOT_ASKED = "not_asked"
    PENDING = "pending"
    CONDITIONAL = "conditional"
    ACCEPTED = "accepted"
    UNFILLED = "unfilled"
    NO_ANSWER = "no_answer"
    SKIPPED = "skipped"


class CopyrightCode(StrEnum):
    """Copyright compliance of a copy request (CONTU guidelines or copyright law)."""

    CCG = "ccg"
    CCL = "ccl"
    FEE = "fee"  # over the rule of five: royalties paid (or a document supplier's copy)


class ReasonUnfilled(StrEnum):
    """Why a lender cannot supply; the ISO 10161 / ISO 18626 reason-unfilled values."""

    IN_USE_ON_LOAN = "InUseOnLoan"
    IN_PROCESS = "InProcess"
    LOST = "Lost"
    NON_CIRCULATING = "NonCirculating"
    NOT_OWNED = "NotOwned"
    ON_ORDER = "OnOrder"
    VOLUME_NOT_YET_AVAILABLE = "VolumeIssueNotYetAvailable"
    AT_BINDERY = "AtBindery"
    LACKING = "Lacking"
    NOT_ON_SHELF = "NotOnShelf"
    ON_RESERVE = "OnReserve"
    POOR_CONDITION = "PoorCondition"
    COST_EXCEEDS_LIMIT = "CostExceedsLimit"
    CHARGES = "Charges"
    PREPAYMENT_REQUIRED = "PrepaymentRequired"
    LACKS_COPYRIGHT_COMPLIANCE = "LacksCopyrightCompliance"
    NOT_FOUND_AS_CITED = "NotFoundAsCited"
    LOCATIONS_NOT_FOUND = "LocationsNotFound"
    ON_HOLD = "OnHold"
    POLICY_PROBLEM = "PolicyProblem"
    NO_ANSWER = "NoAnswer"
    OTHER = "Other"

    @property
    def label(self) -> str:
        return _REASON_LABELS.get(self.value, self.value)


_REASON_LABELS = {
    "InUseOnLoan": "In use / on loan",
    "InProcess": "In process",
    "NonCirculating": "Non-circulating",
    "NotOwned": "Not owned",
    "OnOrder": "On order",
    "VolumeIssueNotYetAvailable": "Volume/issue not yet available",
    "AtBindery": "At bindery",
    "NotOnShelf": "Not on shelf",
    "OnReserve": "On reserve",
    "PoorCondition": "Poor condition",
    "CostExceedsLimit": "Cost exceeds limit",
    "PrepaymentRequired": "Prepayment required",
    "LacksCopyrightCompliance": "Lacks copyright compliance",
    "NotFoundAsCited": "Not found as cited",
    "LocationsNotFound": "No locations found",
    "OnHold": "On hold",
    "PolicyProblem": "Lending policy",
    "NoAnswer": "No answer in time",
}


class CancelReason(StrEnum):
    """Why a request was cancelled."""

    PATRON_REQUEST = "patron_request"
    DUPLICATE = "duplicate"
    OWNED_LOCALLY = "owned_locally"
    NOT_NEEDED_AFTER = "not_needed_after"
    NO_LENDER = "no_lender"
    PATRON_BLOCKED = "patron_blocked"
    COST = "cost"
    BORROWER_CANCELLED = "borrower_cancelled"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "patron_request": "Patron no longer needs it",
            "duplicate": "Duplicate request",
            "owned_locally": "Owned locally",
            "not_needed_after": "Need-before date passed",
            "no_lender": "No lender found",
            "patron_blocked": "Patron not in good standing",
            "cost": "Cost too high",
            "borrower_cancelled": "Borrowing library cancelled",
            "other": "Other",
        }[self.value]


def reason_text(value: str) -> str:
    """A stored reason (unfilled, ISO code, or cancel) in words; unknown text as it is."""
    for kind in (ReasonUnfilled, CancelReason):
        try:
            return kind(value).label
        except ValueError:
            continue
    return value
