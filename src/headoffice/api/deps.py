"""Request dependencies: a session per request, and the store a request comes from."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from .. import crud
from ..models import HOStore

_bearer = HTTPBearer(auto_error=False)


def get_session(request: Request) -> Iterator[Session]:
    with request.app.state.sessions() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def current_store(
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> HOStore:
    """The enrolled store whose token the request carries; 401 otherwise, nothing stored."""
    store = None
    if credentials is not None and credentials.scheme.lower() == "bearer":
        store = crud.store_by_token(session, token=credentials.credentials)
    if store is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "missing or unknown store token",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return store


CurrentStore = Annotated[HOStore, Depends(current_store)]
