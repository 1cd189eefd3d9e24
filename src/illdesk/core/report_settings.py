"""The library's settings for statistics and for keeping patron data (sections `reports` and
`privacy` of the library settings)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ReportSettings:
    """When months freeze, and when the library's fiscal year begins."""

    # A month freezes by itself this many days after it ends (0: freeze by hand only).
    freeze_after_days: int = 15
    # The first month of the fiscal year (7: July to June, as most US academic libraries).
    fiscal_year_first_month: int = 7

    def problem(self) -> tuple[str, str]:
        """What is wrong, in words, and the setting's name; ("", "") when all is well."""
        if not 0 <= self.freeze_after_days <= 365:
            return "Months freeze 0 (by hand only) to 365 days after they end.", "freeze_after_days"
        if not 1 <= self.fiscal_year_first_month <= 12:
            return "The fiscal year's first month is 1 (January) to 12.", "fiscal_year_first_month"
        return "", ""


@dataclass(frozen=True, slots=True)
class PrivacySettings:
    """How long a finished request keeps the name of the patron it was for."""

    # Days after a request is finished (completed, cancelled, unfilled, lost) before the
    # patron's identity is removed from it; the figures stay.
    purge_after_days: int = 90

    def problem(self) -> tuple[str, str]:
        """What is wrong, in words, and the setting's name; ("", "") when all is well."""
        if not 1 <= self.purge_after_days <= 3650:
            return "Patron data is kept 1 to 3650 days after a request ends.", "purge_after_days"
        return "", ""
