"""What a store may read: itself and its own cases."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, status

from ... import crud
from ...schemas import CasePublic, StorePublic
from ..deps import CurrentStore, SessionDep

router = APIRouter(tags=["stores"])


@router.get("/stores/me", response_model=StorePublic)
def who_am_i(store: CurrentStore) -> StorePublic:
    """The store the token belongs to (the till's "test connection")."""
    return StorePublic(code=store.code, name=store.name)


@router.get(
    "/cases/{case_no}",
    response_model=CasePublic,
    responses={404: {"description": "no such case of this store"}},
)
def read_case(case_no: str, session: SessionDep, store: CurrentStore) -> CasePublic:
    case = crud.case_of_store(session, store=store, case_no=case_no)
    if case is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such case of this store")
    return CasePublic(
        case_no=case.case_no, status=case.status, last_seq=case.last_seq, snapshot=case.snapshot
    )
