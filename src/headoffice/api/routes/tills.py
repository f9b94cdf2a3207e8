"""A till claims its number at enrolment: the first install to claim a number holds it."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, status
from sqlalchemy.exc import IntegrityError

from ....contract import Refusal, TillIdentity, TillInUse, TillPublic, TillRefused
from ... import tills
from ..deps import UNAUTHORIZED, CurrentStore, SessionDep, StrictJSONRoute

router = APIRouter(
    prefix="/tills", tags=["tills"], responses=UNAUTHORIZED, route_class=StrictJSONRoute
)


@router.post(
    "/claim",
    response_model=TillPublic,
    responses={
        400: {
            "model": Refusal,
            "description": "the body is not JSON text in UTF-8, or not whole gzip when sent so",
        },
        409: {
            "model": TillRefused,
            "description": "another install holds this till number: enrol as another "
            "number, or IT releases it (aftersales-headoffice release-till)",
        },
        413: {
            "model": Refusal,
            "description": "the body is larger than head office takes (8 MiB, as sent and "
            "once unpacked)",
            "content": {"text/plain": {"schema": {"type": "string"}}},
        },
        415: {"model": Refusal, "description": "a Content-Encoding other than gzip"},
    },
)
def claim_till(identity: TillIdentity, session: SessionDep, store: CurrentStore) -> TillPublic:
    """Hold a till number of the token's store for the install enrolling as it.

    The first install to claim a number holds it, and its claims after are answered the
    same; another install is refused (409, ``till_in_use``), so that two computers never
    make the same case numbers."""
    for attempt in range(2):
        try:
            row = tills.claim_till(
                session, store=store, till_no=identity.till_no, install_id=identity.install_id
            )
            session.commit()
        except tills.TillInUse:
            session.rollback()
            refused = TillInUse(code="till_in_use", till_no=identity.till_no)
            raise HTTPException(status.HTTP_409_CONFLICT, refused.model_dump()) from None
        except IntegrityError:
            # Another install claimed the number at the same moment: look again.
            session.rollback()
            if attempt == 1:
                raise
            continue
        return TillPublic(
            till_no=row.till_no,
            install_id=row.install_id,
            claimed_at=row.claimed_at,
            last_seen_at=row.last_seen_at,
        )
    raise AssertionError("unreachable")
