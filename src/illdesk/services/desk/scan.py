"""The scanning desk: one scan, the one right thing, said loudly; and undo of the last scan.

A scan is resolved to what it names (our request number, a temporary barcode, a lender's or
our own item barcode, a patron card). What it does in the desk's current mode is decided by
`core.desk_decision.decide_scan` (pure, no database), and an action is written by the one
writer (`store.request_writer.write_action`) in one transaction with its event and the notice
it calls for. Anything else changes nothing and says what to do next. Modes:

- smart: work out from the request's state what the scan means (the default);
- receive: borrowed items arriving, our lent items coming home;
- check-out: a patron card first, then that patron's items;
- patron-return: items the patron brings back;
- stacks-search: lending items found on the shelf;
- pack: items into one package for one library; closing the package ships it
  (`services.desk.scan_packing`).

What the desk says is in `services.desk.scan_texts`.
"""

from __future__ import annotations

from dataclasses import replace

import sqlalchemy as sa
from sqlalchemy.orm.exc import StaleDataError

from illdesk.core import workflow
from illdesk.core.check_digits import CheckDigitScheme, IssuerSchemes
from illdesk.core.desk_decision import DeskMode, Outcome, ScannedRequest, decide_scan
from illdesk.core.scan import ScanKind, ScanProblem, normalize_scan
from illdesk.core.vocabulary import Direction
from illdesk.core.workflow import TERMINAL, Status
from illdesk.services.admin import settings as library_settings
from illdesk.services.desk.action_inputs import prepare, terms_of
from illdesk.services.desk.desk_state import DeskState
from illdesk.services.desk.scan_packing import close_package, pack
from illdesk.services.desk.scan_texts import (
    LastChange,
    Level,
    ScanResult,
    already_done,
    done,
    error,
    nothing_to_do,
    past_due,
    wrong_patron,
)
from illdesk.services.errors import ServiceError
from illdesk.services.money import ledger as money_ledger
from illdesk.services.money.accounts import patron_block, patron_owes
from illdesk.services.notices import outbox as notices
from illdesk.store import barcode_lookup
from illdesk.store import request_history as history
from illdesk.store import request_records as records
from illdesk.store import requests as repo
from illdesk.store.request_records import RequestRecord
from illdesk.store.request_writer import event_details, write_action
from illdesk.store.schema import Event, Library, Patron, Request
from illdesk.store.unit_of_work import UnitOfWork

# The desk's public names, kept here for the window and the command line.
__all__ = [
    "DeskMode",
    "DeskState",
    "Level",
    "ScanResult",
    "barcode_schemes",
    "close_package",
    "handle_scan",
    "undo_last_scan",
]

_ACTIVE = [s.value for s in Status if s not in TERMINAL]


def handle_scan(uow: UnitOfWork, raw: str, state: DeskState) -> tuple[ScanResult, DeskState]:
    """Resolve one raw scan and act on it in the desk's mode; never raises for bad input."""
    try:
        scan = normalize_scan(raw, state.options)
    except ScanProblem as problem:
        return error("Scan not understood", problem.message, "Scan the barcode again."), state
    text = scan.text
    shape = scan.shape
    try:
        with uow:
            if shape.kind is not ScanKind.REQUEST_NUMBER:
                patron = _patron_with_card(uow, text)
                if patron is not None:
                    return _patron_scanned(uow, patron, state)
            number = shape.value if shape.kind is ScanKind.REQUEST_NUMBER else None
            record = _find_request(uow, text, number)
            if record is None:
                finished = _finished_request(uow, text)
                if finished is not None:
                    return already_done(finished, _last_change(uow, finished.id)), state
                return _unknown(uow, text, shape.kind), state
            result, new_state = _act(uow, record, state)
            if result.event_id is not None:
                uow.commit()
            if scan.warnings and result.ok:
                result = replace(result, detail=" ".join([result.detail, *scan.warnings]).strip())
            return result, new_state
    except StaleDataError:
        # Another workstation changed the request between our read and our write.
        return _lost_race(uow, text), state
    except ServiceError as exc:
        return error("Not done", str(exc)), state


_REQUESTS = Request.__table__.c
# Barcodes match in any case and with or without Codabar start/stop letters
# (store.barcode_lookup); built once, as plain SQL.
_BARCODE = sa.or_(
    barcode_lookup.tolerant_match(_REQUESTS.item_barcode),
    barcode_lookup.tolerant_match(_REQUESTS.temp_barcode),
)
_ANY_BY_BARCODE = records.record_select().where(_BARCODE).order_by(_REQUESTS.id.desc()).limit(1)
_BY_BARCODE_OR_NUMBER = (
    records.record_select()
    .where(sa.or_(_BARCODE, _REQUESTS.number == sa.bindparam("number")))
    .order_by(_REQUESTS.id.desc())
    .limit(1)
)


def _find_request(uow: UnitOfWork, text: str, number: str | None) -> RequestRecord | None:
    """The open request this barcode names; the newest one if several ever used it.

    Only a scan shaped like a request number is looked up as one, and that match wins (a
    temporary barcode such as ILL26000325 can look like a number too, so the barcode columns
    are tried as well). Barcodes match in any case and with or without Codabar start/stop
    letters (store.barcode_lookup). One query, locking the request it finds.
    """
    row = barcode_lookup.find_open_request_row(
        uow.session, records.record_select(), _ACTIVE, text, number
    )
    return None if row is None else records.record_of(uow.session, row)


def _patron_with_card(uow: UnitOfWork, card: str) -> Patron | None:
    """The patron whose card this is (in any case the scanner sends it)."""
    return barcode_lookup.find_patron_by_card(uow.session, card)


def _finished_request(uow: UnitOfWork, text: str) -> RequestRecord | None:
    """The newest request of any status that used this barcode (a finished one, since no
    open one did)."""
    row = (
        uow.session.connection().execute(_ANY_BY_BARCODE, barcode_lookup.scan_params(text)).first()
    )
    return None if row is None else records.record_of(uow.session, row)


def barcode_schemes(uow: UnitOfWork) -> IssuerSchemes:
    """Which check-digit scheme each issuer's 14-digit barcodes use: ours from the library
    settings, partners' from the directory (remembered like the settings)."""
    known = uow.db.recall("barcode_schemes", library_settings.SHARED_FOR_SECONDS)
    if isinstance(known, IssuerSchemes):
        return known
    settings = library_settings.load(uow)
    home = _scheme(settings.barcode_scheme) or CheckDigitScheme.LUHN_MOD10
    by_institution: dict[str, CheckDigitScheme] = {}
    for institution, name in uow.session.execute(
        sa.select(Library.barcode_institution, Library.barcode_scheme).where(
            Library.barcode_institution != ""
        )
    ):
        scheme = _scheme(name)
        if scheme is not None:
            by_institution[institution] = scheme
    if settings.barcode_institution:
        by_institution[settings.barcode_institution] = home
    schemes = IssuerSchemes(default=home, by_institution=by_institution)
    uow.db.remember("barcode_schemes", schemes)
    return schemes


def _scheme(name: str) -> CheckDigitScheme | None:
    try:
        return CheckDigitScheme(name)
    except ValueError:
        return None


def _unknown(uow: UnitOfWork, text: str, kind: ScanKind) -> ScanResult:
    label = _label_scanned(uow, text)
    if label is not None:
        return label
    if kind is ScanKind.LIBRARY_BARCODE:
        check = barcode_schemes(uow).validate(text)
        if not check.valid:
            return error("Misread barcode", f"{text}: {check.message}", "Scan it again")
    if kind is ScanKind.REQUEST_NUMBER:
        return error(
            f"{text} is not a request here",
            "No request has this number: it may belong to another library.",
            "Look for our own band or slip on the item, or search by title.",
        )
    return error(
        "Barcode not known",
        f"No open request uses {text}, and no patron has this card. Nothing was changed.",
        "Search by title or request number, or open the request and attach this barcode.",
    )


def _label_scanned(uow: UnitOfWork, text: str) -> ScanResult | None:
    """A package's number or a mailing label's library barcode, which name no request: say
    what was scanned instead of "not known", and change nothing."""
    package = barcode_lookup.find_package(uow.session, text)
    if package is not None:
        items = len(package.items)
        where = package.library.symbol
        state = "shipped" if package.shipped_at else "still open"
        return ScanResult(
            Level.INFO,
            f"Package {package.number} to {where}",
            f"A package of {items} item(s), {state}. Scanning a package changes nothing.",
            "Scan the items inside it, or the request number on the packing slip.",
        )
    library = barcode_lookup.find_library_by_label(uow.session, text)
    if library is not None:
        return ScanResult(
            Level.INFO,
            f"Mailing label of {library.symbol}",
            f"This is the address label of {library.name}. Scanning it changes nothing.",
            "Scan the items going to this library, or their request numbers.",
        )
    return None


def _patron_scanned(
    uow: UnitOfWork, patron: Patron, state: DeskState
) -> tuple[ScanResult, DeskState]:
    name = f"{patron.given_name} {patron.surname}".strip()
    if patron.status != "active":
        return (
            error(
                f"Patron {patron.status}",
                f"{name}'s account is {patron.status}.",
                "Send the patron to the circulation desk before checking anything out.",
            ),
            state,
        )
    blocked = patron_block(uow, patron.id)
    if blocked:
        return (
            error(
                "Patron blocked: balance owed",
                f"{name}: {blocked}",
                "Nothing can be checked out until the balance is below the limit.",
            ),
            replace(state, patron_card="", patron_name=""),
        )
    owes = patron_owes(uow, patron.id)
    if state.mode is DeskMode.CHECK_OUT:
        new_state = replace(state, patron_card=patron.card_barcode, patron_name=name)
        return (
            ScanResult(
                Level.INFO,
                f"Serving {name}",
                " ".join(part for part in (owes, "Now scan the items to check out.") if part),
                "Scan the items",
                party=name,
            ),
            new_state,
        )
    return (
        ScanResult(
            Level.INFO,
            f"Patron card: {name}",
            " ".join(
                part
                for part in (owes, "To check items out, switch to Check out mode first.")
                if part
            ),
            "Switch to Check out mode",
            party=name,
        ),
        state,
    )


def _act(uow: UnitOfWork, req: RequestRecord, state: DeskState) -> tuple[ScanResult, DeskState]:
    """Ask the decision what the scan means, and carry it out."""
    scanned = ScannedRequest(
        req.number,
        req.state.direction,
        req.state.service,
        req.state.status,
        req.state.temp_barcode,
        req.patron.card_barcode if req.patron else "",
        req.state.patron_due_date,
    )
    decision = decide_scan(state.facts(uow.today()), scanned)
    if decision.outcome in {Outcome.PACK, Outcome.NOT_READY_TO_SHIP}:
        return pack(uow, req, state, decision.reason)
    if decision.outcome is Outcome.ALREADY_DONE:
        return already_done(req, _last_change(uow, req.id)), state
    if decision.outcome is Outcome.WRONG_PATRON:
        return wrong_patron(req, state.patron_name), state
    if decision.outcome is Outcome.PAST_DUE:
        return past_due(req, decision.reason), state
    if decision.outcome is Outcome.NOTHING_TO_DO or decision.action is None:
        waiting_for_card = state.mode is DeskMode.CHECK_OUT and not state.patron_card
        last = None if waiting_for_card else _last_change(uow, req.id)
        return nothing_to_do(req, decision.reason, waiting_for_card, last), state
    what = decision.action
    before = req.state
    linked = terms_of(req.library) if req.library else None
    ctx = prepare(uow, before, linked, what, decision.params, req.id)
    try:
        after, transition = workflow.apply(before, what, ctx)
    except workflow.TransitionError as exc:
        return error(f"{req.number}: not possible", str(exc)), state
    details = event_details(
        before,
        after,
        workflow.check_params(transition, ctx.params),
        ctx.today,
        {"scan": True, "mode": state.mode.value},
    )
    written = write_action(
        uow,
        req.stored(),
        before,
        after,
        what.value,
        details,
        further=notices.further_records(req, what),
    )
    now = replace(req, state=after, library=_library_now(uow, req, written.values))
    result = done(what, now, written.told, written.event.id)
    return result, replace(state, last_number=req.number, last_event_id=written.event.id)


def _library_now(
    uow: UnitOfWork, req: RequestRecord, values: dict[str, object]
) -> records.LenderRecord | None:
    """The library the request is grouped by after the write (re-read only if it moved)."""
    if "library_id" not in values:
        return req.library
    library = uow.session.get(Library, values["library_id"]) if values["library_id"] else None
    if library is None:
        return None
    return records.LenderRecord(
        library.symbol, library.group_name, library.loan_days, library.charge
    )


_LAST_EVENT = (
    sa.select(Event.action, Event.staff_name, Event.workstation, Event.at)
    .where(Event.request_id == sa.bindparam("request_id"))
    .order_by(Event.id.desc())
    .limit(1)
)


def _last_change(uow: UnitOfWork, request_id: int) -> LastChange | None:
    """Who changed the request last, from where and when: what a workstation that lost a
    race for the same item is told."""
    row = uow.session.execute(_LAST_EVENT, {"request_id": request_id}).first()
    return None if row is None else LastChange(row.action, row.staff_name, row.workstation, row.at)


def _lost_race(uow: UnitOfWork, text: str) -> ScanResult:
    with uow.db.reading() as session:
        row = session.execute(
            _BY_BARCODE_OR_NUMBER, barcode_lookup.scan_params(text, text.upper())
        ).first()
        last = None
        if row is not None:
            found = session.execute(_LAST_EVENT, {"request_id": row.id}).first()
            if found is not None:
                last = LastChange(found.action, found.staff_name, found.workstation, found.at)
    detail = "Another workstation changed this request at the same moment. Nothing was changed."
    if last is not None:
        detail = f"{detail} {last.sentence()}"
    return ScanResult(
        Level.WARNING, "Changed meanwhile", detail, "Scan it again to see where it is now"
    )


# ---------------------------------------------------------------- undo


def undo_last_scan(uow: UnitOfWork, state: DeskState) -> tuple[ScanResult, DeskState]:
    """Reverse the last scan's change (its own event), or take the last item out of the
    open package."""
    if state.mode is DeskMode.PACK and state.package_numbers:
        removed = state.package_numbers[-1]
        rest = state.package_numbers[:-1]
        new_state = replace(
            state,
            package_numbers=rest,
            package_library=state.package_library if rest else "",
            package_method=state.package_method if rest else "",
        )
        return ScanResult(
            Level.INFO, "Taken out of the package", removed, number=removed
        ), new_state
    if not state.last_number or state.last_event_id is None:
        return ScanResult(
            Level.WARNING, "Nothing to undo", "No scan of this batch changed a request yet."
        ), state
    with uow:
        req = repo.by_number(uow.session, state.last_number, for_update=True)
        target = history.last_undoable(uow.session, req) if req else None
        if req is None or target is None or target.id != state.last_event_id:
            return (
                error(
                    "Cannot undo the scan",
                    f"{state.last_number} has been changed since; "
                    "open the request to undo from its history.",
                ),
                replace(state, last_number="", last_event_id=None),
            )
        try:
            event = history.undo(uow, req, target)
        except workflow.TransitionError as exc:
            return error("Cannot undo the scan", str(exc)), state
        notices.withdraw_for_undone(uow, target.id)
        money_ledger.reverse_for_undone(uow, target.id, event.id)
        label = workflow.status_label(Direction(req.direction), Status(req.status))
        uow.commit()
    return (
        ScanResult(
            Level.SUCCESS,
            "Last scan undone",
            f"{req.number} is “{label}” again.",
            number=req.number,
            action="undo",
            event_id=event.id,
        ),
        replace(state, last_number="", last_event_id=None),
    )
