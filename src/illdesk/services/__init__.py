"""ILL Desk's use cases, grouped by capability.

Each use case takes plain values and a unit of work, does one transaction, and returns plain
data (frozen dataclasses), never live ORM objects. The window and the command line call these
and nothing lower.

May import: `illdesk.core`, `illdesk.store`, `illdesk.printing`, `illdesk.interop`,
`illdesk.devices` (no Qt parts). Must not import: `illdesk.ui`, `illdesk.cli`, PySide6.

Modules beside the packages: `errors` (what services refuse, in words for staff) and `session`
(the desk's handle on its database: who works where, units of work on demand; the only thing
the window and the command line hand to services).

Packages:
- `desk`: entering, reviewing and moving requests; the scanning desk; queues and their views.
- `directory`: patrons, partner libraries, lender groups, the staff list.
- `shipping`: packages to one library by one delivery method.
- `printing`: documents (labels, slips, bands) and this workstation's print profiles.
- `notices`: what patrons and libraries are told, queued with the action that calls for it.
- `admin`: the library's settings, this workstation's settings, import and export, database
  checks, demo data.
- the back office gets a package each when it lands: `money` (accounts, charges, invoices,
  payments), `reports` (statistics and surveys), `rules` (copyright, lending policy,
  correctional facilities).
"""
