"""The bundled program's entry point (PyInstaller starts here): the same as `illdesk`."""

import multiprocessing
import sys

from illdesk.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # a frozen program must not re-run itself in a child
    sys.exit(main())
