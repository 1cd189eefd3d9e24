"""ILL Desk: services layer."""
