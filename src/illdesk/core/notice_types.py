"""What ILL Desk writes to patrons and libraries: the kinds of notice and the fields a
template may use, named in words for the staff who edit them. Pure data, no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Audience(StrEnum):
    """Who a notice is addressed to."""

    PATRON = "patron"
    LIBRARY = "library"


@dataclass(frozen=True, slots=True)
class NoticeType:
    """One kind of notice: its stored code, who gets it, and its name in words."""

    kind: str
    audience: Audience
    label: str


_P = Audience.PATRON
_L = Audience.LIBRARY

NOTICE_TYPES: tuple[NoticeType, ...] = (
    NoticeType("ready_for_pickup", _P, "Ready for pickup"),
    NoticeType("pickup_reminder", _P, "Pickup reminder (waiting on the shelf)"),
    NoticeType("due_soon", _P, "Due soon (reminder before the due date)"),
    NoticeType("overdue_1", _P, "Overdue, first notice"),
    NoticeType("overdue_2", _P, "Overdue, second notice"),
    NoticeType("overdue_3", _P, "Overdue, final notice"),
    NoticeType("recalled", _P, "Recalled by the lender (new due date)"),
    NoticeType("renewal_approved", _P, "Renewal approved (new due date)"),
    NoticeType("renewal_denied", _P, "Renewal denied (return by)"),
    NoticeType("unfilled", _P, "Request could not be filled"),
    NoticeType("cancelled", _P, "Request cancelled"),
    NoticeType("copy_delivered", _P, "Copy delivered (file or link)"),
    NoticeType("charges_billed", _P, "Charges billed"),
    NoticeType("statement", _P, "Statement of account"),
    NoticeType("library_due_soon", _L, "To a library: our item due soon (reminder)"),
    NoticeType("library_overdue_1", _L, "To a library: our item overdue, first notice"),
    NoticeType("library_overdue_2", _L, "To a library: our item overdue, second notice"),
    NoticeType("library_overdue_3", _L, "To a library: our item overdue, final notice"),
    NoticeType("library_recall", _L, "To a library: recall of our item"),
    NoticeType("lost_item_invoice", _L, "To a library: lost-item invoice cover letter"),
    NoticeType("item_returned", _L, "To a library: we returned your item"),
    NoticeType("library_statement", _L, "To a library: statement of account"),
)
BY_KIND: dict[str, NoticeType] = {t.kind: t for t in NOTICE_TYPES}

# The fields a template may name, with what each holds, in the words shown in the editor.
FIELDS: dict[str, str] = {
    "patron_name": "the patron's name (given name first)",
    "patron_given_name": "the patron's given name",
    "patron_surname": "the patron's surname",
    "patron_card": "the patron's card number",
    "inmate_number": "the patron's inmate number (correctional patrons)",
    "pickup_location": "where the patron collects items",
    "request_number": "the request number (B-26-000123)",
    "title": "the title (book title, or the article's title)",
    "author": "the author",
    "journal_title": "the journal's title (copies)",
    "item_barcode": "the item's barcode",
    "due_date": "the due date (formatted for the library's language)",
    "new_due_date": "the new due date after a renewal or recall",
    "return_by": "the date by which the item must come back",
    "days_overdue": "how many days the item is overdue",
    "days_on_shelf": "how many days the item has waited on the hold shelf",
    "hold_until": "the last day the item waits on the hold shelf",
    "reason": "the reason given (unfilled, cancelled, renewal denied)",
    "amount": "the amount billed, in the library's currency",
    "balance": "what the patron (or library) owes in all after this charge",
    "statement": "a statement's lines: open charges, then payments and credits (several lines)",
    "statement_period": "the days a statement's payments and credits cover",
    "invoice_number": "the number of our invoice (lost-item cover letter)",
    "invoice_total": "the whole amount of that invoice, in the library's currency",
    "link": "where to fetch a delivered copy",
    "copyright_warning": "the copyright warning required where copies are supplied",
    "partner_name": "the partner library's name",
    "partner_symbol": "the partner library's symbol",
    "lender_reference": "the lender's own number for the request",
    "library_name": "our library's name",
    "library_symbol": "our library's symbol",
    "library_email": "our library's e-mail address",
    "library_phone": "our library's phone number",
    "library_address": "our library's postal address (several lines)",
    "today": "today's date",
}

# The parts of one template: every notice has an e-mail subject and body and a letter; the
# HTML body is optional (without it the e-mail is plain text only).
BLOCKS: tuple[str, ...] = ("subject", "text", "html", "letter")
REQUIRED_BLOCKS: tuple[str, ...] = ("subject", "text", "letter")

# Where a notice is: waiting, being handed to the mail server, done (sent by e-mail or printed
# as a letter), failed (the reason is kept), or withdrawn (undone or stopped by staff).
NOTICE_STATES: tuple[str, ...] = ("queued", "sending", "sent", "failed", "printed", "withdrawn")
