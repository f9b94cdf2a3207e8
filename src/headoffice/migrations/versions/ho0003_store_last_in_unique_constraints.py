"""store last in the unique constraints

A batch looks its events, cases and returns up by event id or case number within one
store. With the store first in those indexes, PostgreSQL (before its statistics on a new
table come) took ``store_id = X`` for the selective part and scanned every row of the
store; with the store last, the index finds each row.

Revision ID: ho0003
Revises: ho0002
Create Date: 2026-11-23
"""

from collections.abc import Sequence

from alembic import op

revision: str = "ho0003"
down_revision: str | None = "ho0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_STORE_LAST = {
    "ho_event": [["event_id"], ["case_no", "seq"]],
    "ho_case": [["case_no"]],
    "ho_return": [["case_no", "receipt_no", "line_no"]],
}


def _name(table: str, columns: list[str]) -> str:
    return f"uq_{table}_{'_'.join(columns)}"


def upgrade() -> None:
    for table, keys in _STORE_LAST.items():
        with op.batch_alter_table(table) as batch_op:
            for key in keys:
                batch_op.drop_constraint(_name(table, ["store_id", *key]), type_="unique")
                batch_op.create_unique_constraint(
                    _name(table, [*key, "store_id"]), [*key, "store_id"]
                )


def downgrade() -> None:
    for table, keys in _STORE_LAST.items():
        with op.batch_alter_table(table) as batch_op:
            for key in keys:
                batch_op.drop_constraint(_name(table, [*key, "store_id"]), type_="unique")
                batch_op.create_unique_constraint(
                    _name(table, ["store_id", *key]), ["store_id", *key]
                )
