"""`illdesk backup FILE` and `illdesk restore FILE`.

Neither opens the database the way the other commands do: a backup reads it as it stands, and
a restore must work when the database is damaged or missing, which is when it is needed most.
"""

from __future__ import annotations

import argparse
import sys

from illdesk.cli.context import EXIT_FAILED, EXIT_OK, ask, database_url
from illdesk.services.admin import backups
from illdesk.services.session import describe_url


def backup(args: argparse.Namespace) -> int:
    """`illdesk backup FILE`: a consistent copy, even while ILL Desk is in use."""
    url = database_url(args)
    made = backups.make_backup(url, args.file)
    print(f"Backed up {describe_url(url)} to {args.file}.")
    print(f"  {backups.describe(made)}")
    return EXIT_OK


def restore(args: argparse.Namespace) -> int:
    """`illdesk restore FILE`: after a clear question, the current database kept aside."""
    url = database_url(args)
    info = backups.examine(args.file)  # a damaged or foreign file is refused before asking
    question = (
        f"Restore the backup {backups.describe(info)}\ninto {describe_url(url)}?\n"
        "Work saved since the backup was made will no longer be in the database. What is "
        "there now is kept aside as a backup copy first, so this can be undone by restoring "
        "that copy."
    )
    if not args.yes:
        if not sys.stdin.isatty():
            print(
                "illdesk: restoring replaces the database, so it asks first; add --yes to "
                "restore without the question. Nothing was changed.",
                file=sys.stderr,
            )
            return EXIT_FAILED
        if not ask(question + "\nRestore now?"):
            print("Nothing was changed.")
            return EXIT_FAILED
    done = backups.restore(url, args.file)
    print(f"Restored {args.file} into {done.where}.")
    if done.kept_aside is not None:
        print(f"The database as it was before is kept aside as {done.kept_aside}.")
    return EXIT_OK
