"""Signing in at the desk window: the first sign-in, a refused PIN, switching, the idle lock."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QShortcut

from illdesk.services.access import sign_in
from illdesk.services.admin import settings as library
from illdesk.services.directory import entries as directory
from illdesk.store.database import Database
from illdesk.store.unit_of_work import Actor, UnitOfWork
from illdesk.ui.desk_lock import NOBODY, DeskLock
from illdesk.ui.facade import facade_for
from illdesk.ui.main_window import MainWindow
from tests.ui.conftest import ANN
from tests.ui.helpers import settle

TIMEOUT = 10_000


def _sign_in_required(db: Database) -> None:
    boss = directory.add_staff(UnitOfWork(db), "Ines Okafor", role="supervisor")
    as_boss = Actor(boss.id, boss.name, "DESK-1")
    sign_in.set_pin(UnitOfWork(db, as_boss), "Ines Okafor", "2468")
    directory.add_staff(UnitOfWork(db, as_boss), "Theo Lindqvist", role="student")
    sign_in.set_pin(UnitOfWork(db, as_boss), "Theo Lindqvist", "1357")
    sign_in.set_badge(UnitOfWork(db, as_boss), "Theo Lindqvist", "21234567890123")
    with UnitOfWork(db, as_boss) as uow:
        current = library.load(uow)
        rules = replace(current.sign_in, required_on_local_file=True)
        library.save(uow, replace(current, sign_in=rules))
        uow.commit()
    db.forget("access.in_force")


def _type_in(qtbot, dialog, who: str, pin: str) -> None:
    dialog.who.clear()
    qtbot.keyClicks(dialog.who, who)
    qtbot.keyClick(dialog.who, Qt.Key.Key_Return)  # a badge scanner's Enter: on to the PIN
    assert not dialog.busy, "Enter after the badge must not sign in without the PIN"
    qtbot.keyClicks(dialog.pin, pin)
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)


def test_desk_hidden_until_signed_in_then_locks_when_idle(qtbot, demo_db: Database) -> None:
    _sign_in_required(demo_db)
    services = facade_for(demo_db, ANN)
    win = MainWindow(services)
    qtbot.addWidget(win)
    win.show()
    lock = DeskLock(win, services)
    lock.start()
    qtbot.waitUntil(lambda: lock.locked, timeout=TIMEOUT)
    dialog = lock.dialog
    assert dialog is not None and not win.centralWidget().isVisible()

    # Escape does not put the lock away; a wrong PIN is refused in words.
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert lock.locked
    _type_in(qtbot, dialog, "21234567890123", "0000")
    qtbot.waitUntil(lambda: "do not match" in dialog.message.text(), timeout=TIMEOUT)
    assert lock.locked and dialog.pin.text() == ""

    # The badge and the right PIN: the desk shows, and work is done in Sam's name.
    _type_in(qtbot, dialog, "21234567890123", "1357")
    qtbot.waitUntil(lambda: not lock.locked, timeout=TIMEOUT)
    assert win.centralWidget().isVisible()
    assert services.session.staff_name == "Theo Lindqvist"
    assert services.session.staff_id is not None
    assert "Theo Lindqvist (student assistant)" in win.who_label.text()

    # A supervisor's job asked from this desk is refused, naming the role.
    refused: list[Exception] = []

    def change_setting(session) -> None:
        with session.write() as uow:
            current = library.load(uow)
            library.save(uow, replace(current, default_buffer_days=3))
            uow.commit()

    services.change(change_setting, lambda _: None, refused.append)
    qtbot.waitUntil(lambda: bool(refused), timeout=TIMEOUT)
    assert "Theo Lindqvist is a student assistant" in str(refused[0])

    # Left idle: the desk locks by itself; the supervisor signs in by name.
    lock.set_idle_minutes(0.002)  # about a tenth of a second
    qtbot.waitUntil(lambda: lock.locked, timeout=TIMEOUT)
    assert not win.centralWidget().isVisible()
    assert lock.dialog is not None and "without use" in lock.dialog.heading.text()
    assert win.who_label.text() == NOBODY  # not the person who left, nor "Staff: Staff"
    _type_in(qtbot, lock.dialog, "ines okafor", "2468")
    qtbot.waitUntil(lambda: not lock.locked, timeout=TIMEOUT)
    assert services.session.staff_name == "Ines Okafor"
    lock.set_idle_minutes(0)
    settle()


def test_no_sign_in_asked_where_none_is_in_force(qtbot, demo_db: Database) -> None:
    services = facade_for(demo_db, ANN)
    win = MainWindow(services)
    qtbot.addWidget(win)
    win.show()
    lock = DeskLock(win, services)
    lock.start()
    qtbot.wait(300)
    settle()
    assert not lock.locked and win.centralWidget().isVisible()
    # F12 still locks the desk for switching people.
    lock.act_lock.trigger()
    assert lock.locked
    assert win.who_label.text() == NOBODY
    assert lock.dialog is not None
    lock.dialog.locked = False
    lock.dialog.close()
    settle()


def test_no_two_commands_of_the_window_share_a_key(qtbot, demo_db) -> None:
    """A key bound twice does nothing at all in Qt ("ambiguous shortcut"): every shortcut of
    the window, the desk lock's included, names one command."""
    services = facade_for(demo_db, ANN)
    win = MainWindow(services)
    qtbot.addWidget(win)
    lock = DeskLock(win, services)
    owners: dict[str, list[str]] = {}
    for action in win.findChildren(QAction):
        for sequence in action.shortcuts():
            owners.setdefault(sequence.toString(), []).append(action.text())
    for shortcut in win.findChildren(QShortcut):
        owners.setdefault(shortcut.key().toString(), []).append("shortcut")
    owners.pop("", None)
    shared = {key: names for key, names in owners.items() if len(names) > 1}
    assert not shared, f"keys bound to more than one command: {shared}"
    assert lock.act_lock.shortcut().toString() == "F12"
