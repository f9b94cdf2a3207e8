"""A till claims its number at enrolment: the first install to claim a number holds it."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, status
from sqlalchemy.exc import IntegrityError

from ....contract import TillIdentity, TillInUse, TillPublic, TillRefused
from ... import tills
from ..deps import BODY_REFUSALS, UNAUTHORIZED, CurrentStore, SessionDep, StrictJSONRoute

router = APIRouter(
    prefix="/tills", tags=["tills"], responses=UNAUTHORIZED, route_class=StrictJSONRoute
)


@router.post(
    "/claim",
    response_model=TillPublic,
    responses={
        **BODY_REFUSALS,
        409: {
            "model": TillRefused,
            "description": "another install holds this till number: enrol as another "
            "number, or IT releases it (aftersales-headoffice release-till)",
        },
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
