"""What tills mirror: each kind's rows changed after the revision a till already holds."""

from __future__ import annotations

from typing import Annotated, TypeVar

from fastapi import APIRouter, Query

from ....contract import Page, PolicyRef, ProductRef, ReceiptRef, ReturnRef, StaffRef
from ... import reference
from ..deps import UNAUTHORIZED, CurrentStore, SessionDep

router = APIRouter(prefix="/reference", tags=["reference"], responses=UNAUTHORIZED)

T = TypeVar("T")
Since = Annotated[int, Query(ge=0, le=2**62, description="the cursor of the last page held")]
Limit = Annotated[int, Query(ge=1, le=1000)]


def _page(rows: list[tuple[int, T]], since: int, limit: int) -> Page[T]:
    return Page[T](
        items=[item for _rev, item in rows],
        cursor=rows[-1][0] if rows else since,
        more=len(rows) == limit,
    )


@router.get("/products", response_model=Page[ProductRef])
def products(
    session: SessionDep, store: CurrentStore, since: Since = 0, limit: Limit = 500
) -> Page[ProductRef]:
    """Products (all stores sell the same range), by SKU."""
    return _page(reference.products_after(session, since=since, limit=limit), since, limit)


@router.get("/staff", response_model=Page[StaffRef])
def staff(
    session: SessionDep, store: CurrentStore, since: Since = 0, limit: Limit = 500
) -> Page[StaffRef]:
    """This store's staff with their roles and PIN hashes (so tills sign in offline)."""
    rows = reference.staff_after(session, store=store, since=since, limit=limit)
    return _page(rows, since, limit)


@router.get("/receipts", response_model=Page[ReceiptRef])
def receipts(
    session: SessionDep, store: CurrentStore, since: Since = 0, limit: Limit = 500
) -> Page[ReceiptRef]:
    """This store's sales receipts with their lines."""
    rows = reference.receipts_after(session, store=store, since=since, limit=limit)
    return _page(rows, since, limit)


@router.get("/policies", response_model=Page[PolicyRef])
def policies(
    session: SessionDep, store: CurrentStore, since: Since = 0, limit: Limit = 500
) -> Page[PolicyRef]:
    """Published return policies, oldest first; a till uses the newest for new cases."""
    return _page(reference.policies_after(session, since=since, limit=limit), since, limit)


@router.get("/returns", response_model=Page[ReturnRef])
def returns(
    session: SessionDep, store: CurrentStore, since: Since = 0, limit: Limit = 500
) -> Page[ReturnRef]:
    """What each case of this store (from any of its tills) takes back of each receipt
    line, and whether more of a line is returned than was sold (a conflict)."""
    rows = reference.returns_after(session, store=store, since=since, limit=limit)
    return _page(rows, since, limit)
