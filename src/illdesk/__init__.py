"""ILL Desk: a desktop workstation for interlibrary-loan staff."""

__version__ = "0.1.0"
