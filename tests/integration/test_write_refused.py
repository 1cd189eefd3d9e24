"""A change the database refuses (a record it names is gone: a person removed, or the database
restored from a backup while a desk was open) is told in words and saves nothing."""

from __future__ import annotations

import pytest

from illdesk.services.desk import requests
from illdesk.services.session import explains_itself
from illdesk.store.errors import WriteRefused
from illdesk.store.unit_of_work import Actor
from tests.integration.helpers import borrow, seed_directory


def test_a_change_naming_someone_no_longer_there_is_refused_in_words(uow) -> None:
    seed_directory(uow)
    row = borrow(uow)
    before = requests.get_detail(uow(read_only=True), row.number)
    # A desk still signed in as someone the restored database does not know.
    ghost = Actor(987654, "Gone Person", "DESK-9")
    with pytest.raises(WriteRefused) as refused:
        requests.perform(uow(ghost), row.number, "approve")
    words = str(refused.value)
    assert "Nothing was saved" in words and "F5" in words
    assert "sqlite3" not in words and "psycopg" not in words and "INSERT" not in words
    assert explains_itself(refused.value)  # the window shows it as it is, not as a traceback
    after = requests.get_detail(uow(read_only=True), row.number)
    assert (after.state, len(after.history)) == (before.state, len(before.history))
