"""What a store may read: itself and its own cases."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, status

from ....contract import NO_NUL, CasePublic, Refusal, StorePublic
from ... import crud
from ..deps import UNAUTHORIZED, CurrentStore, SessionDep

router = APIRouter(tags=["stores"], responses=UNAUTHORIZED)


@router.get("/stores/me", response_model=StorePublic)
def who_am_i(store: CurrentStore) -> StorePublic:
    """The store the token belongs to (the till's "test connection")."""
    return StorePublic(code=store.code, name=store.name, phone=store.phone, address=store.address)


@router.get(
    "/cases/{case_no}",
    response_model=CasePublic,
    responses={404: {"model": Refusal, "description": "no such case of this store"}},
)
def read_case(
    case_no: Annotated[str, Path(min_length=1, max_length=32, pattern=NO_NUL)],
    session: SessionDep,
    store: CurrentStore,
) -> CasePublic:
    """A case of this store as head office last heard of it (its latest snapshot)."""
    case = crud.case_of_store(session, store=store, case_no=case_no)
    if case is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such case of this store")
    return CasePublic(
        case_no=case.case_no, status=case.status, last_seq=case.last_seq, snapshot=case.snapshot
    )
