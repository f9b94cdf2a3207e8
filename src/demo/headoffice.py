"""The demo store as head office's reference data.

``aftersales-headoffice serve --demo`` enrols SH01 with the same products, staff and sales
as a new demo till, so the demo app syncs with it out of the box. The data are made here,
on the till's side: the till's own generator seeds a temporary till database, which is
read back as the :class:`ReferenceImport` head office loads. Head office's CLI imports this
module (lazily, for ``--demo`` only); head office itself runs none of the till's code.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

# The reference models are the contract between till and head office; this is the demo
# room's only import of them.
from ..contract import (
    ProductRef,
    ReceiptLineRef,
    ReceiptRef,
    ReferenceImport,
    StaffRef,
    StoreRef,
)
from ..db.engine import Database
from ..db.migrate import upgrade
from ..db.models import Product, SalesReceipt, Staff, Store
from .seed import seed_demo
from .store import DEMO_STORE_TOKEN, STORE_CODE

__all__ = ["DEMO_STORE_TOKEN", "STORE_CODE", "demo_reference", "reference_of_till"]


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
    with tempfile.TemporaryDirectory(prefix="aftersales-demo-") as tmp:
        path = Path(tmp) / "till.sqlite3"
        db = Database(path)
        try:
            upgrade(db.engine, path, Path(tmp) / "backups")
            with db.write() as s:
                seed_demo(s, today)
            return reference_of_till(db, STORE_CODE)
        finally:
            db.dispose()
