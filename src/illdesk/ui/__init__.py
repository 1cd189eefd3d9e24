"""ILL Desk: ui layer.

Importing any part of it first applies `refcount_guard` (a PySide6 6.12 defect under Python
3.11 would otherwise abort the process after a few thousand Qt calls).
"""

from illdesk.ui.refcount_guard import make_singletons_immortal

make_singletons_immortal()
