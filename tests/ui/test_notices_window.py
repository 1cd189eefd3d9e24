"""The Notices window: the outbox's queues with a preview and withdraw, and the template editor
with a live preview that names the line of a mistake and refuses to save it."""

from __future__ import annotations

from tests.ui.helpers import TIMEOUT


def test_the_outbox_lists_previews_and_withdraws(qtbot, window) -> None:
    from illdesk.ui.notices_window import NoticesWindow

    win = window
    win.act_notices.trigger()
    dialog = win.dialog
    assert isinstance(dialog, NoticesWindow)
    outbox = dialog.outbox
    qtbot.waitUntil(
        lambda: outbox.table.rowCount() > 0 or bool(outbox.preview.toPlainText()), timeout=TIMEOUT
    )
    # Letters to print: the demo's patrons without e-mail or in a facility.
    for index in range(outbox.queue.count()):
        outbox.queue.setCurrentIndex(index)
        qtbot.waitUntil(lambda: outbox.rows is not None, timeout=TIMEOUT)
    outbox.queue.setCurrentIndex(0)
    qtbot.wait(300)
    if outbox.rows:
        outbox.table.selectRow(0)
        qtbot.waitUntil(
            lambda: outbox.preview.toPlainText().startswith("Subject:"), timeout=TIMEOUT
        )
        count = len(outbox.rows)
        outbox.withdraw.click()
        qtbot.waitUntil(lambda: len(outbox.rows) == count - 1, timeout=TIMEOUT)


def test_the_template_editor_previews_and_refuses_a_mistake_with_its_line(qtbot, window) -> None:
    win = window
    win.act_notices.trigger()
    tab = win.dialog.templates
    qtbot.waitUntil(lambda: "{% block subject %}" in tab.editor.toPlainText(), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: tab.preview.toPlainText().startswith("Subject:"), timeout=TIMEOUT)
    tab.editor.setPlainText(tab.editor.toPlainText().replace("{{ title }}", "{{ titel }}", 1))
    qtbot.waitUntil(lambda: "no field called “titel”" in tab.problem.text(), timeout=TIMEOUT)
    assert tab.problem.text().startswith("Line 1:")
    tab.save.click()
    qtbot.waitUntil(lambda: "titel" in tab.problem.text(), timeout=TIMEOUT)
    tab.editor.setPlainText(tab.editor.toPlainText().replace("{{ titel }}", "{{ title|upper }}"))
    qtbot.waitUntil(lambda: tab.problem.text() == "", timeout=TIMEOUT)
    tab.save.click()
    qtbot.waitUntil(lambda: "Template saved" in win.dialog.status.text(), timeout=TIMEOUT)
