"""The directory: patrons, partner libraries and their lender groups, and the staff list."""
