"""`python -m illdesk` is the same as the `illdesk` command."""

import sys

from illdesk.cli import main

sys.exit(main())
