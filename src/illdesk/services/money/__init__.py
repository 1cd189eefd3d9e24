"""Money: patron and library accounts, charges, waivers, payments, invoices.

Owns the ledger (`ledger`: accounts, lines, settlements, voids), charges written with the action
that causes them (`charges`, `lost_items`), what an account shows (`accounts`), payments and
waivers (`payments`). The rules themselves (what is charged, when, how credits settle debits)
are pure data in `illdesk.core.money`; the library's choices are the settings section `money`.
"""
