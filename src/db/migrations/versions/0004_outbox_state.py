"""outbox state: pending, sent or parked, a column of its own

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03

Until now a parked event was an unsent one whose ``last_error`` began "parked:". Each row
gets its state from what it holds: sent_at set, sent; that prefix, parked (the prefix goes,
the reason stays in last_error); else pending. The drain's index goes by state.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PARKED = "parked:"


def upgrade() -> None:
    with op.batch_alter_table("outbox_event", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("state", sa.String(length=8), server_default="pending", nullable=False)
        )
        batch_op.drop_index("ix_outbox_event_pending")
        batch_op.create_index("ix_outbox_event_pending", ["state", "id"], unique=False)
        batch_op.create_index("ix_outbox_event_sent_at", ["sent_at"], unique=False)
    op.execute("UPDATE outbox_event SET state = 'sent' WHERE sent_at IS NOT NULL")
    # "parked: <reason>": the state, then the reason without the prefix and its space.
    op.execute(
        "UPDATE outbox_event SET state = 'parked', last_error = ltrim(substr(last_error, 8), ' ')"
        f" WHERE sent_at IS NULL AND substr(last_error, 1, 7) = '{PARKED}'"
    )


def downgrade() -> None:
    op.execute(
        f"UPDATE outbox_event SET last_error = '{PARKED} ' || last_error WHERE state = 'parked'"
    )
    with op.batch_alter_table("outbox_event", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_event_sent_at")
        batch_op.drop_index("ix_outbox_event_pending")
        batch_op.create_index("ix_outbox_event_pending", ["sent_at", "id"], unique=False)
        batch_op.drop_column("state")
