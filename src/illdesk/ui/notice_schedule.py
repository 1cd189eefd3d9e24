"""The desk's notices on their own: the daily run once a day, and the e-mails sent in the
background, so nobody has to remember either.

Every minute (`CHECK_MS`) the schedule looks at the settings:

- the daily run (`services.notices.daily_run`) is made once a day, at `notices.daily_run_at`,
  or as soon as the desk opens after that time; it is idempotent, so a second workstation
  doing the same makes nothing new;
- queued e-mails whose back-off has passed are sent (`mailer.send_queued`), when a mail server
  is set. A server that is away leaves them queued for the next minute's look.

Sending talks to the network for up to the server's timeout, so it runs on a reader thread with
its own write transactions (each claim is an atomic update, safe beside the writer thread),
never on the writer thread, where it would hold up the scanning desk. The daily run is one
transaction and goes through the writer thread like any other change.

Signals: `message(str)` with a line for the status bar (what was made, sent or refused).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from illdesk.ui.tasks import run_task

if TYPE_CHECKING:
    from illdesk.ui.facade import ServiceFacade

CHECK_MS = 60_000


def run_is_due(at: str, now: datetime, last_run: date | None) -> bool:
    """Whether the daily run should be made now: not yet today, and the set time (HH:MM)
    has come."""
    if last_run == now.date():
        return False
    hours, _, minutes = at.partition(":")
    try:
        return (now.hour, now.minute) >= (int(hours), int(minutes))
    except ValueError:
        return True  # an unreadable time never stops the day's notices


def _settings(session: Any) -> tuple[str, bool]:
    from illdesk.services.admin import settings as library_settings  # noqa: PLC0415

    with session.read() as uow:
        loaded = library_settings.load(uow)
    return loaded.notices.daily_run_at, bool(loaded.smtp.host)


class NoticeSchedule(QObject):
    """Makes the day's notices and sends the queued e-mails while the desk is open."""

    message = Signal(str)

    def __init__(
        self,
        services: ServiceFacade,
        parent: QObject | None = None,
        *,
        clock: Callable[[], datetime] = datetime.now,
    ) -> None:
        super().__init__(parent)
        self.services, self.clock = services, clock
        self.last_run: date | None = None
        self.running = False
        self.sending = False
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        self.timer.start()
        self.check()

    def stop(self) -> None:
        self.timer.stop()

    def check(self) -> None:
        """Look at the settings, then run or send what is due."""
        self.services.query(_settings, self._on_settings, self._on_problem)

    def _on_settings(self, answer: tuple[str, bool]) -> None:
        at, has_server = answer
        now = self.clock()
        if not self.running and run_is_due(at, now, self.last_run):
            self._run(now.date())
        elif has_server and not self.running and not self.sending:
            self._send()

    def _run(self, day: date) -> None:
        from illdesk.services.notices import daily_run  # noqa: PLC0415

        self.running = True

        def done(made: list[Any]) -> None:
            self.running, self.last_run = False, day
            if made:
                self.message.emit(f"Notices: the daily run made {len(made)} notice(s).")
            self.check()  # send what it made without waiting a minute

        def failed(exc: Exception) -> None:
            self.running = False
            self._on_problem(exc)

        self.services.change(lambda s: daily_run.run_daily(s.write(), day), done, failed)

    def _send(self) -> None:
        from illdesk.services.notices import mailer  # noqa: PLC0415

        self.sending = True
        session = self.services.session

        def done(report: Any) -> None:
            self.sending = False
            if report.sent or report.failed:
                self.message.emit(
                    f"Notices: sent {report.sent} e-mail(s), refused {report.failed}, "
                    f"waiting {report.deferred}."
                )
            elif report.problem:
                self.message.emit(f"Notices: {report.problem}")

        def failed(exc: Exception) -> None:
            self.sending = False
            self._on_problem(exc)

        run_task(lambda: mailer.send_queued(session.write), done, failed)

    def _on_problem(self, exc: Exception) -> None:
        self.message.emit(f"Notices could not be made or sent now: {exc}")
