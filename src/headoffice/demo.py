"""The demo head office: the demo store enrolled with its well-known demo token.

The store's reference data are handed in: ``serve --demo`` takes them from the till's own
demo generator (:mod:`aftersales.demo.headoffice`), so that the demo app syncs with head
office out of the box, while head office itself runs none of the till's code.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..contract import ReferenceImport
from .core.security import token_hash
from .models import HOStore
from .reference import import_reference


def demo_store_enrolled(session: Session, store_code: str) -> bool:
    """Whether the demo store is enrolled already (then its data need not be made)."""
    return session.scalar(select(HOStore.id).where(HOStore.code == store_code)) is not None


def seed_demo(session: Session, data: ReferenceImport, *, token: str) -> bool:
    """Enrol the store of ``data`` with ``token`` and load its reference data, unless it
    is already enrolled. True if it seeded; the caller commits."""
    if demo_store_enrolled(session, data.store.code):
        return False
    store = HOStore(code=data.store.code, name=data.store.name, token_hash=token_hash(token))
    session.add(store)
    session.flush()
    import_reference(session, store=store, data=data)
    return True
