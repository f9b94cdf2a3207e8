"""staff numbers per store

A staff number is a store's own: store SH02's 1001 is another person than SH01's, and
importing SH02's staff must not move SH01's 1001 to SH02 with another name and PIN.

Revision ID: ho0004
Revises: ho0003
Create Date: 2026-12-03
"""

from collections.abc import Sequence

from alembic import op

revision: str = "ho0004"
down_revision: str | None = "ho0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("ho_staff") as batch_op:
        batch_op.drop_constraint("uq_ho_staff_staff_no", type_="unique")
        batch_op.create_unique_constraint("uq_ho_staff_staff_no_store_id", ["staff_no", "store_id"])


def downgrade() -> None:
    with op.batch_alter_table("ho_staff") as batch_op:
        batch_op.drop_constraint("uq_ho_staff_staff_no_store_id", type_="unique")
        batch_op.create_unique_constraint("uq_ho_staff_staff_no", ["staff_no"])
