"""`illdesk --workstation NAME` with no command opens the window under that name, so two desk
windows on one computer (a trial, a training room) are told apart in the history, the live
refresh and the "in processing" marks."""

from __future__ import annotations

import pytest

import illdesk.app
from illdesk import cli
from illdesk.ui import platform_check


def test_the_window_takes_the_workstation_name_from_the_command_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[tuple[object, ...]] = []
    monkeypatch.setattr(platform_check, "startup_problem", lambda: "")
    monkeypatch.setattr(illdesk.app, "run_gui", lambda *args: asked.append(args) or 0)
    assert cli.main(["--workstation", "DESK-2", "--staff", "Ann Archer"]) == 0
    assert asked == [(None, "Ann Archer", "DESK-2")]
