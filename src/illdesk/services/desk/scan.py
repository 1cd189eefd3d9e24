"""The scanning desk: one scan, the one right thing, said loudly; and undo of the last scan.

A scan is resolved to what it names (our request number, a temporary barcode, a lender's or
our own item barcode, a patron card) and, in the desk's current mode, the one transition that
fits the request's state is performed, in one transaction with its event. Anything else
changes nothing and says what to do next. Modes:

- smart: work out from the request's state what the scan means (the default);
- receive: borrowed items arriving, our lent items coming home;
- check-out: a patron card first, then that patron's items;
- patron-return: items the patron brings back;
- stacks-search: lending items found on the shelf;
- pack: items into one package for one library; closing the package ships it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum

import sqlalchemy as sa

from illdesk.core import workflow
from illdesk.core.check_digits import CheckDigitScheme, IssuerSchemes
from illdesk.core.scan import ScanKind, ScanOptions, ScanProblem, normalize_scan
from illdesk.core.vocabulary import DeliveryMethod, Direction, ReasonUnfilled, Service
from illdesk.core.workflow import TERMINAL, Action, Status
from illdesk.services.admin import settings as library_settings
from illdesk.services.desk import requests as request_service
from illdesk.services.errors import ServiceError
from illdesk.services.notices import outbox as notices
from illdesk.services.shipping import packages as shipping
from illdesk.store import barcode_lookup
from illdesk.store import requests as repo
from illdesk.store.requests import RequestRecord
from illdesk.store.schema import Library, Patron, Request
from illdesk.store.unit_of_work import UnitOfWork

# What a scan decides on and reports from: the loaded ORM request, or (on the fast lane) a
# record read with plain SQL; both have the same attribute names.
Target = Request | RequestRecord


class DeskMode(StrEnum):
    SMART = "smart"
    RECEIVE = "receive"
    CHECK_OUT = "check-out"
    PATRON_RETURN = "patron-return"
    STACKS_SEARCH = "stacks-search"
    PACK = "pack"

    @property
    def label(self) -> str:
        return {
            "smart": "Smart",
            "receive": "Receive",
            "check-out": "Check out to patron",
            "patron-return": "Patron return",
            "stacks-search": "Stacks search",
            "pack": "Pack and ship",
        }[self.value]


class Level(StrEnum):
    """How the desk shows and sounds a result."""

    SUCCESS = "success"
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class ScanResult:
    """What one scan did, in words for a person looking at the package, not the screen."""

    level: Level
    headline: str
    detail: str = ""
    next_step: str = ""
    number: str = ""
    title: str = ""
    party: str = ""
    action: str = ""
    event_id: int | None = None

    @property
    def ok(self) -> bool:
        return self.level in {Level.SUCCESS, Level.INFO}


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


_ACTIVE = [s.value for s in Status if s not in TERMINAL]


def _error(headline: str, detail: str = "", next_step: str = "") -> ScanResult:
    return ScanResult(Level.ERROR, headline, detail, next_step)


def handle_scan(uow: UnitOfWork, raw: str, state: DeskState) -> tuple[ScanResult, DeskState]:
    """Resolve one raw scan and act on it in the desk's mode; never raises for bad input."""
    try:
        scan = normalize_scan(raw, state.options)
    except ScanProblem as problem:
        return _error("Scan not understood", problem.message, "Scan the barcode again."), state
    text = scan.text
    shape = scan.shape
    try:
        with uow:
            if shape.kind is not ScanKind.REQUEST_NUMBER:
                patron = _patron_with_card(uow, text)
                if patron is not None:
                    return _patron_scanned(patron, state)
            number = shape.value if shape.kind is ScanKind.REQUEST_NUMBER else None
            record = _find_request(uow, text, number)
            if record is None:
                done = _finished_request(uow, text)
                if done is not None:
                    return _already_done(done), state
                return _unknown(uow, text, shape.kind), state
            fast = _act_on_record(uow, record, state)
            if fast is not None:
                result, new_state = fast
            else:
                req = uow.session.get(Request, record.id)  # locked already by the lookup
                assert req is not None
                result, new_state = _act(uow, req, state)
            if result.event_id is not None:
                uow.commit()
            if scan.warnings and result.ok:
                result = replace(result, detail=" ".join([result.detail, *scan.warnings]).strip())
            return result, new_state
    except ServiceError as exc:
        return _error("Not done", str(exc)), state


_REQUESTS = Request.__table__.c
_BARCODE = sa.or_(
    _REQUESTS.item_barcode == sa.bindparam("text"), _REQUESTS.temp_barcode == sa.bindparam("text")
)
_IS_NUMBER = _REQUESTS.number == sa.bindparam("number")
# Built once (a scan runs one every time), as plain SQL: building a fresh statement and loading
# ORM objects cost more than SQLite's own work. The number form is one OR of indexed
# equalities, then the status test, so SQLite and PostgreSQL both combine three index lookups.
_OPEN_BY_BARCODE = (
    repo.record_select()
    .where(_BARCODE, _REQUESTS.status.in_(_ACTIVE))
    .order_by(_REQUESTS.id.desc())
    .limit(1)
    .with_for_update(of=Request.__table__)
)
_BY_NUMBER_OR_OPEN_BARCODE = (
    repo.record_select()
    .where(sa.or_(_IS_NUMBER, _BARCODE), sa.or_(_IS_NUMBER, _REQUESTS.status.in_(_ACTIVE)))
    .order_by(sa.case((_IS_NUMBER, 0), else_=1), _REQUESTS.id.desc())
    .limit(1)
    .with_for_update(of=Request.__table__)
)
_PATRON_ID_BY_CARD = sa.select(Patron.__table__.c.id).where(
    Patron.__table__.c.card_barcode == sa.bindparam("card")
)


def _find_request(uow: UnitOfWork, text: str, number: str | None) -> RequestRecord | None:
    """The open request this barcode names; the newest one if several ever used it.

    Only a scan shaped like a request number is looked up as one, and that match wins (a
    temporary barcode such as ILL26000325 can look like a number too, so the barcode columns
    are tried as well). Barcodes match in any case and with or without Codabar start/stop
    letters (store.barcode_lookup). One query, locking the request it finds.
    """
    row = barcode_lookup.find_open_request_row(
        uow.session, repo.record_select(), _ACTIVE, text, number
    )
    return None if row is None else repo.record_of(uow.session, row)


def _patron_with_card(uow: UnitOfWork, card: str) -> Patron | None:
    """The patron whose card this is (in any case the scanner sends it)."""
    return barcode_lookup.find_patron_by_card(uow.session, card)


def _finished_request(uow: UnitOfWork, text: str) -> Request | None:
    return barcode_lookup.find_finished_request(uow.session, text)


def _already_done(req: Request) -> ScanResult:
    """A second scan of an item whose request is finished: say so, change nothing."""
    label = workflow.status_label(Direction(req.direction), Status(req.status))
    when = req.status_since.astimezone().strftime("%d %b %H:%M")
    return ScanResult(
        Level.WARNING,
        f"Already done: {req.number}",
        f"It has been “{label}” since {when}. Nothing was changed.",
        "Put it with the others from this batch",
        req.number,
        req.article_title or req.title,
        _party(req),
    )


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
    if kind is ScanKind.LIBRARY_BARCODE:
        check = barcode_schemes(uow).validate(text)
        if not check.valid:
            return _error("Misread barcode", f"{text}: {check.message}", "Scan it again")
    if kind is ScanKind.REQUEST_NUMBER:
        return _error(
            f"{text} is not a request here",
            "No request has this number: it may belong to another library.",
            "Look for our own band or slip on the item, or search by title.",
        )
    return _error(
        "Barcode not known",
        f"No open request uses {text}, and no patron has this card. Nothing was changed.",
        "Search by title or request number, or open the request and attach this barcode.",
    )


def _patron_scanned(patron: Patron, state: DeskState) -> tuple[ScanResult, DeskState]:
    name = f"{patron.given_name} {patron.surname}".strip()
    if patron.status != "active":
        return (
            _error(
                f"Patron {patron.status}",
                f"{name}'s account is {patron.status}.",
                "Send the patron to the circulation desk before checking anything out.",
            ),
            state,
        )
    if state.mode is DeskMode.CHECK_OUT:
        new_state = replace(state, patron_card=patron.card_barcode, patron_name=name)
        return (
            ScanResult(
                Level.INFO,
                f"Serving {name}",
                "Now scan the items to check out.",
                "Scan the items",
                party=name,
            ),
            new_state,
        )
    return (
        ScanResult(
            Level.INFO,
            f"Patron card: {name}",
            "To check items out, switch to Check out mode first.",
            "Switch to Check out mode",
            party=name,
        ),
        state,
    )


def _what_to_do(req: Target, state: DeskState) -> Action | str:
    """The action this scan means in this mode, or a sentence saying why there is none."""
    direction, status, mode = Direction(req.direction), Status(req.status), state.mode
    loan = req.service == Service.LOAN.value
    borrowing = direction is Direction.BORROWING
    if mode in {DeskMode.SMART, DeskMode.RECEIVE}:
        if borrowing and loan and status in {Status.SENT, Status.SHIPPED}:
            return Action.RECEIVE
        if not borrowing and status is Status.ON_LOAN:
            return Action.CHECK_IN
    if mode is DeskMode.SMART:
        if borrowing and status is Status.CHECKED_OUT:
            return Action.PATRON_RETURN
        if not borrowing and status in {Status.PULL_SLIP, Status.STACKS_SEARCH}:
            return Action.FOUND
    if mode is DeskMode.CHECK_OUT:
        if not state.patron_card:
            return "Scan the patron's card first, then the items."
        if borrowing and status is Status.ON_HOLD_SHELF:
            return Action.CHECK_OUT
    if (
        mode is DeskMode.PATRON_RETURN
        and borrowing
        and status
        in {
            Status.CHECKED_OUT,
            Status.ON_HOLD_SHELF,
        }
    ):
        return Action.PATRON_RETURN
    if (
        mode is DeskMode.STACKS_SEARCH
        and not borrowing
        and status
        in {
            Status.PULL_SLIP,
            Status.STACKS_SEARCH,
        }
    ):
        return Action.UNFILL if state.not_found_reason else Action.FOUND
    label = workflow.status_label(direction, status)
    return f"It is “{label}”: nothing to do for it in {mode.label} mode."


# The desk's everyday scans, done on the fast lane when they change only the request's own
# columns (the lender string stays as it is).
_FAST = frozenset(
    {
        Action.RECEIVE,
        Action.CHECK_IN,
        Action.CHECK_OUT,
        Action.PATRON_RETURN,
        Action.FOUND,
        Action.UNFILL,
    }
)


def _act_on_record(
    uow: UnitOfWork, record: RequestRecord, state: DeskState
) -> tuple[ScanResult, DeskState] | None:
    """The scan's action done with plain SQL, as `_act` would do it; None hands the scan to
    `_act` (packing, finished requests, receiving, anything that touches more than the
    request's own columns). Nothing is written before it decides."""
    if state.mode is DeskMode.PACK or Status(record.status) in TERMINAL:
        return None
    what = _what_to_do(record, state)
    if not isinstance(what, Action) or what not in _FAST:
        return None
    if (
        what is Action.CHECK_OUT
        and record.patron is not None
        and record.patron.card_barcode != state.patron_card
    ):
        return None  # `_act` says whose it is
    before = repo.record_state(record)
    lender = record.library.symbol if record.library else None
    group = ""
    if before.direction is Direction.BORROWING:
        current = before.current_lender
        if (current.symbol if current else None) != lender:
            return None
        group = record.library.group_name if record.library else ""
    params = _scan_params(what, record, state)
    if what is Action.RECEIVE and "lender_due_date" not in params:
        loan_days = record.library.loan_days if record.library else None
        params["lender_due_date"] = request_service.lender_due_date(uow, loan_days)
    ctx = request_service.make_context(uow, params, group)
    try:
        after, transition = workflow.apply(before, what, ctx)
    except workflow.TransitionError:
        return None  # `_act` explains it
    checked = workflow.check_params(transition, ctx.params)
    if after.rota != before.rota and not repo.write_rota_answers(
        uow, record.id, before.rota, after.rota
    ):
        return None  # a lender added or moved: `_act` writes the new string
    details = repo.event_details(
        before, after, checked, ctx.today, {"scan": True, "mode": state.mode.value}
    )
    event, _values = repo.write_columns(
        uow, record.id, record.number, record.version, before, after, what, details
    )
    told = notices.queue_after_action(uow, record, what, event)
    done = replace(
        record,
        status=after.status.value,
        **{name: getattr(after, name) for name in _STATE_COLUMNS},
    )
    result = _done(what, done, told, event.id)
    return result, replace(state, last_number=done.number, last_event_id=event.id)


def _scan_params(what: Action, req: Target, state: DeskState) -> dict[str, object]:
    """What the desk's settings give an action: the reason a pull slip was not found; for
    receiving, our barcode and the due date and restrictions staff set (the lender's due date
    otherwise comes from its loan period)."""
    if what is Action.UNFILL:
        return {"reason": state.not_found_reason}
    if what is not Action.RECEIVE:
        return {}
    params: dict[str, object] = {"temp_barcode": req.temp_barcode or req.number}
    if state.receive_due_date is not None:
        params["lender_due_date"] = state.receive_due_date
    if state.receive_restrictions:
        params["restrictions"] = state.receive_restrictions
    return params


_STATE_COLUMNS = tuple(
    name for name in workflow.STATE_FIELDS if name not in {"direction", "service", "status", "rota"}
)


def _act(uow: UnitOfWork, req: Request, state: DeskState) -> tuple[ScanResult, DeskState]:
    title = req.article_title or req.title or req.journal_title
    if state.mode is DeskMode.PACK:
        return _pack(req, state, title)
    if Status(req.status) in TERMINAL:
        return _already_done(req), state
    what = _what_to_do(req, state)
    if not isinstance(what, Action):
        waiting_for_card = state.mode is DeskMode.CHECK_OUT and not state.patron_card
        return (
            ScanResult(
                Level.WARNING,
                f"{req.number}: no change",
                what,
                "Scan the patron's card" if waiting_for_card else _hint(req),
                req.number,
                title,
                _party(req),
            ),
            state,
        )
    if (
        what is Action.CHECK_OUT
        and req.patron is not None
        and (req.patron.card_barcode != state.patron_card)
    ):
        return (
            _error(
                "Wrong patron",
                f"{req.number} is on hold for {_party(req)}, not for {state.patron_name}.",
                "Put it back on the hold shelf.",
            ),
            state,
        )
    params = request_service.fill_defaults(uow, req, what, _scan_params(what, req, state))
    try:
        event, _after = repo.perform(
            uow,
            req,
            what,
            request_service.action_context(uow, req, params),
            extra={"scan": True, "mode": state.mode.value},
        )
    except workflow.TransitionError as exc:
        return _error(f"{req.number}: not possible", str(exc), _hint(req)), state
    told = notices.queue_after_action(uow, req, what, event)
    result = _done(what, req, told, event.id)
    return result, replace(state, last_number=req.number, last_event_id=event.id)


def _done(what: Action, req: Target, told: str, event_id: int) -> ScanResult:
    """What the desk says after a scan did `what` (`req` as it is now)."""
    return ScanResult(
        Level.SUCCESS,
        _headline(what, req),
        " ".join(filter(None, [_detail(what, req), told])),
        _next_step(what, req),
        req.number,
        req.article_title or req.title or req.journal_title,
        _party(req),
        what.value,
        event_id,
    )


def _party(req: Target) -> str:
    if req.direction == Direction.BORROWING.value and req.patron is not None:
        return f"{req.patron.given_name} {req.patron.surname}".strip()
    return req.library.symbol if req.library else ""


def _headline(action: Action, req: Target) -> str:
    return {
        Action.RECEIVE: "Received",
        Action.CHECK_IN: "Checked in",
        Action.PATRON_RETURN: "Returned by patron",
        Action.FOUND: "Found",
        Action.CHECK_OUT: "Checked out",
        Action.UNFILL: "Not found: unfilled",
    }.get(action, workflow.ACTION_LABELS[action])


def _detail(action: Action, req: Target) -> str:
    if action is Action.RECEIVE:
        restrictions = f" Restrictions: {req.restrictions}." if req.restrictions else ""
        return (
            f"{req.number} for {_party(req)}; lender due {req.lender_due_date}, patron due "
            f"{req.patron_due_date}.{restrictions}"
        )
    if action is Action.CHECK_OUT:
        return f"{req.number} to {_party(req)}, due back {req.patron_due_date}."
    if action is Action.PATRON_RETURN:
        lender = req.library.symbol if req.library else "the lender"
        return f"{req.number} goes back to {lender} (due there {req.lender_due_date})."
    if action is Action.UNFILL:
        return f"{req.number} for {_party(req)}: unfilled ({ReasonUnfilled(req.reason).label})."
    return f"{req.number} for {_party(req)}."


def _next_step(action: Action, req: Target) -> str:
    if action is Action.RECEIVE:
        return "Band it, then to the hold shelf"
    if action is Action.CHECK_OUT:
        return "Hand it to the patron"
    if action is Action.PATRON_RETURN:
        lender = req.library.symbol if req.library else "the lender"
        return f"To the returns shelf for {lender}"
    if action is Action.FOUND:
        return f"To the shipping shelf for {req.library.symbol if req.library else 'shipping'}"
    if action is Action.UNFILL:
        return "Pull slip to the recycling tray"
    if action is Action.CHECK_IN:
        where = " ".join(filter(None, [req.location, req.call_number]))
        return f"Reshelve: {where}" if where else "Reshelve"
    return ""


def _hint(req: Target) -> str:
    status = Status(req.status)
    if status is Status.ON_HOLD_SHELF:
        return "To check it out, switch to Check out mode and scan the patron's card"
    if status is Status.RETURNED:
        return f"Pack it for {req.library.symbol if req.library else 'the lender'} (Pack mode)"
    if status is Status.TO_SHIP:
        return f"Pack it for {req.library.symbol if req.library else 'the borrower'} (Pack mode)"
    return "Open the request to see its history"


# ---------------------------------------------------------------- packing


def _pack(req: Request, state: DeskState, title: str) -> tuple[ScanResult, DeskState]:
    ready = (req.direction == Direction.LENDING.value and req.status == Status.TO_SHIP.value) or (
        req.direction == Direction.BORROWING.value and req.status == Status.RETURNED.value
    )
    destination = req.library.symbol if req.library else ""
    if not ready:
        label = workflow.status_label(Direction(req.direction), Status(req.status))
        return (
            _error(f"{req.number} is not ready to ship", f"It is “{label}”.", _hint(req)),
            state,
        )
    if req.number in state.package_numbers:
        return (
            ScanResult(Level.WARNING, "Already in this package", req.number, number=req.number),
            state,
        )
    if state.package_library and destination != state.package_library:
        return (
            _error(
                f"Not for {state.package_library}",
                f"{req.number} goes to {destination}, not {state.package_library}.",
                f"Keep it apart for the {destination} package.",
            ),
            state,
        )
    new_state = replace(
        state,
        package_library=destination,
        package_numbers=(*state.package_numbers, req.number),
        last_number="",
        last_event_id=None,
    )
    count = len(new_state.package_numbers)
    return (
        ScanResult(
            Level.SUCCESS,
            f"Packed {req.number}",
            f"{count} item{'s' if count != 1 else ''} in this package for {destination}.",
            f"Into the package for {destination}",
            req.number,
            title,
            destination,
            "pack",
        ),
        new_state,
    )


def close_package(
    uow: UnitOfWork, state: DeskState, method: DeliveryMethod, tracking: str = ""
) -> tuple[ScanResult, DeskState]:
    """Ship the open package (every item, or none); the desk then prints its label and slip."""
    if not state.package_numbers:
        return _error("The package is empty", "", "Scan the items first."), state
    try:
        package = shipping.ship_package(
            uow, state.package_library, list(state.package_numbers), method, tracking
        )
    except ServiceError as exc:
        return _error("Package not shipped", str(exc)), state
    result = ScanResult(
        Level.SUCCESS,
        f"Package {package.number} for {package.library_symbol}",
        f"{len(package.request_numbers)} item(s) shipped by {method.label}.",
        "Label and packing slip on the package",
        package.number,
        party=package.library_symbol,
        action="ship_package",
    )
    return result, replace(state, package_library="", package_numbers=())


# ---------------------------------------------------------------- undo


def undo_last_scan(uow: UnitOfWork, state: DeskState) -> tuple[ScanResult, DeskState]:
    """Reverse the last scan's change (its own event), or take the last item out of the
    open package."""
    if state.mode is DeskMode.PACK and state.package_numbers:
        removed = state.package_numbers[-1]
        rest = state.package_numbers[:-1]
        new_state = replace(
            state, package_numbers=rest, package_library=state.package_library if rest else ""
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
        target = repo.last_undoable(uow.session, req) if req else None
        if req is None or target is None or target.id != state.last_event_id:
            return (
                _error(
                    "Cannot undo the scan",
                    f"{state.last_number} has been changed since; "
                    "open the request to undo from its history.",
                ),
                replace(state, last_number="", last_event_id=None),
            )
        try:
            event = repo.undo(uow, req, target)
        except workflow.TransitionError as exc:
            return _error("Cannot undo the scan", str(exc)), state
        notices.withdraw_for_undone(uow, target.id)
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
