"""ILL Desk's domain: request types, status machines, rules, barcode and identifier checks.

Pure Python. Must not import any other part of ILL Desk, SQLAlchemy or Qt: everything here can
be driven by a unit test without a database or a window.

Where an action is decided: `workflow` (the status machine: `apply`, `allowed_actions`, over
the table in `transition_table`) and, for a scan at the desk, `desk_decision.decide_scan`.
"""
