"""The embedded demo store: seeded into an empty data directory on first run.

The store itself is made by :mod:`aftersales.demo`; this module is what the till's other
layers use of it: seeding in one transaction, the cashier the demo signs in as, and where a
demo till sends its cases unless it is set up otherwise.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from ..db.engine import Database
from ..db.models import Staff, Store
from ..demo import DEMO_CASHIER_NO, DEMO_HEAD_OFFICE_URL, DEMO_STORE_TOKEN, seed_demo
from ..domain.codes import Role
from ..domain.policy import Policy
from .auth import StaffInfo

__all__ = [
    "DEMO_CASHIER_NO",
    "DEMO_HEAD_OFFICE_URL",
    "DEMO_STORE_TOKEN",
    "demo_cashier",
    "ensure_demo",
]


def ensure_demo(db: Database, today: date, policy: Policy | None = None) -> bool:
    """Seed the demo store unless the database already has a store. True if it seeded.

    ``policy`` decides the earlier returns and where the training receipts sit (the
    shipped policy when None).
    """
    with db.write() as s:
        if s.scalar(select(Store.id).limit(1)) is not None:
            return False
        seed_demo(s, today, policy=policy)
        return True


def demo_cashier(db: Database) -> StaffInfo | None:
    with db.read() as s:
        st = s.scalar(select(Staff).where(Staff.staff_no == DEMO_CASHIER_NO))
        return None if st is None else StaffInfo(st.id, st.staff_no, st.name, Role(st.role))
