"""Pulling reference data: head office's products, staff, sales, policies and returns into
this till's mirror.

Each kind has a cursor (the last head-office revision held); a pull asks for what changed
after it, page by page, checks every page against the API's schema, and only then applies
everything in one transaction with the new cursors. A malformed or partial reply, or data
that does not fit together (a sale of an unknown product, a policy that does not parse),
is rejected whole: the mirror stays as it was and the till goes on with its last good copy.
"""

from __future__ import annotations

import http.client
import logging
import urllib.error
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..contract import (
    Page,
    PolicyRef,
    ProductRef,
    ReceiptRef,
    ReturnRef,
    StaffRef,
    StorePublic,
)
from ..db.engine import Database
from ..db.models import (
    PolicyDoc,
    Product,
    ReceiptLine,
    RemoteReturn,
    SalesReceipt,
    Staff,
    Store,
    SyncCursor,
)
from ..domain.clock import now_utc
from ..domain.policy import Policy, PolicyError
from .outbox import HeadOffice, get_json
from .problems import SyncProblem
from .skew import measuring
from .wire import PlainHttpRefused, Redirected, ReplyTooLarge

log = logging.getLogger("aftersales.sync")

PAGE = 500
MAX_PAGES = 10_000  # a runaway server cannot keep a till pulling for ever

T = TypeVar("T", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class Kind(Generic[T]):
    name: str
    model: type[T]


# In the order they are applied: a sale names products, a return names a sale.
KINDS: tuple[Kind[Any], ...] = (
    Kind("products", ProductRef),
    Kind("staff", StaffRef),
    Kind("receipts", ReceiptRef),
    Kind("policies", PolicyRef),
    Kind("returns", ReturnRef),
)


class PullRejected(Exception):
    """What head office sent cannot be applied; nothing of it was."""

    def __init__(self, problem: SyncProblem, detail: str) -> None:
        super().__init__(detail)
        self.problem, self.detail = problem, detail


@dataclass(frozen=True, slots=True)
class PullResult:
    changed: dict[str, int] = field(default_factory=dict)
    problem: SyncProblem | None = None
    detail: str = ""
    at: datetime | None = None
    new_policy: str | None = None  # the version now used for new cases, if it changed


def _get(office: HeadOffice, path: str) -> Any:
    """GET a JSON document; :class:`PullRejected` for anything but a 200 with JSON."""
    try:
        return get_json(
            office.url.rstrip("/") + path,
            office.token,
            plain_http_ok=office.allow_plain_http,
            ca_file=office.ca_file,
        )
    except urllib.error.HTTPError as e:
        if e.code == 401:
            raise PullRejected(SyncProblem.UNAUTHORIZED, "the store token is refused") from None
        kind = SyncProblem.SERVER_ERROR if e.code >= 500 else SyncProblem.REFUSED
        raise PullRejected(kind, f"HTTP {e.code} for {path}") from None
    except (TimeoutError, urllib.error.URLError, OSError, http.client.IncompleteRead) as e:
        raise PullRejected(SyncProblem.UNREACHABLE, str(getattr(e, "reason", e))) from None
    except (Redirected, ReplyTooLarge, PlainHttpRefused) as e:
        raise PullRejected(SyncProblem.BAD_REPLY, f"{e} ({path})") from None
    except (http.client.HTTPException, ValueError):
        raise PullRejected(SyncProblem.BAD_REPLY, f"not JSON from {path}") from None


def _fetch(office: HeadOffice, kind: Kind[T], since: int) -> tuple[list[T], int]:
    """Every row of a kind changed after ``since``, and the cursor after the last."""
    items: list[T] = []
    cursor = since
    for _ in range(MAX_PAGES):
        query = urllib.parse.urlencode({"since": cursor, "limit": PAGE})
        body = _get(office, f"/api/v1/reference/{kind.name}?{query}")
        try:
            page = Page[kind.model].model_validate(body)  # type: ignore[name-defined]
        except ValidationError as e:
            first = e.errors()[0]
            where = ".".join(str(x) for x in first["loc"])
            raise PullRejected(
                SyncProblem.BAD_REPLY, f"{kind.name}: {where}: {first['msg']}"
            ) from None
        if page.cursor < cursor or (page.items and page.cursor == cursor):
            raise PullRejected(SyncProblem.BAD_REPLY, f"{kind.name}: the cursor went backwards")
        items.extend(page.items)
        cursor = page.cursor
        if not page.more:
            return items, cursor
    raise PullRejected(SyncProblem.BAD_REPLY, f"{kind.name}: more than {MAX_PAGES} pages")


def cursors(db: Database) -> dict[str, tuple[int, datetime]]:
    with db.read() as s:
        return {c.kind: (c.cursor, c.pulled_at) for c in s.scalars(select(SyncCursor))}


def mirror_age(db: Database) -> datetime | None:
    """When the mirror was last brought up to date in full (every kind), or None."""
    held = cursors(db)
    if any(k.name not in held for k in KINDS):
        return None
    return min(at for _c, at in held.values())


def pull(db: Database, office: HeadOffice) -> PullResult:
    """Bring the mirror up to date with head office, all or nothing; and keep the latest
    measurement of this till's clock against head office's (:mod:`.skew`), whatever the
    data was."""
    with measuring(db):
        return _pull(db, office)


def _pull(db: Database, office: HeadOffice) -> PullResult:
    try:
        store = StorePublic.model_validate(_get(office, "/api/v1/stores/me"))
        held = cursors(db)
        fetched = {
            k.name: _fetch(office, k, held[k.name][0] if k.name in held else 0) for k in KINDS
        }
        with db.write() as s:
            before = _newest_policy(s)
            changed = _apply(s, store, fetched)
            after = _newest_policy(s)
    except ValidationError as e:
        return PullResult(problem=SyncProblem.BAD_REPLY, detail=f"stores/me: {e.errors()[0]}")
    except PullRejected as e:
        log.warning("pull rejected: %s (%s)", e.problem.value, e.detail)
        return PullResult(problem=e.problem, detail=e.detail)
    return PullResult(changed, None, "", now_utc(), after if after != before else None)


def _newest_policy(s: Session) -> str | None:
    return s.scalar(select(PolicyDoc.version).order_by(PolicyDoc.published_at.desc()).limit(1))


def _apply(
    s: Session, store_ref: StorePublic, fetched: dict[str, tuple[list[Any], int]]
) -> dict[str, int]:
    """Write everything fetched in the caller's transaction; raises to roll it all back."""
    store = s.scalar(select(Store).where(Store.code == store_ref.code))
    if store is None:
        store = Store(code=store_ref.code, name=store_ref.name)
        s.add(store)
    store.name, store.phone, store.address = store_ref.name, store_ref.phone, store_ref.address
    s.flush()
    changed = {
        "products": _apply_products(s, fetched["products"][0]),
        "staff": _apply_staff(s, store, fetched["staff"][0]),
        "receipts": _apply_receipts(s, store, fetched["receipts"][0]),
        "policies": _apply_policies(s, fetched["policies"][0]),
        "returns": _apply_returns(s, fetched["returns"][0]),
    }
    now = now_utc()
    for kind, (_items, cursor) in fetched.items():
        row = s.get(SyncCursor, kind)
        if row is None:
            s.add(SyncCursor(kind=kind, cursor=cursor, pulled_at=now))
        else:
            row.cursor, row.pulled_at = cursor, now
    return changed


def _by(s: Session, column: Any, keys: Sequence[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    entity = column.class_
    for i in range(0, len(keys), 500):
        for row in s.scalars(select(entity).where(column.in_(keys[i : i + 500]))):
            out[getattr(row, column.key)] = row
    return out


def _apply_products(s: Session, items: list[ProductRef]) -> int:
    existing = _by(s, Product.sku, [p.sku for p in items])
    for p in items:
        row = existing.get(p.sku)
        if row is None:
            row = Product(sku=p.sku)
            s.add(row)
            existing[p.sku] = row
        for k, v in p.model_dump().items():
            setattr(row, k, v)
    s.flush()
    return len(items)


def _apply_staff(s: Session, store: Store, items: list[StaffRef]) -> int:
    existing = _by(s, Staff.staff_no, [m.staff_no for m in items])
    for m in items:
        row = existing.get(m.staff_no)
        if row is None:
            row = Staff(staff_no=m.staff_no)
            s.add(row)
            existing[m.staff_no] = row
        for k, v in m.model_dump().items():
            setattr(row, k, v)
        row.store_id = store.id
    s.flush()
    return len(items)


def _apply_receipts(s: Session, store: Store, items: list[ReceiptRef]) -> int:
    """Add the sales this till has not got (a sale never changes once made)."""
    known = set(_by(s, SalesReceipt.receipt_no, [r.receipt_no for r in items]))
    new = [r for r in items if r.receipt_no not in known]
    skus = sorted({ln.sku for r in new for ln in r.lines})
    product_ids = {sku: p.id for sku, p in _by(s, Product.sku, skus).items()}
    for r in new:
        receipt = SalesReceipt(
            receipt_no=r.receipt_no,
            barcode=r.barcode,
            store_id=store.id,
            till_no=r.till_no,
            sold_at=r.sold_at,
            tender=r.tender,
            total_fen=r.total_fen,
            paid_fen=r.paid_fen,
        )
        for ln in r.lines:
            if ln.sku not in product_ids:
                raise PullRejected(
                    SyncProblem.BAD_REPLY, f"receipts: {r.receipt_no} sells unknown {ln.sku}"
                )
            receipt.lines.append(
                ReceiptLine(
                    line_no=ln.line_no,
                    product_id=product_ids[ln.sku],
                    qty=ln.qty,
                    unit_price_fen=ln.unit_price_fen,
                    discount_fen=ln.discount_fen,
                    paid_fen=ln.paid_fen,
                )
            )
        s.add(receipt)
    s.flush()
    return len(new)


def _apply_policies(s: Session, items: list[PolicyRef]) -> int:
    added = 0
    for p in items:
        try:
            policy = Policy.from_toml(p.toml)
        except PolicyError as e:
            raise PullRejected(
                SyncProblem.BAD_REPLY, f"policies: {p.version}: {e.key}: {e.problem}"
            ) from None
        if policy.version != p.version:
            raise PullRejected(
                SyncProblem.BAD_REPLY, f"policies: {p.version} says it is {policy.version}"
            )
        if s.get(PolicyDoc, p.version) is None:
            s.add(PolicyDoc(version=p.version, toml=p.toml, published_at=p.published_at))
            added += 1
    s.flush()
    return added


def _apply_returns(s: Session, items: list[ReturnRef]) -> int:
    for r in items:
        row = s.scalar(
            select(RemoteReturn).where(
                RemoteReturn.case_no == r.case_no,
                RemoteReturn.receipt_no == r.receipt_no,
                RemoteReturn.line_no == r.line_no,
            )
        )
        if row is None:
            row = RemoteReturn(case_no=r.case_no, receipt_no=r.receipt_no, line_no=r.line_no)
            s.add(row)
        row.till_no, row.qty, row.status, row.conflict = r.till_no, r.qty, r.status, r.conflict
    s.flush()
    return len(items)


def conflicted_cases(s: Session) -> set[str]:
    """Case numbers head office flagged: more of a sale returned than was sold."""
    return set(s.scalars(select(RemoteReturn.case_no).where(RemoteReturn.conflict)))
