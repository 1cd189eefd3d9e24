"""Notices: what patrons and libraries are told, queued in the same transaction as the action
that calls for it and withdrawn when that action is undone."""
