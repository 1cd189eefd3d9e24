"""From stored rows to the plain views services hand out."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from illdesk.core import state_codec
from illdesk.core.address import ADDRESS_PARTS, PATRON_ADDRESS_PARTS, PostalAddress
from illdesk.core.vocabulary import CancelReason, Direction, ReasonUnfilled, Service
from illdesk.core.workflow import (
    ACTION_LABELS,
    Action,
    RequestState,
    Status,
    overdue,
    status_label,
)
from illdesk.services.desk.views import EventView, LibraryView, PatronView, RequestRow
from illdesk.store.schema import Event, Library, Patron, Request


def label_for(direction: str, status: str) -> str:
    """A status label, tolerant of empty values (events before creation)."""
    if not status:
        return ""
    return status_label(Direction(direction), Status(status))


def request_row(req: Request, today: date) -> RequestRow:
    """The queue line of a request."""
    patron = req.patron
    return queue_line(
        req,
        patron_surname=patron.surname if patron else None,
        patron_given_name=patron.given_name if patron else None,
        library_symbol=req.library.symbol if req.library else None,
        today=today,
    )


def queue_line(
    source: Any,
    *,
    patron_surname: str | None,
    patron_given_name: str | None,
    library_symbol: str | None,
    today: date,
) -> RequestRow:
    """A queue line from anything with the request's columns as attributes: a loaded request,
    or a row of plain columns (`services.queues.ROW_SELECT`)."""
    direction, status = Direction(source.direction), Status(source.status)
    # Overdue needs only the direction, the status and the two due dates.
    state = RequestState(
        direction,
        Service(source.service),
        status,
        lender_due_date=source.lender_due_date,
        patron_due_date=source.patron_due_date,
    )
    due = overdue(state, today)
    return RequestRow(
        id=source.id,
        number=source.number,
        direction=source.direction,
        service=source.service,
        format=source.format,
        status=source.status,
        status_label=status_label(direction, status),
        title=source.article_title or source.title or source.journal_title,
        author=source.author,
        patron=patron_name(patron_surname, patron_given_name),
        library=library_symbol or "",
        created_at=source.created_at,
        status_since=source.status_since,
        need_before=source.need_before,
        lender_due_date=source.lender_due_date,
        patron_due_date=source.patron_due_date,
        overdue=due.value if due else None,
        renewal_pending=source.renewal_pending,
        version=source.version,
    )


def patron_name(surname: str | None, given_name: str | None) -> str:
    """How queues show a patron: "Surname, Given", or "" when there is none."""
    if not surname:
        return ""
    return f"{surname}, {given_name}" if given_name else surname


def patron_view(p: Patron) -> PatronView:
    return PatronView(
        id=p.id,
        card_barcode=p.card_barcode,
        surname=p.surname,
        given_name=p.given_name,
        email=p.email,
        phone=p.phone,
        patron_type=p.patron_type,
        department=p.department,
        pickup_location=p.pickup_location,
        status=p.status,
        note=p.note,
        address=address_of(p, "mail", PATRON_ADDRESS_PARTS),
        version=p.version,
    )


def address_of(record: object, prefix: str, parts: Sequence[str] = ADDRESS_PARTS) -> PostalAddress:
    """The structured address kept in a record's `<prefix>_<part>` columns (a library's `ship_`
    or `bill_`, a patron's `mail_`); parts the record has no column for stay empty."""
    return PostalAddress(**{part: getattr(record, f"{prefix}_{part}") for part in parts})


def set_address(
    record: object, prefix: str, address: PostalAddress, parts: Sequence[str] = ADDRESS_PARTS
) -> None:
    """Store a structured address in a record's `<prefix>_<part>` columns (see `address_of`)."""
    for part in parts:
        if part != "country":
            setattr(record, f"{prefix}_{part}", getattr(address, part))
    setattr(record, f"{prefix}_country", address.country.upper()[:2] or "US")


def library_view(lib: Library) -> LibraryView:
    return LibraryView(
        id=lib.id,
        symbol=lib.symbol,
        name=lib.name,
        email=lib.email,
        phone=lib.phone,
        group_name=lib.group_name,
        delivery_methods=tuple(m for m in lib.delivery_methods.split(",") if m),
        courier_route=lib.courier_route,
        courier_stop=lib.courier_stop,
        loan_days=lib.loan_days,
        charge=lib.charge,
        renewals_allowed=lib.renewals_allowed,
        billing_method=lib.billing_method,
        barcode_scheme=lib.barcode_scheme,
        barcode_institution=lib.barcode_institution,
        shipping_address=address_of(lib, "ship"),
        billing_address=address_of(lib, "bill"),
        active=lib.active,
        note=lib.note,
        version=lib.version,
    )


def event_view(event: Event, direction: str) -> EventView:
    """One history line, with its details in words."""
    try:
        action_label = ACTION_LABELS[Action(event.action)]
    except ValueError:
        action_label = event.action.replace("_", " ").capitalize()
    return EventView(
        id=event.id,
        at=event.at,
        staff_name=event.staff_name,
        workstation=event.workstation,
        action=event.action,
        action_label=action_label,
        from_status=event.from_status,
        to_status=event.to_status,
        from_label=label_for(direction, event.from_status),
        to_label=label_for(direction, event.to_status),
        summary=describe_details(event.details),
        undone=event.undone_by is not None,
    )


_HIDDEN = {"status", "rota", "search_text", "match_key", "version"}


def describe_details(details: dict[str, Any]) -> str:
    """The interesting parts of an event's details as a short sentence."""
    parts: list[str] = []
    params = details.get("params", {})
    for name, value in params.items():
        parts.append(f"{name.replace('_', ' ')}: {_param_text(name, value)}")
    changes = state_codec.decode_changes(details.get("changes", {}))
    for name, (old, new) in changes.items():
        if name in _HIDDEN or name in params:
            continue
        shown = (_reason_label(old), _reason_label(new)) if name == "reason" else (old, new)
        parts.append(f"{name.replace('_', ' ')}: {_show(shown[0])} → {_show(shown[1])}")
    if "rota" in changes:
        _, new_rota = changes["rota"]
        asked = [f"{e.symbol} {e.answer.value.replace('_', ' ')}" for e in new_rota or ()]
        if asked:
            parts.append("lenders: " + ", ".join(asked))
    if "replayed_at" in details:  # a scan kept offline: dated when scanned (the event's time)
        applied = datetime.fromisoformat(details["replayed_at"]).astimezone()
        parts.insert(0, f"scanned offline, applied {applied:%Y-%m-%d %H:%M}")
    if "undone_action" in details:
        parts.insert(0, f"undid “{details['undone_action'].replace('_', ' ')}”")
    if "note" in details and isinstance(details["note"], str):
        parts.append(details["note"])
    if details.get("package"):
        tracking = details.get("tracking_number")
        parts.append(
            f"package {details['package']}" + (f", tracking {tracking}" if tracking else "")
        )
    return "; ".join(parts)


def _reason_label(value: Any) -> Any:
    """Words for a stored reason code (unfilled or cancelled), or the value as it is."""
    if not value:
        return value
    for kind in (ReasonUnfilled, CancelReason):
        try:
            return kind(value).label
        except ValueError:
            continue
    return str(value).replace("_", " ")


def _param_text(name: str, value: Any) -> str:
    if name == "reason":
        return str(_reason_label(value))
    if name == "lenders":
        return ", ".join(value)
    return str(value)


def _show(value: Any) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
