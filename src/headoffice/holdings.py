"""What head office holds of one till: the figures and the case list a till reconciles
its outbox against (``aftersales.sync.reconcile``)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..contract import CaseHeld, TillHoldings
from .models import HOCase, HOStore


def _of_till(store: HOStore, till_no: int) -> str:
    """A LIKE pattern for the case numbers of a till (``{store}-{yymmdd}-{till}-{seq}``,
    ``domain.scan.case_number``), the store's code escaped."""
    code = store.code.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"{code}-{'_' * 6}-{till_no:02d}-{'_' * 4}"


def till_holdings(session: Session, *, store: HOStore, till_no: int) -> TillHoldings:
    cases, events = session.execute(
        select(func.count(), func.coalesce(func.sum(HOCase.last_seq), 0)).where(
            HOCase.store_id == store.id,
            HOCase.case_no.like(_of_till(store, till_no), escape="\\"),
        )
    ).one()
    return TillHoldings(till_no=till_no, cases=int(cases), events=int(events))


def cases_held(
    session: Session, *, store: HOStore, till_no: int, after: str, limit: int
) -> list[CaseHeld]:
    """The till's cases after case number ``after``, by case number, at most ``limit``."""
    rows = session.execute(
        select(HOCase.case_no, HOCase.last_seq)
        .where(
            HOCase.store_id == store.id,
            HOCase.case_no.like(_of_till(store, till_no), escape="\\"),
            HOCase.case_no > after,
        )
        .order_by(HOCase.case_no)
        .limit(limit)
    )
    return [CaseHeld(case_no=case_no, last_seq=last_seq) for case_no, last_seq in rows]
