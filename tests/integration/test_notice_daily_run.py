"""The daily run makes overdue stages and pickup reminders once; the command line runs it,
sends to a real loopback server and lists what happened."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from illdesk.services.desk import requests
from illdesk.services.notices import daily_run, outbox
from tests.integration.helpers import borrow, lend, seed_directory
from tests.integration.smtp_server import LoopbackSMTP


@pytest.fixture(autouse=True)
def _directory(uow):
    seed_directory(uow)


def checked_out(uow, title: str) -> tuple[str, date]:
    row = borrow(uow, title, allow_duplicate=True)
    for action in ("approve", "send", "receive", "check_out"):
        requests.perform(uow(), row.number, action)
    due = requests.get_detail(uow(), row.number).state.patron_due_date
    assert due is not None
    return row.number, due


def test_overdue_stages_follow_the_settings_and_a_second_run_makes_nothing(uow) -> None:
    number, due = checked_out(uow, "Glaciers")
    assert daily_run.run_daily(uow(), due + timedelta(days=1)) == []  # the day of grace
    first = daily_run.run_daily(uow(), due + timedelta(days=2))
    assert [(m.request_number, m.kind, m.channel) for m in first] == [
        (number, "overdue_1", "email")
    ]
    assert daily_run.run_daily(uow(), due + timedelta(days=2)) == []
    assert daily_run.run_daily(uow(), due + timedelta(days=7)) == []  # still the first stage
    assert [m.kind for m in daily_run.run_daily(uow(), due + timedelta(days=8))] == ["overdue_2"]
    assert [m.kind for m in daily_run.run_daily(uow(), due + timedelta(days=40))] == ["overdue_3"]
    assert daily_run.run_daily(uow(), due + timedelta(days=41)) == []
    texts = {n.kind: outbox.notice_text(uow(), n.id) for n in outbox.list_notices(uow())}
    assert "is now 40 days overdue" in texts["overdue_3"].text
    assert texts["overdue_1"].subject == "Overdue: Glaciers"


def test_pickup_reminders_and_library_overdues(uow, clock) -> None:
    row = borrow(uow, "Shelf item", allow_duplicate=True)
    for action in ("approve", "send", "receive"):
        requests.perform(uow(), row.number, action)
    today = clock.at.date()
    assert daily_run.run_daily(uow(), today + timedelta(days=6)) == []
    (reminder,) = daily_run.run_daily(uow(), today + timedelta(days=7))
    assert (reminder.request_number, reminder.kind) == (row.number, "pickup_reminder")
    loan = lend(uow)
    for action in ("accept", "print_pull_slip", "found", "ship"):
        try:
            requests.perform(uow(), loan.number, action)
        except Exception:  # the lending path differs by the library's settings
            continue
    state = requests.get_detail(uow(), loan.number).state
    if state.lender_due_date is not None and state.status.value == "on_loan":
        made = daily_run.run_daily(uow(), state.lender_due_date + timedelta(days=3))
        assert ("library_overdue_1", loan.number) in [(m.kind, m.request_number) for m in made]


def illdesk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "illdesk", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_command_line_runs_sends_and_lists(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    made = illdesk(
        "--database", url, "demo", "--requests", "300", "--patrons", "40", "--libraries", "12"
    )
    assert made.returncode == 0, made.stderr
    server = LoopbackSMTP().start()
    try:
        for name, value in (
            ("smtp.host", "127.0.0.1"),
            ("smtp.port", str(server.port)),
            ("smtp.security", "none"),
            ("smtp.from", "ill@library.example.edu"),
        ):
            assert illdesk("--database", url, "settings", "set", name, value).returncode == 0
        run = illdesk("--database", url, "notices", "run")
        assert run.returncode == 0, run.stderr
        count = int(run.stdout.strip().splitlines()[-1].split()[1])
        assert illdesk("--database", url, "notices", "run").stdout.strip() == "Made 0 notice(s)."
        queued = illdesk("--database", url, "notices", "list", "--state", "queued").stdout
        emails = sum(1 for line in queued.splitlines() if " email " in line)
        sent = illdesk("--database", url, "notices", "send")
        assert sent.returncode == 0, sent.stderr
        assert sent.stdout.startswith(f"Sent {emails}, refused 0, waiting 0.")
        assert len(server.mailbox.received) == emails
        assert count >= 0
        again = illdesk("--database", url, "notices", "send")
        assert again.stdout.startswith("Sent 0,") and len(server.mailbox.received) == emails
    finally:
        server.stop()
    bad = illdesk("--database", url, "notices", "run", "--date", "5 May")
    assert bad.returncode == 1 and "YYYY-MM-DD" in bad.stderr


def test_a_reminder_before_the_due_date_once_when_the_library_turns_it_on(uow) -> None:
    from illdesk.services.admin import settings as library_settings

    number, due = checked_out(uow, "Tides")
    assert daily_run.run_daily(uow(), due - timedelta(days=3)) == []  # off by default
    with uow() as w:
        s = library_settings.with_value(
            library_settings.load(w), "notices.borrowing.reminder_days_before", "3"
        )
        library_settings.save(w, s)
        w.commit()
    assert daily_run.run_daily(uow(), due - timedelta(days=4)) == []  # not yet
    (soon,) = daily_run.run_daily(uow(), due - timedelta(days=3))
    assert (soon.request_number, soon.kind) == (number, "due_soon")
    assert daily_run.run_daily(uow(), due - timedelta(days=1)) == []  # once per due date
    assert daily_run.run_daily(uow(), due) == []
    text = next(
        outbox.notice_text(uow(), n.id) for n in outbox.list_notices(uow()) if n.kind == "due_soon"
    )
    assert text.subject == "Due soon: Tides"
    assert f"is due on {due:%B} {due.day}, {due.year}." in text.text


def test_the_sent_log_keeps_its_text_as_long_as_the_retention_setting_says(uow, clock) -> None:
    import sqlalchemy as sa

    from illdesk.services.admin import settings as library_settings
    from illdesk.store.notice_schema import Notice

    old = borrow(uow, "Sent long ago", allow_duplicate=True)
    for action in ("approve", "send", "receive"):
        requests.perform(uow(), old.number, action)
    clock.at += timedelta(days=40)
    recent = borrow(uow, "Sent last week", allow_duplicate=True)
    for action in ("approve", "send", "receive"):
        requests.perform(uow(), recent.number, action)
    with uow() as w:
        w.session.execute(sa.update(Notice).values(status="sent", sent_at=clock.at))
        s = library_settings.with_value(library_settings.load(w), "notices.keep_sent_days", "30")
        library_settings.save(w, s)
        w.commit()
    daily_run.run_daily(uow(), clock.at.date())
    texts = {n.request_number: outbox.notice_text(uow(), n.id) for n in outbox.list_notices(uow())}
    assert texts[old.number].text == "" and texts[old.number].subject == ""
    assert texts[old.number].status == "sent"  # the fact stays in the history, the text goes
    assert "Sent last week" in texts[recent.number].text
    history = requests.get_detail(uow(), old.number).timeline
    assert any(line.action == "notice" for line in history)
