"""Notice templates in the database: a library's own template is checked before it is
stored, used for a real request, and the shipped one comes back on reset."""

from __future__ import annotations

import pytest

from illdesk.services.admin import settings as library_settings
from illdesk.services.desk import requests
from illdesk.services.errors import InvalidInput, NotFound
from illdesk.services.notices import template_store
from illdesk.services.notices.preview import render_for_request
from illdesk.services.notices.templating import TemplateRefused
from tests.integration.helpers import borrow, seed_directory


@pytest.fixture(autouse=True)
def _directory(uow):
    seed_directory(uow)


def received(uow) -> str:
    row = borrow(uow, "Ἰλιάς: a river atlas", allow_duplicate=True)
    for action in ("approve", "send", "receive"):
        requests.perform(uow(), row.number, action)
    return row.number


def test_the_preview_fills_a_real_request_in_the_library_locale(uow) -> None:
    number = received(uow)
    out = render_for_request(uow(), number, "ready_for_pickup")
    assert out.subject == "Ready for pickup: Ἰλιάς: a river atlas"
    assert "Dear Jo Müller," in out.text and number in out.letter
    with uow() as w:
        s = library_settings.load(w)
        library_settings.save(w, library_settings.with_value(s, "notices.locale", "de_DE"))
        w.commit()
    german = render_for_request(uow(), number, "ready_for_pickup")
    assert "2026" in german.text and any(m in german.text for m in ("März", "April"))


def test_a_refused_template_is_not_stored_and_a_good_one_is_used(uow) -> None:
    number = received(uow)
    bad = template_store.default_source("ready_for_pickup").replace("{{ title }}", "{{ tilte }}")
    with pytest.raises(TemplateRefused, match=r"^Line 1: there is no field called “tilte”"):
        template_store.save_template(uow(), "ready_for_pickup", bad)
    assert all(v.is_default for v in template_store.list_templates(uow()))
    own = bad.replace("{{ tilte }}", "{{ title|upper }} ({{ patron_card }})")
    template_store.save_template(uow(), "ready_for_pickup", own)
    out = render_for_request(uow(), number, "ready_for_pickup")
    assert out.subject == "Ready for pickup: ἸΛΙΆΣ: A RIVER ATLAS (21234000012347)"
    views = {v.kind: v for v in template_store.list_templates(uow())}
    assert not views["ready_for_pickup"].is_default and views["overdue_1"].is_default
    template_store.reset_template(uow(), "ready_for_pickup")
    assert render_for_request(uow(), number, "ready_for_pickup").subject.startswith(
        "Ready for pickup: Ἰλιάς"
    )


def test_the_editor_previews_unsaved_text_and_names_unknown_types(uow) -> None:
    number = received(uow)
    text = "{% block subject %}{{ request_number }}{% endblock %}{% block text %}x{% endblock %}"
    text += "{% block letter %}{{ patron_surname }}{% endblock %}"
    out = render_for_request(uow(), number, "overdue_1", source=text)
    assert (out.subject, out.letter, out.html) == (number, "Müller", "")
    with pytest.raises(NotFound, match="no notice type called overdue_9"):
        render_for_request(uow(), number, "overdue_9")


def test_smtp_and_notice_settings_are_set_by_their_dotted_names(uow) -> None:
    with uow() as w:
        s = library_settings.load(w)
        s = library_settings.with_value(s, "smtp.host", "127.0.0.1")
        s = library_settings.with_value(s, "smtp.port", "2525")
        s = library_settings.with_value(s, "smtp.security", "none")
        s = library_settings.with_value(s, "smtp.from", "ill@library.example.edu")
        s = library_settings.with_value(s, "notices.borrowing.level_1_until", "10")
        library_settings.save(w, s)
        w.commit()
    with uow() as w:
        s = library_settings.load(w)
    assert (s.smtp.host, s.smtp.port, s.smtp.security) == ("127.0.0.1", 2525, "none")
    assert s.smtp.from_address == "ill@library.example.edu"
    assert s.notices.borrowing.level_1_until == 10 and s.notices.lending.level_1_until == 7
    assert ("smtp.from", "ill@library.example.edu") in library_settings.flatten(s)
    with pytest.raises(InvalidInput, match="none, starttls or tls"):
        library_settings.with_value(s, "smtp.security", "ssl")
