"""What head office holds of a till, for the till to reconcile its outbox against: after
a restore from backup head office may lack events it once confirmed, and only the till
still has them."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Path, Query, status

from ....contract import MAX_HELD_PAGE, NO_NUL, CasesHeld, ResendReport, TillHoldings
from ... import holdings
from ..deps import BODY_REFUSALS, UNAUTHORIZED, CurrentStore, SessionDep, StrictJSONRoute

router = APIRouter(
    prefix="/holdings", tags=["holdings"], responses=UNAUTHORIZED, route_class=StrictJSONRoute
)
log = logging.getLogger("aftersales.headoffice.reconcile")

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
    return CasesHeld(items=items, more=len(items) == limit)


@router.post(
    "/tills/{till_no}/resent", status_code=status.HTTP_204_NO_CONTENT, responses=BODY_REFUSALS
)
def resent(till_no: TillNo, report: ResendReport, store: CurrentStore) -> None:
    """A till says what it is sending again and why; head office writes it in its log."""
    log.warning(
        "store %s till %d sends again %d event(s) of %d case(s): head office held %d "
        "event(s) of the till, which had %d marked as taken (%s)",
        store.code,
        till_no,
        report.events,
        report.cases,
        report.held_events,
        report.sent_events,
        report.reason,
    )
