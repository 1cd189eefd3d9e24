"""ILL Desk: store layer."""
