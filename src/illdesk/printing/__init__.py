"""ILL Desk: printing layer.

Pure functions from plain data (`model`) to PDF bytes, one module per document:
`mailing_label`, `packing_slip`, `book_band`, `pull_slip`, `hold_slip`. Below them: `pen`
(fitted drawing on a ReportLab canvas), `text` and `fonts` (any script, bidi, shaping),
`barcodes` (whole-dot bars), `layout` (page and label geometry), `blocks` (shared pieces),
`call_number` (shelf order). No module here imports Qt or the database.
"""
