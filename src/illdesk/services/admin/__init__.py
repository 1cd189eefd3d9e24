"""Administration: the library's shared settings, this workstation's own settings, CSV import
and export, database checks, and demo data."""
