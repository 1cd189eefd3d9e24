"""Due dates: the closed-day calendar, patron due dates and closure shifts.

Two due dates matter on the borrowing side: the lender's, and the patron's, which is earlier by a
buffer (days for return shipping) so that the item is home before the lender wants it. A due
date we hand out never falls on a day the library is closed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class CalendarError(ValueError):
    """The calendar cannot give an open day (for example every weekday is marked closed)."""


@dataclass(frozen=True, slots=True)
class ClosedCalendar:
    """Days the library is closed: weekly closed weekdays (0 = Monday) and single dates."""

    closed_weekdays: frozenset[int] = frozenset()
    closed_dates: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if not self.closed_weekdays <= frozenset(range(7)):
            raise CalendarError("Weekdays are numbered 0 (Monday) to 6 (Sunday).")
        if len(self.closed_weekdays) == 7:
            raise CalendarError("The library cannot be closed on every day of the week.")

    @classmethod
    def of(cls, weekdays: Iterable[int] = (), dates: Iterable[date] = ()) -> ClosedCalendar:
        """Build a calendar from any iterables."""
        return cls(frozenset(weekdays), frozenset(dates))

    def is_open(self, day: date) -> bool:
        """True when the library is open on `day`."""
        return day.weekday() not in self.closed_weekdays and day not in self.closed_dates

    def next_open(self, day: date) -> date:
        """`day` itself when open, else the first open day after it."""
        return self._walk(day, 1)

    def previous_open(self, day: date) -> date:
        """`day` itself when open, else the last open day before it."""
        return self._walk(day, -1)

    def _walk(self, day: date, step: int) -> date:
        # A run of closed single dates can be long (a building closure), but not years long.
        for _ in range(3660):
            if self.is_open(day):
                return day
            day += timedelta(days=step)
        raise CalendarError("No open day within ten years: check the closed-day calendar.")


@dataclass(frozen=True, slots=True)
class DuePolicy:
    """How the patron's due date follows from the lender's."""

    buffer_days: int = 7
    calendar: ClosedCalendar = field(default_factory=ClosedCalendar)

    def patron_due_date(self, lender_due: date, today: date) -> date:
        """The lender's due date less the buffer, moved back to an open day, never before today.

        When the lender's loan is so short that the buffer would put the date in the past, the
        patron gets the first open day from today: a short loan is still a loan.
        """
        candidate = self.calendar.previous_open(lender_due - timedelta(days=self.buffer_days))
        if candidate < today:
            candidate = self.calendar.next_open(today)
        return candidate

    def lending_due_date(self, today: date, loan_days: int) -> date:
        """The due date we give a borrowing library: `loan_days` from today, on an open day."""
        return self.calendar.next_open(today + timedelta(days=loan_days))


def shift_for_closure(
    due: date, first_closed: date, last_closed: date, calendar: ClosedCalendar
) -> date:
    """Move a due date that falls in a closure to the first open day after it; others stay."""
    if first_closed > last_closed:
        raise CalendarError("The closure ends before it begins.")
    if first_closed <= due <= last_closed:
        return calendar.next_open(last_closed + timedelta(days=1))
    return due
