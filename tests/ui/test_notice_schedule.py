"""The desk makes the day's notices at the set time (or when it opens after it) and sends the
queued e-mails in the background, to a real SMTP server on loopback; and staff edit a notice
before it goes."""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from itertools import pairwise
from typing import Any

import sqlalchemy as sa

from illdesk.services.admin import settings as library_settings
from illdesk.services.notices import outbox
from illdesk.store.notice_schema import Notice
from illdesk.store.unit_of_work import UnitOfWork
from illdesk.ui.facade import facade_for
from illdesk.ui.notice_schedule import NoticeSchedule, run_is_due
from tests.integration.smtp_server import LoopbackSMTP
from tests.ui.conftest import ANN
from tests.ui.helpers import TIMEOUT, settle


def test_the_run_is_due_once_a_day_from_the_set_time() -> None:
    assert not run_is_due("08:00", datetime(2026, 12, 5, 7, 59), None)
    assert run_is_due("08:00", datetime(2026, 12, 5, 8, 0), None)
    assert run_is_due("08:00", datetime(2026, 12, 5, 16, 30), date(2026, 12, 4))  # desk opens late
    assert not run_is_due("08:00", datetime(2026, 12, 5, 16, 30), date(2026, 12, 5))
    assert run_is_due("", datetime(2026, 12, 5, 0, 1), None)  # unreadable: never skipped


def _configure(db, port: int) -> None:
    with UnitOfWork(db, ANN) as uow:
        s = library_settings.load(uow)
        for name, value in {
            "smtp.host": "127.0.0.1",
            "smtp.port": str(port),
            "smtp.security": "none",
            "smtp.user": "",
            "smtp.from": "ill@library.example.edu",
            "smtp.timeout_seconds": "2",
            "notices.daily_run_at": "08:00",
        }.items():
            s = library_settings.with_value(s, name, value)
        library_settings.save(uow, s)
        uow.commit()


def _count(db, *states: str) -> int:
    with UnitOfWork(db, ANN) as uow:
        return int(
            uow.session.scalar(
                sa.select(sa.func.count())
                .select_from(Notice)
                .where(Notice.channel == "email", Notice.status.in_(states))
            )
            or 0
        )


def test_the_desk_runs_at_the_set_time_and_sends_in_the_background(qtbot, demo_db) -> None:
    server = LoopbackSMTP().start()
    try:
        _configure(demo_db, server.port)
        with UnitOfWork(demo_db, ANN) as uow:  # the demo's own notices went out long ago
            uow.session.execute(sa.update(Notice).values(status="sent"))
            uow.commit()
        today = date.today()
        now = datetime.combine(today, datetime.min.time()).replace(hour=7, minute=30)
        schedule = NoticeSchedule(facade_for(demo_db, ANN), clock=lambda: now)
        said: list[str] = []
        schedule.message.connect(said.append)
        schedule.start()
        settle()
        assert schedule.last_run is None and _count(demo_db, "queued") == 0  # before 08:00
        assert not server.mailbox.received
        now = now.replace(hour=8, minute=5)
        schedule.check()
        qtbot.waitUntil(lambda: schedule.last_run == today, timeout=TIMEOUT)
        made = len(outbox.list_notices(UnitOfWork(demo_db, ANN), "queued")) + _count(
            demo_db, "sent", "sending"
        )
        assert made > 0, "the demo has overdue loans: the run makes their notices"
        qtbot.waitUntil(lambda: any("sent" in line for line in said), timeout=30_000)
        settle()
        assert _count(demo_db, "queued", "sending") == 0
        sent_now = _count(demo_db, "sent")
        assert len(server.mailbox.received) > 0
        # Checked again the same day: nothing is run twice, nothing is sent twice.
        arrived = len(server.mailbox.received)
        schedule.check()
        settle()
        assert len(server.mailbox.received) == arrived
        assert sent_now >= arrived
        schedule.stop()
    finally:
        server.stop()


def test_staff_edit_a_notice_before_it_goes(qtbot, window) -> None:
    from illdesk.services.notices import daily_run
    from illdesk.ui.notice_edit_dialog import NoticeEditDialog

    db = window.services.session.database
    assert daily_run.run_daily(UnitOfWork(db, ANN)), "the demo's overdue loans get notices"
    window.act_notices.trigger()
    tab = window.dialog.outbox
    qtbot.waitUntil(lambda: bool(tab.rows), timeout=TIMEOUT)
    chosen = next(i for i, n in enumerate(tab.rows) if n.status == "queued")
    notice_id = tab.rows[chosen].id
    tab.table.selectRow(chosen)
    tab.edit.click()
    qtbot.waitUntil(lambda: isinstance(tab.editor, NoticeEditDialog), timeout=TIMEOUT)
    editor = tab.editor
    assert isinstance(editor, NoticeEditDialog)
    editor.subject.setText("Your book is here, Zoë")
    editor.body.setPlainText("Kept for you until Friday. Ζωή")
    editor.buttons.accepted.emit()
    qtbot.waitUntil(lambda: not editor.isVisible(), timeout=TIMEOUT)
    text = outbox.notice_text(UnitOfWork(db, ANN), notice_id)
    assert (text.subject, text.text) == ("Your book is here, Zoë", "Kept for you until Friday. Ζωή")
    assert text.html == ""
    assert "saved as edited" in window.dialog.status.text()


def test_the_letters_are_printed_from_the_window(qtbot, window, tmp_path) -> None:
    import pypdfium2 as pdfium

    from illdesk.services.notices import daily_run

    db = window.services.session.database
    daily_run.run_daily(UnitOfWork(db, ANN))
    waiting = [
        n for n in outbox.list_notices(UnitOfWork(db, ANN), "queued") if n.channel == "letter"
    ]
    assert waiting, "the demo has patrons without e-mail or in a facility"
    window.act_notices.trigger()
    tab = window.dialog.outbox
    target = tmp_path / "letters.pdf"
    tab.save_letters(target)
    qtbot.waitUntil(lambda: "marked printed" in window.dialog.status.text(), timeout=TIMEOUT)
    printed = [n for n in outbox.list_notices(UnitOfWork(db, ANN), "printed")]
    failed = [n for n in outbox.list_notices(UnitOfWork(db, ANN), "failed")]
    assert len(printed) + len(failed) >= len(waiting)
    assert len(pdfium.PdfDocument(target)) == len(printed)
    tab.save_letters(target)
    qtbot.waitUntil(lambda: "No letters to print." in window.dialog.status.text(), timeout=TIMEOUT)
    blocked = tmp_path / "no such folder" / "letters.pdf"
    with UnitOfWork(db, ANN) as uow:  # one more letter, to a folder that does not exist
        uow.session.execute(
            sa.update(Notice).where(Notice.id == printed[0].id).values(status="queued")
        )
        uow.commit()
    tab.save_letters(blocked)
    qtbot.waitUntil(lambda: "could not be saved" in window.dialog.status.text(), timeout=TIMEOUT)
    assert outbox.notice_text(UnitOfWork(db, ANN), printed[0].id).status == "queued"


def test_the_window_never_waits_for_a_slow_mail_server(qtbot, demo_db) -> None:
    import time

    from PySide6.QtCore import QTimer

    from tests.integration.test_notice_new_user import SlowMailbox

    class SlowerMailbox(SlowMailbox):
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            await asyncio.sleep(0.35)  # with the 0.15 s of SlowMailbox: half a second each
            return await super().handle_DATA(server, session, envelope)

    server = LoopbackSMTP()
    server.mailbox = SlowerMailbox()  # a GUI waiting on it would stop for seconds
    server.start()
    try:
        _configure(demo_db, server.port)
        with UnitOfWork(demo_db, ANN) as uow:
            uow.session.execute(sa.update(Notice).values(status="sent"))
            uow.commit()
        now = datetime.combine(date.today(), datetime.min.time()).replace(hour=9)
        schedule = NoticeSchedule(facade_for(demo_db, ANN), clock=lambda: now)
        ticks: list[float] = []
        timer = QTimer()
        timer.setInterval(20)
        timer.timeout.connect(lambda: ticks.append(time.monotonic()))
        timer.start()
        schedule.start()  # the daily run, then the e-mails, all in the background
        qtbot.waitUntil(lambda: schedule.last_run is not None, timeout=TIMEOUT)
        qtbot.waitUntil(lambda: len(server.mailbox.received) >= 1, timeout=TIMEOUT)
        qtbot.waitUntil(lambda: _count(demo_db, "queued", "sending") == 0, timeout=90_000)
        assert len(server.mailbox.received) >= 5
        timer.stop()
        schedule.stop()
        gaps = [b - a for a, b in pairwise(ticks)]
        assert len(ticks) > 100 and max(gaps) < 1.5, max(gaps)
    finally:
        server.stop()
        settle()
