"""ILL Desk: interop layer."""
