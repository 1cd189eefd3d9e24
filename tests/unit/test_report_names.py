"""The command line spells the report breakdowns as the reports service does."""

from __future__ import annotations


def test_breakdowns_on_the_command_line_are_the_services() -> None:
    from illdesk.cli.report_parser import BREAKDOWNS
    from illdesk.services.reports.counting import DIMENSION_NAMES

    assert BREAKDOWNS == DIMENSION_NAMES


def test_surveys_on_the_command_line_are_the_cores() -> None:
    from illdesk.cli.report_parser import SURVEYS
    from illdesk.core.surveys import SURVEYS as DEFINED

    assert tuple(DEFINED) == SURVEYS
