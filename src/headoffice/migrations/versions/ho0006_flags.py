"""flags: cases head office took whose times cannot be right

An event dated before its sale, or far ahead of head office's clock (a till's clock set
wrong), is still taken, since the case is real, and flagged here for IT
(``aftersales-headoffice flags``).

Revision ID: ho0006
Revises: ho0004
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import aftersales.sqltypes  # noqa: F401  (column types the migrations name)

revision: str = "ho0006"
down_revision: str | None = "ho0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "ho_flag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("case_no", sa.String(length=32), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("what", sa.String(length=32), nullable=False),
        sa.Column("detail", sa.String(length=200), nullable=False),
        sa.Column("flagged_at", aftersales.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["store_id"], ["ho_store.id"], name=op.f("fk_ho_flag_store_id_ho_store")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ho_flag")),
        sa.UniqueConstraint(
            "case_no", "what", "store_id", name=op.f("uq_ho_flag_case_no_what_store_id")
        ),
    )


def downgrade() -> None:
    op.drop_table("ho_flag")
