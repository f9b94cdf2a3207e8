"""The demo head office: store SH01 with the same products, staff and sales as the demo
till, made by the till's own generator, so the demo app syncs with it out of the box."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..contract import (
    ProductRef,
    ReceiptLineRef,
    ReceiptRef,
    ReferenceImport,
    StaffRef,
    StoreRef,
)
from ..db.demo import DEMO_STORE_TOKEN, STORE_CODE
from ..db.engine import Database
from ..db.models import Product, SalesReceipt, Staff, Store
from .core.security import token_hash
from .models import HOStore
from .reference import import_reference


def reference_of_till(db: Database, store_code: str) -> ReferenceImport:
    """A till database's reference data (its store, products, staff and sales)."""
    with db.read() as s:
        store = s.scalar(select(Store).where(Store.code == store_code))
        if store is None:
            raise LookupError(f"no store {store_code} in that database")
        receipts = s.scalars(
            select(SalesReceipt)
            .where(SalesReceipt.store_id == store.id)
            .options(selectinload(SalesReceipt.lines))
            .order_by(SalesReceipt.id)
        )
        product_skus = {pid: sku for pid, sku in s.execute(select(Product.id, Product.sku))}
        return ReferenceImport(
            store=StoreRef.model_validate(store, from_attributes=True),
            products=[
                ProductRef.model_validate(p, from_attributes=True)
                for p in s.scalars(select(Product).order_by(Product.id))
            ],
            staff=[
                StaffRef.model_validate(m, from_attributes=True)
                for m in s.scalars(
                    select(Staff).where(Staff.store_id == store.id).order_by(Staff.id)
                )
            ],
            receipts=[
                ReceiptRef(
                    receipt_no=r.receipt_no,
                    barcode=r.barcode,
                    till_no=r.till_no,
                    sold_at=r.sold_at,
                    tender=r.tender,
                    total_fen=r.total_fen,
                    paid_fen=r.paid_fen,
                    lines=[
                        ReceiptLineRef(
                            line_no=ln.line_no,
                            sku=product_skus[ln.product_id],
                            qty=ln.qty,
                            unit_price_fen=ln.unit_price_fen,
                            discount_fen=ln.discount_fen,
                            paid_fen=ln.paid_fen,
                        )
                        for ln in r.lines
                    ],
                )
                for r in receipts
            ],
        )


def demo_reference(today: date) -> ReferenceImport:
    """The demo store's reference data for ``today``, as a new demo till would seed it."""
    from ..db.migrate import upgrade
    from ..services.demo import ensure_demo

    with tempfile.TemporaryDirectory(prefix="aftersales-demo-") as tmp:
        path = Path(tmp) / "till.sqlite3"
        db = Database(path)
        try:
            upgrade(db.engine, path, Path(tmp) / "backups")
            ensure_demo(db, today)
            return reference_of_till(db, STORE_CODE)
        finally:
            db.dispose()


def seed_demo(session: Session, today: date) -> bool:
    """Enrol the demo store with its well-known demo token and its reference data, unless
    it is already there. True if it seeded."""
    if session.scalar(select(HOStore.id).where(HOStore.code == STORE_CODE)) is not None:
        return False
    data = demo_reference(today)
    store = HOStore(code=STORE_CODE, name=data.store.name, token_hash=token_hash(DEMO_STORE_TOKEN))
    session.add(store)
    session.flush()
    import_reference(session, store=store, data=data)
    return True
