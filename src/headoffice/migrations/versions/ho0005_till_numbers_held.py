"""till numbers held by installs

Each till number of a store is held by one install (one computer's till software), the
first to claim it: a second computer enrolled as the same till, or a copy of a till, is
refused instead of making the same case numbers.

Revision ID: ho0005
Revises: ho0004
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import aftersales.sqltypes  # noqa: F401  (column types the migrations name)

revision: str = "ho0005"
down_revision: str | None = "ho0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "ho_till",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("till_no", sa.Integer(), nullable=False),
        sa.Column("install_id", sa.String(length=36), nullable=False),
        sa.Column("claimed_at", aftersales.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("last_seen_at", aftersales.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["store_id"], ["ho_store.id"], name=op.f("fk_ho_till_store_id_ho_store")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ho_till")),
        sa.UniqueConstraint("till_no", "store_id", name=op.f("uq_ho_till_till_no_store_id")),
    )


def downgrade() -> None:
    op.drop_table("ho_till")
