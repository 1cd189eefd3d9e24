"""ILL Desk: printing layer."""
