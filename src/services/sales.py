"""Finding the original sale behind a receipt barcode, with what was already returned."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    FromClause,
    Table,
    bindparam,
    exists,
    func,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import Session

from ..db.clock_skew import read_clock_skew
from ..db.engine import Database
from ..db.models import (
    AfterSalesCase,
    Base,
    CaseLine,
    Decision,
    Product,
    ReceiptLine,
    RemoteReturn,
    SalesReceipt,
    Store,
)
from ..domain.clock import DateTrust, date_trust, days_since
from ..domain.codes import TAKES_BACK, Tender
from ..domain.decision import SoldLine
from ..domain.states import CaseStatus


@dataclass(frozen=True, slots=True)
class SaleLineView:
    receipt_line_id: int
    line_no: int
    product_id: int
    sku: str
    style_code: str
    name: str
    size: str
    colour: str
    category: str
    batch: str
    final_sale: bool
    hygiene: bool
    qty_sold: int
    unit_price_fen: int
    discount_fen: int
    paid_fen: int
    returned_qty: int  # taken back by completed cases
    pending_qty: int  # held by cases still open (on this or another till)
    earlier_qty: int  # held by cases opened before the one being decided (all, if none)

    @property
    def returnable_qty(self) -> int:
        return max(0, self.qty_sold - self.returned_qty - self.pending_qty)

    def sold_line(self) -> SoldLine:
        """The line as a refund is prorated on it: after the units of earlier cases only.

        Proration follows the order cases were opened, so two cases open at once on one
        line never add up to more than was paid.
        """
        return SoldLine(self.qty_sold, self.paid_fen, self.earlier_qty)


@dataclass(frozen=True, slots=True)
class SaleView:
    receipt_id: int
    receipt_no: str
    barcode: str
    store_name: str
    sold_at: datetime
    days_since_purchase: int
    tender: Tender
    total_fen: int
    paid_fen: int
    lines: tuple[SaleLineView, ...]
    earlier_cases: tuple[tuple[str, CaseStatus], ...]
    date: DateTrust = DateTrust()  # whether ``days_since_purchase`` can be counted on

    def line(self, receipt_line_id: int) -> SaleLineView:
        for ln in self.lines:
            if ln.receipt_line_id == receipt_line_id:
                return ln
        raise KeyError(receipt_line_id)

    @property
    def anything_returnable(self) -> bool:
        return any(ln.returnable_qty > 0 for ln in self.lines)


@dataclass(frozen=True, slots=True)
class ReceiptRecord:
    """A sales receipt's own columns, read without the ORM."""

    id: int
    receipt_no: str
    barcode: str
    store_id: int
    sold_at: datetime
    tender: str
    total_fen: int
    paid_fen: int


def receipt_columns(receipt: FromClause) -> tuple[ColumnElement[Any], ...]:
    """The columns of ``sales_receipt`` (or an alias of it) a :class:`ReceiptRecord` is
    made of, in its order."""
    c = receipt.c
    return (c.id, c.receipt_no, c.barcode, c.store_id, c.sold_at, c.tender, c.total_fen, c.paid_fen)


_OPEN = tuple(s.value for s in CaseStatus if s not in (CaseStatus.COMPLETED, CaseStatus.CANCELLED))


def table_of(model: type[Base]) -> Table:
    """A model's table, for Core statements (what reads and writes many rows use)."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


_CASE, _CL, _DEC = table_of(AfterSalesCase), table_of(CaseLine), table_of(Decision)
_SR, _RL, _P = table_of(SalesReceipt), table_of(ReceiptLine), table_of(Product)
_RR = table_of(RemoteReturn)

# Built once, of table columns (no ORM entities: nothing for the ORM to set up when they
# run): these run in every lookup and every case action, and building a statement costs
# more than running it on an indexed table.
_NO_CASE = 2**62
_BEFORE = _CASE.c.id < bindparam("case_id")
# What every case holds of each line of a receipt, by the case's status, and whether the
# case was opened before the one being decided: this till's own cases, then cases of this
# store that other tills made, as head office last told this till (they count like this
# till's own, and as opened before; a case this till has itself is counted from its rows).
_HELD = union_all(
    select(_CL.c.receipt_line_id, _CASE.c.status, _BEFORE, func.sum(_CL.c.qty))
    .join(_CASE, _CASE.c.id == _CL.c.case_id)
    .outerjoin(_DEC, _DEC.c.case_line_id == _CL.c.id)
    .where(_CASE.c.receipt_id == bindparam("receipt_id"))
    .where(_CASE.c.id != bindparam("case_id"))
    .where(_CASE.c.status != CaseStatus.CANCELLED.value)
    .where(or_(_DEC.c.resolution.is_(None), _DEC.c.resolution.in_(sorted(TAKES_BACK))))
    .group_by(_CL.c.receipt_line_id, _CASE.c.status, _BEFORE),
    select(_RL.c.id, _RR.c.status, true(), func.sum(_RR.c.qty))
    .join(_SR, _SR.c.receipt_no == _RR.c.receipt_no)
    .join(_RL, (_RL.c.receipt_id == _SR.c.id) & (_RL.c.line_no == _RR.c.line_no))
    .where(_SR.c.id == bindparam("receipt_id"))
    .where(_RR.c.qty > 0)
    .where(~exists().where(_CASE.c.case_no == _RR.c.case_no))
    .group_by(_RL.c.id, _RR.c.status),
)
# Columns named as SaleLineView's fields.
_LINES = (
    select(
        _RL.c.id.label("receipt_line_id"),
        _RL.c.line_no,
        _P.c.id.label("product_id"),
        _P.c.sku,
        _P.c.style_code,
        _P.c.name,
        _P.c.size,
        _P.c.colour,
        _P.c.category,
        _P.c.batch,
        _P.c.final_sale,
        _P.c.hygiene,
        _RL.c.qty.label("qty_sold"),
        _RL.c.unit_price_fen,
        _RL.c.discount_fen,
        _RL.c.paid_fen,
    )
    .join(_P, _P.c.id == _RL.c.product_id)
    .where(_RL.c.receipt_id == bindparam("receipt_id"))
    .order_by(_RL.c.line_no)
)
_RECEIPT_BY_NO = select(*receipt_columns(_SR)).where(_SR.c.receipt_no == bindparam("receipt_no"))


def receipt_by_no(s: Session, receipt_no: str) -> ReceiptRecord | None:
    row = s.execute(_RECEIPT_BY_NO, {"receipt_no": receipt_no}).first()
    return None if row is None else ReceiptRecord(*row)


def held_quantities(
    s: Session, receipt_id: int, *, exclude_case_id: int | None = None
) -> dict[int, tuple[int, int, int]]:
    """Per receipt line: (qty returned by completed cases, qty held by open cases, qty held
    by cases opened before ``exclude_case_id``), never counting that case itself."""
    # "No case" is an id no case has: one prepared statement serves both uses.
    params = {"receipt_id": receipt_id, "case_id": exclude_case_id or _NO_CASE}
    out: dict[int, tuple[int, int, int]] = {}
    for line_id, status, before, qty in s.execute(_HELD, params):
        returned, pending, earlier = out.get(line_id, (0, 0, 0))
        if status == CaseStatus.COMPLETED.value:
            returned += int(qty)
        elif status in _OPEN:
            pending += int(qty)
        if before:
            earlier += int(qty)
        out[line_id] = (returned, pending, earlier)
    return out


def load_sale(
    s: Session,
    receipt: SalesReceipt | ReceiptRecord,
    now: datetime,
    *,
    exclude_case_id: int | None = None,
    history: bool = True,
) -> SaleView:
    """The sale with its quantities. ``history=False`` leaves out the list of earlier
    cases and the store's name, which a check inside a write does not need. The days since
    the sale are counted at ``now``, and how far they can be trusted read in the same
    transaction (this till's clock as last measured against head office's)."""
    held = held_quantities(s, receipt.id, exclude_case_id=exclude_case_id)
    lines = []
    for row in s.execute(_LINES, {"receipt_id": receipt.id}):
        returned, pending, earlier = held.get(row.receipt_line_id, (0, 0, 0))
        lines.append(
            SaleLineView(
                **row._mapping, returned_qty=returned, pending_qty=pending, earlier_qty=earlier
            )
        )
    skew = read_clock_skew(s)
    cases: list[Any] = []
    store_name = ""
    if history:
        cases = list(
            s.execute(
                select(AfterSalesCase.case_no, AfterSalesCase.status)
                .where(AfterSalesCase.receipt_id == receipt.id)
                .where(AfterSalesCase.id != (exclude_case_id or -1))
                .order_by(AfterSalesCase.id)
            )
        )
        store_name = s.scalar(select(Store.name).where(Store.id == receipt.store_id)) or ""
    return SaleView(
        receipt_id=receipt.id,
        receipt_no=receipt.receipt_no,
        barcode=receipt.barcode,
        store_name=store_name,
        sold_at=receipt.sold_at,
        days_since_purchase=days_since(receipt.sold_at, now),
        tender=Tender(receipt.tender),
        total_fen=receipt.total_fen,
        paid_fen=receipt.paid_fen,
        lines=tuple(lines),
        earlier_cases=tuple((no, CaseStatus(st)) for no, st in cases),
        date=date_trust(receipt.sold_at, now, skew.skew_s if skew is not None else None),
    )


def find_sale(db: Database, receipt_no: str, now: datetime) -> SaleView | None:
    """The sale with this receipt number in the local mirror, or None."""
    with db.read() as s:
        receipt = receipt_by_no(s, receipt_no)
        if receipt is None:
            return None
        return load_sale(s, receipt, now)


@dataclass(frozen=True, slots=True)
class ProductView:
    id: int
    sku: str
    style_code: str
    name: str
    colour: str
    size: str
    price_fen: int


def products_of_styles(s: Session, style_codes: Iterable[str]) -> dict[str, list[ProductView]]:
    """Every size and colour of each style (by SKU), in one query."""
    out: dict[str, list[ProductView]] = {code: [] for code in style_codes}
    for p in s.scalars(
        select(Product).where(Product.style_code.in_(list(out))).order_by(Product.sku)
    ):
        out[p.style_code].append(_product_view(p))
    return out


def find_product(db: Database, sku: str) -> ProductView | None:
    with db.read() as s:
        p = s.scalar(select(Product).where(Product.sku == sku.strip().upper()))
        return _product_view(p) if p else None


def _product_view(p: Product) -> ProductView:
    return ProductView(p.id, p.sku, p.style_code, p.name, p.colour, p.size, p.price_fen)
