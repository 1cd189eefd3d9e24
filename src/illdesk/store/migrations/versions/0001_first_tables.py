"""The first tables: requests, rota, patrons, libraries, shipments, events, settings.

Revision ID: 0001
Revises:
Create Date: 2026-11-22 21:40:07.919985
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "closed_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_closed_days")),
    )
    op.create_table(
        "libraries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("symbol", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("email", sa.String(length=255), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("group_name", sa.String(length=60), nullable=False),
        sa.Column("delivery_methods", sa.String(length=120), nullable=False),
        sa.Column("courier_route", sa.String(length=40), nullable=False),
        sa.Column("courier_stop", sa.String(length=40), nullable=False),
        sa.Column("loan_days", sa.Integer(), nullable=False),
        sa.Column("charge", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("renewals_allowed", sa.Integer(), nullable=False),
        sa.Column("billing_method", sa.String(length=20), nullable=False),
        sa.Column("barcode_scheme", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("ship_name", sa.String(length=255), nullable=False),
        sa.Column("ship_department", sa.String(length=255), nullable=False),
        sa.Column("ship_street", sa.String(length=255), nullable=False),
        sa.Column("ship_street2", sa.String(length=255), nullable=False),
        sa.Column("ship_city", sa.String(length=120), nullable=False),
        sa.Column("ship_region", sa.String(length=60), nullable=False),
        sa.Column("ship_postal_code", sa.String(length=20), nullable=False),
        sa.Column("ship_country", sa.String(length=2), nullable=False),
        sa.Column("bill_name", sa.String(length=255), nullable=False),
        sa.Column("bill_department", sa.String(length=255), nullable=False),
        sa.Column("bill_street", sa.String(length=255), nullable=False),
        sa.Column("bill_street2", sa.String(length=255), nullable=False),
        sa.Column("bill_city", sa.String(length=120), nullable=False),
        sa.Column("bill_region", sa.String(length=60), nullable=False),
        sa.Column("bill_postal_code", sa.String(length=20), nullable=False),
        sa.Column("bill_country", sa.String(length=2), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_libraries")),
        sa.UniqueConstraint("symbol", name=op.f("uq_libraries_symbol")),
    )
    with op.batch_alter_table("libraries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_libraries_group_name"), ["group_name"], unique=False)

    op.create_table(
        "number_sequences",
        sa.Column("prefix", sa.String(length=4), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("prefix", "year", name=op.f("pk_number_sequences")),
    )
    op.create_table(
        "patrons",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("card_barcode", sa.String(length=40), nullable=False),
        sa.Column("surname", sa.String(length=120), nullable=False),
        sa.Column("given_name", sa.String(length=120), nullable=False),
        sa.Column("email", sa.String(length=255), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("patron_type", sa.String(length=20), nullable=False),
        sa.Column("department", sa.String(length=255), nullable=False),
        sa.Column("pickup_location", sa.String(length=120), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patrons")),
        sa.UniqueConstraint("card_barcode", name=op.f("uq_patrons_card_barcode")),
    )
    with op.batch_alter_table("patrons", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_patrons_surname_given_name"), ["surname", "given_name"], unique=False
        )

    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")),
    )
    op.create_table(
        "staff",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("initials", sa.String(length=8), nullable=False),
        sa.Column("role", sa.String(length=40), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff")),
        sa.UniqueConstraint("name", name=op.f("uq_staff_name")),
    )
    op.create_table(
        "requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("direction", sa.String(length=10), nullable=False),
        sa.Column("service", sa.String(length=10), nullable=False),
        sa.Column("format", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("status_since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("author", sa.Text(), nullable=False),
        sa.Column("journal_title", sa.Text(), nullable=False),
        sa.Column("article_title", sa.Text(), nullable=False),
        sa.Column("volume", sa.String(length=40), nullable=False),
        sa.Column("issue", sa.String(length=40), nullable=False),
        sa.Column("pages", sa.String(length=40), nullable=False),
        sa.Column("year", sa.String(length=20), nullable=False),
        sa.Column("edition", sa.String(length=60), nullable=False),
        sa.Column("publisher", sa.String(length=255), nullable=False),
        sa.Column("place", sa.String(length=255), nullable=False),
        sa.Column("isbn", sa.String(length=17), nullable=False),
        sa.Column("issn", sa.String(length=9), nullable=False),
        sa.Column("oclc_number", sa.String(length=20), nullable=False),
        sa.Column("doi", sa.String(length=255), nullable=False),
        sa.Column("call_number", sa.String(length=80), nullable=False),
        sa.Column("location", sa.String(length=80), nullable=False),
        sa.Column("patron_id", sa.Integer(), nullable=True),
        sa.Column("library_id", sa.Integer(), nullable=True),
        sa.Column("lender_reference", sa.String(length=60), nullable=False),
        sa.Column("need_before", sa.Date(), nullable=True),
        sa.Column("max_cost", sa.Numeric(precision=10, scale=2), nullable=True),
        sa.Column("charge", sa.Numeric(precision=10, scale=2), nullable=True),
        sa.Column("lender_due_date", sa.Date(), nullable=True),
        sa.Column("patron_due_date", sa.Date(), nullable=True),
        sa.Column("renewals", sa.Integer(), nullable=False),
        sa.Column("renewal_pending", sa.Boolean(), nullable=False),
        sa.Column("recalled", sa.Boolean(), nullable=False),
        sa.Column("damaged", sa.Boolean(), nullable=False),
        sa.Column("copyright_code", sa.String(length=4), nullable=False),
        sa.Column("conditions", sa.Text(), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("restrictions", sa.String(length=255), nullable=False),
        sa.Column("item_barcode", sa.String(length=60), nullable=False),
        sa.Column("temp_barcode", sa.String(length=60), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("patron_note", sa.Text(), nullable=False),
        sa.Column("match_key", sa.Text(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["library_id"], ["libraries.id"], name=op.f("fk_requests_library_id_libraries")
        ),
        sa.ForeignKeyConstraint(
            ["patron_id"], ["patrons.id"], name=op.f("fk_requests_patron_id_patrons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_requests")),
        sa.UniqueConstraint("number", name=op.f("uq_requests_number")),
    )
    with op.batch_alter_table("requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_requests_direction_created_at_id"),
            ["direction", "created_at", "id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_requests_direction_status_created_at_id"),
            ["direction", "status", "created_at", "id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_requests_direction_status_updated_at_id"),
            ["direction", "status", "updated_at", "id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_requests_isbn"), ["isbn"], unique=False)
        batch_op.create_index(batch_op.f("ix_requests_issn"), ["issn"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_requests_item_barcode"), ["item_barcode"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_requests_lender_due_date"), ["lender_due_date"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_requests_library_id"), ["library_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_requests_need_before"), ["need_before"], unique=False)
        batch_op.create_index(batch_op.f("ix_requests_oclc_number"), ["oclc_number"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_requests_patron_due_date"), ["patron_due_date"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_requests_patron_id"), ["patron_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_requests_patron_id_match_key"), ["patron_id", "match_key"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_requests_temp_barcode"), ["temp_barcode"], unique=False
        )

    op.create_table(
        "shipments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("library_id", sa.Integer(), nullable=False),
        sa.Column("outgoing", sa.Boolean(), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("tracking_number", sa.String(length=60), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("shipped_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["library_id"], ["libraries.id"], name=op.f("fk_shipments_library_id_libraries")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shipments")),
        sa.UniqueConstraint("number", name=op.f("uq_shipments_number")),
    )
    with op.batch_alter_table("shipments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shipments_library_id"), ["library_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_shipments_shipped_at"), ["shipped_at"], unique=False)

    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("staff_name", sa.String(length=120), nullable=False),
        sa.Column("workstation", sa.String(length=80), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("from_status", sa.String(length=30), nullable=False),
        sa.Column("to_status", sa.String(length=30), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("undone_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["requests.id"],
            name=op.f("fk_events_request_id_requests"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_events_staff_id_staff")),
        sa.ForeignKeyConstraint(
            ["undone_by"], ["events.id"], name=op.f("fk_events_undone_by_events")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_events_action_at"), ["action", "at"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_at"), ["at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_events_request_id_id"), ["request_id", "id"], unique=False
        )

    op.create_table(
        "rota_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("symbol", sa.String(length=40), nullable=False),
        sa.Column("answer", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["requests.id"],
            name=op.f("fk_rota_entries_request_id_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rota_entries")),
        sa.UniqueConstraint(
            "request_id", "position", name=op.f("uq_rota_entries_request_id_position")
        ),
    )
    with op.batch_alter_table("rota_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rota_entries_symbol"), ["symbol"], unique=False)

    op.create_table(
        "shipment_items",
        sa.Column("shipment_id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"], ["requests.id"], name=op.f("fk_shipment_items_request_id_requests")
        ),
        sa.ForeignKeyConstraint(
            ["shipment_id"],
            ["shipments.id"],
            name=op.f("fk_shipment_items_shipment_id_shipments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("shipment_id", "request_id", name=op.f("pk_shipment_items")),
    )
    with op.batch_alter_table("shipment_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_shipment_items_request_id"), ["request_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("shipment_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shipment_items_request_id"))

    op.drop_table("shipment_items")
    with op.batch_alter_table("rota_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rota_entries_symbol"))

    op.drop_table("rota_entries")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_request_id_id"))
        batch_op.drop_index(batch_op.f("ix_events_at"))
        batch_op.drop_index(batch_op.f("ix_events_action_at"))

    op.drop_table("events")
    with op.batch_alter_table("shipments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shipments_shipped_at"))
        batch_op.drop_index(batch_op.f("ix_shipments_library_id"))

    op.drop_table("shipments")
    with op.batch_alter_table("requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_requests_temp_barcode"))
        batch_op.drop_index(batch_op.f("ix_requests_patron_id_match_key"))
        batch_op.drop_index(batch_op.f("ix_requests_patron_id"))
        batch_op.drop_index(batch_op.f("ix_requests_patron_due_date"))
        batch_op.drop_index(batch_op.f("ix_requests_oclc_number"))
        batch_op.drop_index(batch_op.f("ix_requests_need_before"))
        batch_op.drop_index(batch_op.f("ix_requests_library_id"))
        batch_op.drop_index(batch_op.f("ix_requests_lender_due_date"))
        batch_op.drop_index(batch_op.f("ix_requests_item_barcode"))
        batch_op.drop_index(batch_op.f("ix_requests_issn"))
        batch_op.drop_index(batch_op.f("ix_requests_isbn"))
        batch_op.drop_index(batch_op.f("ix_requests_direction_status_updated_at_id"))
        batch_op.drop_index(batch_op.f("ix_requests_direction_status_created_at_id"))
        batch_op.drop_index(batch_op.f("ix_requests_direction_created_at_id"))

    op.drop_table("requests")
    op.drop_table("staff")
    op.drop_table("settings")
    with op.batch_alter_table("patrons", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patrons_surname_given_name"))

    op.drop_table("patrons")
    op.drop_table("number_sequences")
    with op.batch_alter_table("libraries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_libraries_group_name"))

    op.drop_table("libraries")
    op.drop_table("closed_days")
