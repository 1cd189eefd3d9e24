"""Printing: the data behind every document (labels, packing slips, book bands, hold and pull
slips) turned into PDF bytes, and this workstation's print profiles."""
