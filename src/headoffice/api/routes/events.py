"""Stores push their outbox here: each (store, event id) is applied once, in order."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, status
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ....contract import (
    BatchRefused,
    EventBatchIn,
    EventBatchPublic,
    EventResult,
    Problem,
    RequestInvalid,
)
from ... import crud
from ...models import HOStore
from ..deps import BODY_REFUSALS, UNAUTHORIZED, CurrentStore, SessionDep, StrictJSONRoute

router = APIRouter(
    prefix="/events", tags=["events"], responses=UNAUTHORIZED, route_class=StrictJSONRoute
)


@router.post(
    "",
    response_model=EventBatchPublic,
    responses={
        **BODY_REFUSALS,
        409: {"model": BatchRefused, "description": "an event came before the ones it follows"},
        422: {
            "model": BatchRefused | RequestInvalid,
            "description": "an event id was reused with another content, or the batch is "
            "not plain JSON or does not fit this schema",
        },
    },
)
def push_events(batch: EventBatchIn, session: SessionDep, store: CurrentStore) -> EventBatchPublic:
    """Apply a batch of events, all or nothing.

    A resent event gets the same answer ("duplicate"). If an event of a case comes before
    the ones it follows, nothing of the batch is stored and the answer (409) says which
    sequence number that case expects, so the till resends from there.

    The body may come gzipped (``Content-Encoding: gzip``), as tills send it: a batch packs
    to a twentieth of its size. It is taken up to 8 MiB, as sent and once unpacked.
    """
    for attempt in range(3):
        try:
            results = _apply_batch(session, store, batch)
            session.commit()
            return EventBatchPublic(results=results)
        except IntegrityError:
            # Another copy of these events (a till resending after a timeout while the
            # first copy was still being applied) committed first: apply again, and the
            # events it stored are answered "duplicate".
            session.rollback()
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _apply_batch(session: Session, store: HOStore, batch: EventBatchIn) -> list[EventResult]:
    try:
        results = crud.apply_events(session, store=store, events=batch.events)
    except crud.EventRefused as refused:
        session.rollback()
        if isinstance(refused, crud.SequenceGap):
            answer = status.HTTP_409_CONFLICT
            problem = Problem(
                code="sequence_gap",
                event_id=refused.event_id,
                case_no=refused.case_no,
                expected_seq=refused.expected,
            )
        else:
            answer = status.HTTP_422_UNPROCESSABLE_CONTENT
            problem = Problem(
                code="event_id_reused", event_id=refused.event_id, case_no=refused.case_no
            )
        raise HTTPException(answer, problem.model_dump()) from None
    return [
        EventResult(event_id=event.event_id, result=result)
        for event, result in zip(batch.events, results, strict=True)
    ]
