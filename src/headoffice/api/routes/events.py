"""Stores push their outbox here: each (store, event id) is applied once, in order."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, status
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ....contract import (
    BatchRefused,
    EventBatchIn,
    EventBatchPublic,
    EventIn,
    EventResult,
    Problem,
    RequestInvalid,
)
from ... import crud, tills
from ...core import logs
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
        409: {
            "model": BatchRefused,
            "description": "an event came before the ones it follows (sequence_gap); or "
            "the sender's till number is another install's, an event's case number is of "
            "another till, or another computer already used that case number (till_in_use)",
        },
        422: {
            "model": BatchRefused | RequestInvalid,
            "description": "an event head office refuses, named with the reason (an event "
            "id reused with another content; a case number or a sale of another store; "
            "more returned than sold or paid back than paid; a status the case cannot "
            "take next), or a batch that is not plain JSON or does not fit this schema",
        },
    },
)
def push_events(batch: EventBatchIn, session: SessionDep, store: CurrentStore) -> EventBatchPublic:
    """Apply a batch of events, all or nothing.

    A resent event gets the same answer ("duplicate"). If an event of a case comes before
    the ones it follows, nothing of the batch is stored and the answer (409) says which
    sequence number that case expects, so the till resends from there.

    A batch that says who sends it (``sender``: the till's install and number) is refused
    whole (409, ``till_in_use``) if another install holds that till number (the first to
    claim it, at enrolment or with its first batch), if an event's case number is of
    another till, or if another computer already used an event's case number.

    Each new event is checked against what head office knows: the case number and the
    sale are the sending store's, no more is returned than was sold nor paid back than
    was paid, and the status follows the case's previous one as the till's state machine
    allows. The first event that fails is named in a 422 with the reason, and nothing of
    the batch is stored. An event whose times cannot be right (before the sale, far ahead
    of head office's clock) is taken and flagged for IT.

    The body may come gzipped (``Content-Encoding: gzip``), as tills send it: a batch packs
    to a twentieth of its size. It is taken up to 8 MiB, as sent and once unpacked.
    """
    for attempt in range(3):
        try:
            results = _apply_batch(session, store, batch)
            session.commit()
            applied = sum(r.result == "applied" for r in results)
            logs.EVENTS.info(
                "batch applied",
                extra={
                    "store": store.code,
                    "applied": applied,
                    "duplicate": len(results) - applied,
                },
            )
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
        tills.check_sender(session, store=store, batch=batch)
        results = crud.apply_events(session, store=store, events=batch.events)
    except tills.TillInUse as in_use:
        session.rollback()
        raise _till_in_use(batch, in_use.event or batch.events[0]) from None
    except crud.EventRefused as refused:
        session.rollback()
        taken = (
            tills.case_number_taken(batch, refused.event_id, refused.expected)
            if isinstance(refused, crud.SequenceGap)
            else None
        )
        if taken is not None:
            tills.log.warning(
                "store %s: case %s event %d from install %s is another computer's number",
                store.code,
                taken.case_no,
                taken.seq,
                batch.sender.install_id if batch.sender else "",
            )
            raise _till_in_use(batch, taken) from None
        answer = status.HTTP_422_UNPROCESSABLE_CONTENT
        if isinstance(refused, crud.SequenceGap):
            answer = status.HTTP_409_CONFLICT
            problem = Problem(
                code="sequence_gap",
                event_id=refused.event_id,
                case_no=refused.case_no,
                expected_seq=refused.expected,
                reason=f"send this case from event {refused.expected}: head office lacks "
                "the events before this one",
            )
        elif isinstance(refused, crud.EventUnfit):
            problem = Problem(
                code=refused.code,
                event_id=refused.event_id,
                case_no=refused.case_no,
                reason=refused.reason,
            )
        else:
            problem = Problem(
                code="event_id_reused",
                event_id=refused.event_id,
                case_no=refused.case_no,
                reason="this event id came before with another content",
            )
        logs.EVENTS.warning(
            "event refused",
            extra={
                "store": store.code,
                "status": answer,
                "code": problem.code,
                "event_id": problem.event_id,
                "case_no": problem.case_no,
                "reason": problem.reason,
                "events_in_batch": len(batch.events),
            },
        )
        raise HTTPException(answer, problem.model_dump(exclude={"till_no"})) from None
    return [
        EventResult(event_id=event.event_id, result=result)
        for event, result in zip(batch.events, results, strict=True)
    ]


def _till_in_use(batch: EventBatchIn, event: EventIn) -> HTTPException:
    till_no = batch.sender.till_no if batch.sender is not None else None
    problem = Problem(
        code="till_in_use",
        event_id=event.event_id,
        case_no=event.case_no,
        till_no=till_no,
        reason=f"till number {till_no} is in use by another computer: enrol this one again",
    )
    return HTTPException(status.HTTP_409_CONFLICT, problem.model_dump())
