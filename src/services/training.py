"""Printable demo receipts, so a trainer can practise the counter with a real scanner."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from ..config import Paths
from ..db.engine import Database
from ..db.migrate import upgrade
from ..db.models import SalesReceipt
from ..domain.clock import local_date, now_utc
from ..domain.codes import Tender
from ..domain.policy import Policy
from ..i18n import QT_TRANSLATE_NOOP, catalog, label
from ..printing.receipts import ReceiptDoc, ReceiptDocLine, render_receipts_pdf
from .context import load_policy
from .demo import ensure_demo

_FLAGS = {
    "final_sale": QT_TRANSLATE_NOOP("Slip", "Final sale: no no-reason return"),
    "hygiene": QT_TRANSLATE_NOOP("Slip", "Hygiene item: no no-reason return"),
}
DOC_LANGUAGE = "zh_CN"


@dataclass(frozen=True, slots=True)
class Written:
    path: Path
    count: int


def training_docs(db: Database, policy: Policy) -> list[ReceiptDoc]:
    """The demo's training receipts as printable documents (seeding the demo if needed).

    ``policy`` is the till's (:attr:`TillContext.policy`): the situations sit on its
    windows, so a store that refunds within ten days trains on day 10 and day 11.
    """
    from ..demo import pick_training_receipts

    today = local_date(now_utc())
    ensure_demo(db, today, policy)
    cat = catalog(DOC_LANGUAGE)
    docs = []
    with db.read() as s:
        store_name = ""
        for situation, receipt_no in pick_training_receipts(s, today, policy):
            r = s.scalar(select(SalesReceipt).where(SalesReceipt.receipt_no == receipt_no))
            assert r is not None
            if not store_name:
                from ..db.models import Store

                store_name = s.get(Store, r.store_id).name  # type: ignore[union-attr]
            lines = []
            for ln in r.lines:
                p = ln.product
                flags = [
                    cat.text("Slip", _FLAGS[k]) for k in ("final_sale", "hygiene") if getattr(p, k)
                ]
                lines.append(
                    ReceiptDocLine(
                        name=p.name,
                        sku=p.sku,
                        size=p.size,
                        colour=p.colour,
                        qty=ln.qty,
                        unit_price_fen=ln.unit_price_fen,
                        discount_fen=ln.discount_fen,
                        paid_fen=ln.paid_fen,
                        flags=" ".join(flags),
                    )
                )
            docs.append(
                ReceiptDoc(
                    store_name=store_name,
                    receipt_no=r.receipt_no,
                    barcode=r.barcode,
                    sold_at=r.sold_at,
                    tender_label=label(Tender(r.tender), DOC_LANGUAGE),
                    total_fen=r.total_fen,
                    paid_fen=r.paid_fen,
                    lines=tuple(lines),
                    situation=situation,
                )
            )
    return docs


def write_demo_receipts(paths: Paths, target: Path) -> Written:
    """Write the training receipts of the demo store in ``paths`` to ``target`` (a PDF),
    for the policy the till in ``paths`` decides new cases by."""
    paths.ensure()
    db = Database(paths.database)
    try:
        upgrade(db.engine, paths.database, paths.backups)
        policy, _problem = load_policy(db, paths.policy)
        docs = training_docs(db, policy)
        render_receipts_pdf(docs, target)
        return Written(target, len(docs))
    finally:
        db.dispose()
