"""The desk window's forms and directories, opened from its menus (each imported when first
opened, so the first screen does not load them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from illdesk.ui.main_window import MainWindow


def open_request_form(w: MainWindow, kind: str) -> None:
    """A new loan, copy or lending request; once saved, it opens in the detail panel."""
    from illdesk.ui.request_form import RequestForm  # noqa: PLC0415

    form = RequestForm(w.services, kind, w)

    def created(number: str, _service: str) -> None:
        w.statusBar().showMessage(f"{number} entered.", 15_000)
        w.open_request(number)
        w.model.reload()
        w.refresh_counts()

    form.created.connect(created)
    form.open_existing.connect(w.open_request)
    w.open_dialog(form)


def open_print_settings(w: MainWindow) -> None:
    """This workstation's printers and label stock for each document."""
    from illdesk.ui.print_settings import PrintSettingsDialog  # noqa: PLC0415

    dialog = PrintSettingsDialog(w)
    dialog.saved.connect(
        lambda: w.statusBar().showMessage("Print settings saved for this computer.", 15_000)
    )
    w.open_dialog(dialog)


def open_patrons(w: MainWindow) -> None:
    """The patron directory."""
    from illdesk.ui.patron_directory import PatronDirectory  # noqa: PLC0415

    w.open_dialog(PatronDirectory(w.services, w))


def open_libraries(w: MainWindow) -> None:
    """The partner library directory."""
    from illdesk.ui.library_directory import LibraryDirectory  # noqa: PLC0415

    w.open_dialog(LibraryDirectory(w.services, w))


def open_money(w: MainWindow, queue: str = "") -> None:
    """Money: charges to invoice, unpaid and disputed invoices, invoices in to approve,
    patrons over the limit, accounts and payments; `queue` opens one of its lists (a key of
    `money_queues.MONEY_QUEUES`)."""
    from illdesk.ui.money_window import MoneyWindow  # noqa: PLC0415

    window = MoneyWindow(w.services, w)
    if queue:
        window.open_list(queue)
    # Payments, approvals and closings made there show in the queue tree's Money counts.
    window.finished.connect(lambda _result: w.tree.money.refresh())
    w.open_dialog(window)


def open_reports(w: MainWindow) -> None:
    """Reports: a measure month by month or year over year, table, chart and exports."""
    from illdesk.ui.reports_window import ReportsWindow  # noqa: PLC0415

    w.open_dialog(ReportsWindow(w.services, w))


def open_notices(w: MainWindow) -> None:
    """Notices: the outbox's queues and the templates with a live preview."""
    from illdesk.ui.notices_window import NoticesWindow  # noqa: PLC0415

    w.open_dialog(NoticesWindow(w.services, w))


def open_rules(w: MainWindow) -> None:
    """The lending policy and purchase rules (saved by a supervisor)."""
    from illdesk.ui.rules_window import RulesWindow  # noqa: PLC0415

    w.open_dialog(RulesWindow(w.services, w))


def open_copyright_clearance(w: MainWindow) -> None:
    """The Copyright clearance queue: the rules clear what they allow, staff the rest."""
    from illdesk.ui.copyright_clearance import CopyrightClearance  # noqa: PLC0415

    dialog = CopyrightClearance(w.services, w)

    def refresh(_result: int) -> None:
        w.model.reload()
        w.refresh_counts()

    dialog.finished.connect(refresh)
    w.open_dialog(dialog)


def open_purchase_orders(w: MainWindow) -> None:
    """Buy instead: record orders, mark bought items arrived."""
    from illdesk.ui.purchase_orders import PurchaseOrders  # noqa: PLC0415

    dialog = PurchaseOrders(w.services, w)

    def refresh(_result: int) -> None:
        w.model.reload()
        w.refresh_counts()

    dialog.finished.connect(refresh)
    w.open_dialog(dialog)


def open_facilities(w: MainWindow) -> None:
    """Correctional facilities: rules, people, and whether an item may go in."""
    from illdesk.ui.facilities_window import FacilitiesWindow  # noqa: PLC0415

    w.open_dialog(FacilitiesWindow(w.services, w))
