"""The demo's name lists are package data (illdesk/resources/demo), read by one loader."""

from __future__ import annotations

import json
import string
from pathlib import Path

from illdesk.services.admin.demo_names import DATA_FILE, demo_names, read_resource

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "src" / "illdesk" / "resources"


def test_the_lists_come_from_the_data_file() -> None:
    data = json.loads((DATA / DATA_FILE).read_text(encoding="utf-8"))
    names = demo_names()
    assert names.surnames == tuple(data["surnames"])
    assert names.cities[0] == ("Portland", "OR", "97201")
    assert ("国立国会図書館 (National Diet Library)", "Tokyo", "", "100-8924", "JP") in (
        names.foreign_libraries
    )
    assert read_resource(DATA_FILE) == (DATA / DATA_FILE).read_text("utf-8")


def test_every_list_is_filled_and_every_pattern_fills_in() -> None:
    names = demo_names()
    for field in names.__dataclass_fields__:
        assert getattr(names, field), field
    fields = {"t", "u", "r"}
    for frame in names.title_frames:
        used = {name for _, name, _, _ in string.Formatter().parse(frame) if name}
        assert used <= fields, frame
    for kind, _department in names.library_kinds:
        assert kind.format(c="Bend")


def test_the_demo_modules_stay_small() -> None:
    folder = ROOT / "src" / "illdesk" / "services" / "admin"
    for module in folder.glob("demo*.py"):
        assert len(module.read_text(encoding="utf-8").splitlines()) <= 450, module.name
