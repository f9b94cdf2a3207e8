"""The embedded demo store: seeded into an empty data directory on first run."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from ..db.engine import Database
from ..db.models import Staff, Store
from ..domain.codes import Role
from .auth import StaffInfo

DEMO_CASHIER_NO = "1001"


def ensure_demo(db: Database, today: date) -> bool:
    """Seed the demo store unless the database already has a store. True if it seeded."""
    from ..db.demo import seed_demo

    with db.write() as s:
        if s.scalar(select(Store.id).limit(1)) is not None:
            return False
        seed_demo(s, today)
        return True


def demo_cashier(db: Database) -> StaffInfo | None:
    with db.read() as s:
        st = s.scalar(select(Staff).where(Staff.staff_no == DEMO_CASHIER_NO))
        return None if st is None else StaffInfo(st.id, st.staff_no, st.name, Role(st.role))
