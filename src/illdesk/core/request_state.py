"""What the status machine reads and writes: a request's state, an action's context and
parameters, and the shape of one row of the table (`core.transition_table`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from illdesk.core.duedates import DuePolicy
from illdesk.core.request_status import Action, Status
from illdesk.core.vocabulary import (
    Direction,
    RotaAnswer,
    Service,
)


class ParamKind(StrEnum):
    """How an action parameter is typed and stored."""

    DATE = "date"
    TEXT = "text"
    REASON_UNFILLED = "reason_unfilled"
    CANCEL_REASON = "cancel_reason"
    COPYRIGHT = "copyright"
    LENDERS = "lenders"


@dataclass(frozen=True, slots=True)
class Param:
    """A value an action asks for."""

    name: str
    kind: ParamKind
    required: bool = True
    label: str = ""


@dataclass(frozen=True, slots=True)
class RotaEntry:
    """One candidate lender in the string, with its answer."""

    symbol: str
    answer: RotaAnswer = RotaAnswer.NOT_ASKED
    reason: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class RequestState:
    """The part of a request the status machine reads and writes."""

    direction: Direction
    service: Service
    status: Status = Status.NEW
    rota: tuple[RotaEntry, ...] = ()
    lender_due_date: date | None = None
    patron_due_date: date | None = None
    renewals: int = 0
    renewal_pending: bool = False
    recalled: bool = False
    damaged: bool = False
    copyright_code: str = ""
    conditions: str = ""
    reason: str = ""
    restrictions: str = ""
    item_barcode: str = ""
    temp_barcode: str = ""
    note: str = ""
    # What we charge the borrowing library (lending) or were charged (borrowing); None: unset.
    charge: Decimal | None = None

    @property
    def current_lender(self) -> RotaEntry | None:
        """The lender asked last (the one we wait for, or that supplies)."""
        asked = [e for e in self.rota if e.answer is not RotaAnswer.NOT_ASKED]
        return asked[-1] if asked else None

    @property
    def has_unasked_lender(self) -> bool:
        return any(e.answer is RotaAnswer.NOT_ASKED for e in self.rota)


STATE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(RequestState))


@dataclass(frozen=True, slots=True)
class Context:
    """What an action needs besides the state: its parameters, today, the due-date policy,
    and the partner library's terms (`partner_charge`: what its agreement says a request
    costs; accepting a lending request charges it unless a charge is set already)."""

    params: Mapping[str, Any] = field(default_factory=dict)
    today: date = field(default_factory=date.today)
    policy: DuePolicy = field(default_factory=DuePolicy)
    partner_charge: Decimal | None = None
    # Why the patron's institution may not take this item now (a correctional facility's
    # rule, named), "" when it may or a supervisor overrode it; checked by check-out's guard.
    refusal: str = ""


@dataclass(frozen=True, slots=True)
class Guard:
    """A condition an action needs; `message` tells staff why it is not possible now."""

    name: str
    message: str
    test: Callable[[RequestState, Context], bool]


Effect = Callable[[RequestState, Context], RequestState]


@dataclass(frozen=True, slots=True)
class Transition:
    """One row of the status machine."""

    direction: Direction
    action: Action
    sources: frozenset[Status]
    target: Status | None  # None: the status does not change
    guards: tuple[Guard, ...] = ()
    effect: Effect | None = None
    params: tuple[Param, ...] = ()


class TransitionError(Exception):
    """An action that is not possible for this request now; the message says why."""
