"""till audit: changes to the till itself (head office's address, the store's token)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04

Who changed head office's address or the store's token, when, from which address to which,
and whether the token changed (never the token): a table of its own, as ``audit_event``
belongs to a case.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import aftersales.db.types

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "till_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", aftersales.db.types.UTCDateTime(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_till_audit_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_till_audit")),
    )


def downgrade() -> None:
    op.drop_table("till_audit")
