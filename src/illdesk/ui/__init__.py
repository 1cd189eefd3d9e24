"""ILL Desk: ui layer."""
