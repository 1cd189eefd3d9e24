"""Which way a package travels, and the queue of one destination."""

from __future__ import annotations

from illdesk.core.queues import QueueFilter, shipping_group, shipping_method
from illdesk.core.vocabulary import DeliveryMethod as M
from illdesk.core.vocabulary import Service


def test_loans_go_by_the_first_physical_method_the_library_lists() -> None:
    assert shipping_method(["electronic", "courier", "post"], Service.LOAN) is M.COURIER
    assert shipping_method(["ups"], Service.LOAN) is M.UPS
    assert shipping_method(["electronic"], Service.LOAN) is M.POST
    assert shipping_method([""], Service.LOAN) is M.POST


def test_copies_go_electronically_only_where_the_library_takes_pdfs() -> None:
    assert shipping_method(["courier", "electronic"], Service.COPY) is M.ELECTRONIC
    assert shipping_method(["library_mail"], Service.COPY) is M.LIBRARY_MAIL


def test_a_destination_queue_round_trips_and_names_its_library() -> None:
    queue = shipping_group(M.COURIER, "WSL", "Washington State Library", Service.LOAN)
    assert queue.libraries == ("WSL",) and queue.group == "Shipping"
    assert queue.title == "To Washington State Library (WSL) by Courier"
    assert QueueFilter.from_json(queue.to_json()) == queue
    assert QueueFilter.from_json({**queue.to_json(), "libraries": ["wsl"]}).libraries == ("WSL",)
