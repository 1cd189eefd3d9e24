"""What the scanning desk says: the result of a scan, in words for a person looking at the
package, not the screen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from illdesk.core import workflow
from illdesk.core.vocabulary import Direction, ReasonUnfilled
from illdesk.core.workflow import ACTION_LABELS, Action, Status
from illdesk.store.request_records import RequestRecord


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
        """True when the scan did what it should (or only told something)."""
        return self.level in {Level.SUCCESS, Level.INFO}


@dataclass(frozen=True, slots=True)
class LastChange:
    """Who changed a request last, from where and when (read from its latest event)."""

    action: str
    staff_name: str
    workstation: str
    at: datetime

    def sentence(self) -> str:
        """“Checked in by Ann Archer at DESK-1 today at 14:02.”"""
        try:
            label = ACTION_LABELS[Action(self.action)]
        except ValueError:
            label = self.action.replace("_", " ").capitalize()
        where = f" at {self.workstation}" if self.workstation else ""
        return f"Last change: “{label}” by {self.staff_name or 'someone'}{where} {moment(self.at)}."


def moment(at: datetime, lead: str = "at", now: datetime | None = None) -> str:
    """When something happened, in the desk's local time, never ambiguous about the year.

    After “at” (`lead="at"`): “today at 14:02”, “yesterday at 09:10”, “on 4 Dec 2025 at 14:02”.
    After “since”: “14:02 today”, “09:10 yesterday”, “4 Dec 2025, 14:02”.
    """
    local = at.astimezone()
    today = (now or datetime.now(local.tzinfo)).astimezone(local.tzinfo).date()
    clock = local.strftime("%H:%M")
    day = {0: "today", 1: "yesterday"}.get((today - local.date()).days)
    if lead == "at":
        return f"{day} at {clock}" if day else f"on {local.day} {local:%b %Y} at {clock}"
    return f"{clock} {day}" if day else f"{local.day} {local:%b %Y}, {clock}"


def error(headline: str, detail: str = "", next_step: str = "") -> ScanResult:
    """A scan that changed nothing and needs attention."""
    return ScanResult(Level.ERROR, headline, detail, next_step)


def title_of(req: RequestRecord) -> str:
    """The title the desk shows for a request."""
    return req.article_title or req.title or req.journal_title


def party(req: RequestRecord) -> str:
    """Who the item is for: the patron (borrowing) or the partner library."""
    if req.state.direction is Direction.BORROWING and req.patron is not None:
        return f"{req.patron.given_name} {req.patron.surname}".strip()
    return req.library.symbol if req.library else ""


def already_done(req: RequestRecord, last: LastChange | None) -> ScanResult:
    """A second scan of an item whose request is finished: say so, and who finished it."""
    label = workflow.status_label(req.state.direction, req.state.status)
    since = moment(req.status_since, "since")
    detail = f"It has been “{label}” since {since}. Nothing was changed."
    if last is not None:
        detail = f"{detail} {last.sentence()}"
    return ScanResult(
        Level.WARNING,
        f"Already done: {req.number}",
        detail,
        "Put it with the others from this batch",
        req.number,
        title_of(req),
        party(req),
    )


def nothing_to_do(
    req: RequestRecord, reason: str, waiting_for_card: bool, last: LastChange | None
) -> ScanResult:
    """The mode has no action for the request now."""
    detail = reason if last is None else f"{reason} {last.sentence()}"
    return ScanResult(
        Level.WARNING,
        f"{req.number}: no change",
        detail,
        "Scan the patron's card" if waiting_for_card else hint(req),
        req.number,
        title_of(req),
        party(req),
    )


def wrong_patron(req: RequestRecord, serving: str) -> ScanResult:
    """A check-out of an item on hold for somebody else."""
    return error(
        "Wrong patron",
        f"{req.number} is on hold for {party(req)}, not for {serving}.",
        "Put it back on the hold shelf.",
    )


def past_due(req: RequestRecord, reason: str) -> ScanResult:
    """A check-out refused because the item is already due back."""
    return ScanResult(
        Level.ERROR,
        f"{req.number}: due date passed",
        reason,
        "Keep it on the hold shelf; renew with the lender or return it",
        req.number,
        title_of(req),
        party(req),
    )


def done(what: Action, req: RequestRecord, told: str, event_id: int) -> ScanResult:
    """What the desk says after a scan did `what` (`req` as it is now)."""
    return ScanResult(
        Level.SUCCESS,
        _headline(what),
        " ".join(filter(None, [_detail(what, req), told])),
        _next_step(what, req),
        req.number,
        title_of(req),
        party(req),
        what.value,
        event_id,
    )


def _headline(action: Action) -> str:
    return {
        Action.RECEIVE: "Received",
        Action.CHECK_IN: "Checked in",
        Action.PATRON_RETURN: "Returned by patron",
        Action.FOUND: "Found",
        Action.CHECK_OUT: "Checked out",
        Action.UNFILL: "Not found: unfilled",
    }.get(action, ACTION_LABELS[action])


def _detail(action: Action, req: RequestRecord) -> str:
    state = req.state
    if action is Action.RECEIVE:
        restrictions = f" Restrictions: {state.restrictions}." if state.restrictions else ""
        return (
            f"{req.number} for {party(req)}; lender due {state.lender_due_date}, patron due "
            f"{state.patron_due_date}.{restrictions}"
        )
    if action is Action.CHECK_OUT:
        return f"{req.number} to {party(req)}, due back {state.patron_due_date}."
    if action is Action.PATRON_RETURN:
        lender = req.library.symbol if req.library else "the lender"
        return f"{req.number} goes back to {lender} (due there {state.lender_due_date})."
    if action is Action.UNFILL:
        reason = ReasonUnfilled(state.reason).label
        return f"{req.number} for {party(req)}: unfilled ({reason})."
    return f"{req.number} for {party(req)}."


def _next_step(action: Action, req: RequestRecord) -> str:
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


def hint(req: RequestRecord) -> str:
    """What to do with an item the scan could not act on."""
    status = req.state.status
    if status is Status.ON_HOLD_SHELF:
        return "To check it out, switch to Check out mode and scan the patron's card"
    if status is Status.RETURNED:
        return f"Pack it for {req.library.symbol if req.library else 'the lender'} (Pack mode)"
    if status is Status.TO_SHIP:
        return f"Pack it for {req.library.symbol if req.library else 'the borrower'} (Pack mode)"
    return "Open the request to see its history"
