"""Build step that copies the user guide into the package (everything else is in pyproject.toml).

The guide is written in `docs/`, next to the other documentation, but the Help menu of an
installed copy must open it too: so every wheel carries `illdesk/resources/guide/` with the
guide and the screenshots it shows, copied here from `docs/`.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
GUIDE = ROOT / "docs" / "user-guide.md"


def guide_files() -> list[Path]:
    """The guide and every image it links to, as paths relative to `docs/`."""
    text = GUIDE.read_text(encoding="utf-8")
    images = sorted(set(re.findall(r"\]\((images/[^)\s]+)\)", text)))
    return [Path("user-guide.md"), *(Path(image) for image in images)]


class BuildPyWithGuide(build_py):
    def run(self) -> None:
        super().run()
        if not GUIDE.is_file():  # an sdist made without docs/: the Help menu says so
            return
        target = Path(self.build_lib) / "illdesk" / "resources" / "guide"
        for relative in guide_files():
            source = ROOT / "docs" / relative
            if source.is_file():
                (target / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target / relative)


setup(cmdclass={"build_py": BuildPyWithGuide})
