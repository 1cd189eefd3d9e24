"""ILL Desk: ui layer (Qt only; calls services, never builds SQL)."""
