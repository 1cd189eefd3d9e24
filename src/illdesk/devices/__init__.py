"""ILL Desk: devices layer."""
