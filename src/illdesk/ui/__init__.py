"""The desk window: Qt widgets, models over service queries, dialogs, the scanning desk.

May import: `illdesk.services`, `illdesk.core`, `illdesk.printing`, `illdesk.devices`,
`illdesk.interop`, PySide6. Must not import: `illdesk.store` or SQLAlchemy; it never builds SQL
and never blocks the GUI thread on the database, the printer or the network. Widgets reach the
services through `ui.facade.ServiceFacade` (queries on reader threads, changes on one writer
thread, answers on the GUI thread); ruff (`ui/ruff.toml`) and tests/unit/test_architecture.py
enforce it.
"""
