"""Notice templates: the shipped ones render, bad ones are refused with their line, and
hostile ones are stopped by the sandbox before they can reach the program or stop the desk."""

from __future__ import annotations

import time
from datetime import date
from decimal import Decimal

import pytest

from illdesk.core.notice_settings import NoticeSettings, OverdueStages
from illdesk.core.notice_types import FIELDS, NOTICE_TYPES
from illdesk.services.notices.fields import person_name, written_amount, written_date
from illdesk.services.notices.template_store import default_source
from illdesk.services.notices.templating import (
    TemplateRefused,
    check_template,
    compile_template,
    render,
)

GOOD = """{% block subject %}Ready: {{ title }}{% endblock %}
{% block text %}
Dear {{ patron_name }},
{{ title }} waits for you.
{% endblock %}
{% block html %}<p>Dear {{ patron_name }}</p>{% endblock %}
{% block letter %}Dear {{ patron_name }}{% endblock %}
"""


def with_body(body: str) -> str:
    """GOOD with its text part's third line (line 4 of the template) replaced by `body`."""
    return GOOD.replace("{{ title }} waits for you.", body)


def values(**given: str) -> dict[str, str]:
    out = {name: f"[{name}]" for name in FIELDS}
    out.update(given)
    return out


@pytest.mark.parametrize("kind", [t.kind for t in NOTICE_TYPES])
def test_every_shipped_template_passes_its_own_check(kind: str) -> None:
    sample = check_template(default_source(kind))
    assert sample.subject and "\n" not in sample.subject
    assert sample.text.strip() and sample.letter.strip()
    assert "{{" not in sample.text and "{%" not in sample.letter


def test_non_ascii_names_and_titles_survive_and_html_is_escaped() -> None:
    compiled = compile_template(GOOD)
    out = render(compiled, values(patron_name="Zoë Ørsted <b>", title="Ἰλιάς 東京"))
    assert out.subject == "Ready: Ἰλιάς 東京"
    assert "Dear Zoë Ørsted <b>," in out.text
    assert out.html == "<p>Dear Zoë Ørsted &lt;b&gt;</p>"
    assert out.letter == "Dear Zoë Ørsted <b>"


@pytest.mark.parametrize(
    ("source", "line", "words"),
    [
        (GOOD.replace("{{ title }} waits", "{{ titel }} waits"), 4, "no field called “titel”"),
        (with_body("{% if title %}open"), 0, "endif"),
        (with_body("{{ title|center(10) }}"), 4, "no filter called 'center'"),
        (with_body("{% macro m() %}{{ m() }}{% endmacro %}"), 4, "{% macro %}"),
        (with_body("{% include 'x' %}"), 4, "{% include %}"),
        (GOOD.replace("{% block letter %}", "{% block leter %}"), 0, "no part called “leter”"),
        (GOOD.split("{% block letter %}", maxsplit=1)[0], 0, "no letter part"),
        (with_body("{{ 1 / 0 }}"), 4, "division by zero"),
    ],
)
def test_a_template_with_an_error_is_refused_with_its_line(
    source: str, line: int, words: str
) -> None:
    with pytest.raises(TemplateRefused) as refused:
        check_template(source)
    assert words in str(refused.value)
    if line:
        assert refused.value.line == line
        assert str(refused.value).startswith(f"Line {line}: ")


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("{{ title.__class__.__mro__ }}", "__class__"),
        ("{{ title.__class__ }}", "__class__"),
        ("{{ patron_name.format.__globals__ }}", "unsafe"),
        ("{{ patron_name.format(1) }}", "unsafe"),
        ("{{ title.center(1000000000) }}", "unsafe"),
        ("{{ title.ljust(1000000000) }}", "unsafe"),
        ("{{ 'x' * 1000000000 }}", "more than 100,000 characters"),
        ("{{ [1] * 1000000000 }}", "more than 100,000 characters"),
        ("{{ 9 ** 99999999 }}", "power above"),
        ("{{ '%999999999d' % 1 }}", "cannot be formatted"),
        (
            "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
            "ran more than 10,000 times",
        ),
        (
            "{% set ns = namespace(s='x') %}{% for i in range(64) %}"
            "{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
            "more than 100,000 characters",
        ),
        ("{{ title|replace('', 'x' * 99999) }}", "more than 100,000 characters"),
        ("{% for i in range(5000) %}{{ 'y' * 99000 }}{% endfor %}", "grows beyond 200,000"),
    ],
)
def test_hostile_templates_are_stopped_quickly(body: str, words: str) -> None:
    started = time.perf_counter()
    with pytest.raises(TemplateRefused) as refused:
        check_template(with_body(body))
    assert words in str(refused.value)
    assert time.perf_counter() - started < 2.0


def test_a_sandboxed_template_cannot_reach_python_builtins_or_the_settings() -> None:
    # Names that are not fields (and the globals Jinja2 offers outside the sandbox's list)
    # are refused at the check, before anything runs.
    for name in ("cycler", "lipsum", "config", "self", "request", "settings", "__builtins__"):
        with pytest.raises(TemplateRefused, match="no field called"):
            check_template(with_body("{{ " + name + " }}"))


def test_dates_money_and_names_follow_the_library_locale() -> None:
    us, de, ja = (
        NoticeSettings(),
        NoticeSettings(locale="de_DE", currency="EUR"),
        NoticeSettings(locale="ja_JP", currency="JPY"),
    )
    day = date(2026, 12, 5)
    assert written_date(day, us) == "December 5, 2026"
    assert written_date(day, de) == "5. Dezember 2026"
    assert written_amount(Decimal("1234.50"), us) == "$1,234.50"
    assert written_amount(Decimal("1234.50"), de) == "1.234,50\xa0€"
    assert person_name("Jo", "Müller", us) == "Jo Müller"
    assert person_name("太郎", "山田", ja) == "山田 太郎"


def test_overdue_stages_follow_the_ill_defaults() -> None:
    stages = OverdueStages()
    assert [stages.level(d) for d in (-3, 0, 1, 2, 7, 8, 14, 15, 90)] == [
        0,
        0,
        0,
        1,
        1,
        2,
        2,
        3,
        3,
    ]
    assert OverdueStages(grace_days=10, level_1_until=7).problem()
