"""Shipping: packages (one library, one delivery method, several requests) and what waits to go
out."""
