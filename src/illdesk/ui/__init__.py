"""The desk window: Qt widgets, models over service queries, dialogs, the scanning desk.

May import: `illdesk.services`, `illdesk.core`, `illdesk.printing`, `illdesk.devices`,
`illdesk.interop`, PySide6. Must not import: `illdesk.store` or SQLAlchemy; it never builds SQL
and never blocks the GUI thread on the database, the printer or the network.
"""
