"""ILL Desk: core layer."""
