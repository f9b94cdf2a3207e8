"""What head office holds of a till, for the till to reconcile its outbox against: after
a restore from backup head office may lack events it once confirmed, and only the till
still has them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, status

from ....contract import MAX_HELD_PAGE, NO_NUL, CasesHeld, ResendReport, TillHoldings
from ... import holdings
from ...core import logs
from ..deps import BODY_REFUSALS, UNAUTHORIZED, CurrentStore, SessionDep, StrictJSONRoute

router = APIRouter(
    prefix="/holdings", tags=["holdings"], responses=UNAUTHORIZED, route_class=StrictJSONRoute
)

TillNo = Annotated[int, Path(ge=1, le=99, description="the till's number in its store")]


@router.get("/tills/{till_no}", response_model=TillHoldings)
def till_holdings(till_no: TillNo, session: SessionDep, store: CurrentStore) -> TillHoldings:
    """How many of the till's cases and events head office holds, and its newest revision
    of reference data: cheap enough for a till to ask every few minutes."""
    return holdings.till_holdings(session, store=store, till_no=till_no)


@router.get("/tills/{till_no}/cases", response_model=CasesHeld)
def cases_held(
    till_no: TillNo,
    session: SessionDep,
    store: CurrentStore,
    after: Annotated[str, Query(max_length=32, pattern=NO_NUL)] = "",
    limit: Annotated[int, Query(ge=1, le=MAX_HELD_PAGE)] = MAX_HELD_PAGE,
) -> CasesHeld:
    """The till's cases head office holds, each with the last event applied, by case
    number from after ``after``."""
    items = holdings.cases_held(session, store=store, till_no=till_no, after=after, limit=limit)
    if not after:  # once a comparison, at its first page
        logs.RECONCILE.info(
            "till compares its cases", extra={"store": store.code, "till_no": till_no}
        )
    return CasesHeld(items=items, more=len(items) == limit)


@router.post(
    "/tills/{till_no}/resent", status_code=status.HTTP_204_NO_CONTENT, responses=BODY_REFUSALS
)
def resent(till_no: TillNo, report: ResendReport, store: CurrentStore) -> None:
    """A till says what it is sending again and why; head office writes it in its log."""
    logs.RECONCILE.warning(
        "till sends again what head office no longer held",
        extra={
            "store": store.code,
            "till_no": till_no,
            "events": report.events,
            "cases": report.cases,
            "held_events": report.held_events,
            "sent_events": report.sent_events,
            "reason": report.reason,
        },
    )
