"""The lending and purchase rules window: a supervisor writes a rule, it is validated when
saved (nothing stored when it cannot work), and a rule that cannot be evaluated is shown as
such while the others apply."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt

from illdesk.core.policy_rules import PolicyRule, RuleKind
from illdesk.services.rules import policy
from illdesk.store.policy_schema import PolicyRuleRow
from illdesk.store.unit_of_work import UnitOfWork
from illdesk.ui.rules_window import RulesWindow
from tests.ui.helpers import TIMEOUT


@pytest.fixture(autouse=True)
def _no_demo_rules(demo_db) -> None:
    """The demo comes with rules; these tests start from none."""
    with UnitOfWork(demo_db) as uow:
        uow.session.execute(sa.delete(PolicyRuleRow))
        uow.commit()


def _open(qtbot, win) -> RulesWindow:
    win.act_rules.trigger()
    dialog = win.dialog
    assert isinstance(dialog, RulesWindow)
    qtbot.waitUntil(lambda: "No rules yet" in dialog.message.text(), timeout=TIMEOUT)
    return dialog


def _stored(db) -> list[PolicyRule]:
    return [s.rule for s in policy.list_rules(UnitOfWork(db, read_only=True), RuleKind.LENDING)]


def test_a_rule_written_in_the_window_is_saved_in_order(qtbot, window, demo_db) -> None:
    dialog = _open(qtbot, window)
    editor = dialog.editor
    qtbot.keyClicks(editor.name, "Reciprocal partners: six weeks")
    qtbot.keyClicks(editor.lists["groups"], "Reciprocal, in-state")
    qtbot.keyClicks(editor.numbers["loan_days"], "42")
    qtbot.keyClicks(editor.numbers["renewals"], "1")
    qtbot.mouseClick(dialog.buttons["save"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.list.count() == 1, timeout=TIMEOUT)
    assert "saved" in dialog.message.text()
    (rule,) = _stored(demo_db)
    assert rule.groups == ("reciprocal", "in-state") and rule.loan_days == 42
    assert rule.outcome == "accept" and rule.renewals == 1
    # a second rule goes below it, then is moved above it
    qtbot.mouseClick(dialog.buttons["new"], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(editor.name, "Special collections to review")
    qtbot.keyClicks(editor.lists["locations"], "Special")
    editor.outcome.setCurrentIndex(editor.outcome.findData("review"))
    qtbot.mouseClick(dialog.buttons["save"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.list.count() == 2, timeout=TIMEOUT)
    assert dialog.list.currentRow() == 1
    qtbot.mouseClick(dialog.buttons["up"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: _stored(demo_db)[0].name == "Special collections to review",
        timeout=TIMEOUT,
    )
    dialog.close()


def test_what_cannot_work_is_refused_in_words_and_nothing_is_saved(qtbot, window, demo_db) -> None:
    dialog = _open(qtbot, window)
    editor = dialog.editor
    qtbot.keyClicks(editor.name, "Six weeks")
    qtbot.keyClicks(editor.numbers["loan_days"], "six weeks")
    qtbot.mouseClick(dialog.buttons["save"], Qt.MouseButton.LeftButton)
    assert "not a whole number" in dialog.message.text()
    assert "Nothing was saved" in dialog.message.text()
    editor.numbers["loan_days"].clear()
    editor.outcome.setCurrentIndex(editor.outcome.findData("unfilled"))  # but no ISO reason
    qtbot.mouseClick(dialog.buttons["save"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Not saved" in dialog.message.text(), timeout=TIMEOUT)
    assert "ISO reason" in dialog.message.text()
    assert _stored(demo_db) == []
    dialog.close()


def test_a_broken_rule_is_shown_and_skipped_while_the_next_applies(qtbot, window, demo_db) -> None:
    with UnitOfWork(demo_db) as uow:  # stored by another version, or by hand
        uow.session.add(
            PolicyRuleRow(
                kind="lending",
                position=1,
                name="Old items by hand",
                definition={"outcome": "review", "min_age_years": "very old"},
                updated_at=datetime.now(UTC),
                updated_by="someone",
            )
        )
        uow.commit()
    policy.save_rule(UnitOfWork(demo_db), PolicyRule("Everything else", "review"))
    window.act_rules.trigger()
    dialog = window.dialog
    assert isinstance(dialog, RulesWindow)
    qtbot.waitUntil(lambda: dialog.list.count() == 2, timeout=TIMEOUT)
    assert "cannot be evaluated" in dialog.list.item(0).text()
    assert "cannot be evaluated" not in dialog.list.item(1).text()
    assert "skipped" in dialog.message.text()
    number = _a_lending_request(demo_db)
    qtbot.keyClicks(dialog.check_number, number)
    qtbot.keyClick(dialog.check_number, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Everything else" in dialog.message.text(), timeout=TIMEOUT)
    assert "Old items by hand" in dialog.message.text()  # named as skipped
    dialog.close()


def _a_lending_request(db) -> str:
    from illdesk.store.schema import Request

    with UnitOfWork(db, read_only=True) as uow:
        return str(
            uow.session.scalars(
                sa.select(Request.number).where(Request.direction == "lending").limit(1)
            ).one()
        )


def test_enter_in_a_field_keeps_what_was_typed(qtbot, window, demo_db) -> None:
    dialog = _open(qtbot, window)
    qtbot.keyClicks(dialog.editor.name, "Typed by a supervisor")
    qtbot.keyClick(dialog.editor.name, Qt.Key.Key_Return)
    assert dialog.editor.name.text() == "Typed by a supervisor"
    assert _stored(demo_db) == []
    dialog.close()
