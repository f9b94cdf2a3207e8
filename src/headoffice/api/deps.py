"""Request dependencies: a session per request, and the store a request comes from; and
the JSON a request body may hold."""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine, Iterator
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request, Response, status
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from .. import crud
from ..core import jsontext
from ..models import HOStore
from ..schemas import Refusal

_bearer = HTTPBearer(auto_error=False)

UNAUTHORIZED: dict[int | str, dict[str, Any]] = {
    401: {
        "model": Refusal,
        "description": "missing or unknown store token",
        "headers": {"WWW-Authenticate": {"schema": {"type": "string", "const": "Bearer"}}},
    }
}
"""The answer every route that needs a store token may give (declare it on the router)."""


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


# -- request bodies: plain JSON only -----------------------------------------------------


class StrictJSONRequest(Request):
    """A request whose body must be plain JSON (RFC 8259) in UTF-8: no NaN or Infinity,
    no number beyond a double, no unpaired surrogate (:func:`jsontext.loads`). Python's
    own parser takes all three, and none of them can be stored or sent back."""

    async def json(self) -> Any:
        body = await self.body()
        try:
            return jsontext.loads(body)
        except jsontext.NotPlainJSON as e:
            # FastAPI answers this as it answers any malformed JSON (422, "json_invalid");
            # a body that is not UTF-8 it answers 400.
            raise json.JSONDecodeError(str(e), body.decode(errors="replace"), 0) from None


class StrictJSONRoute(APIRoute):
    """A route that reads its body with :class:`StrictJSONRequest`."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def strict(request: Request) -> Response:
            return await handler(StrictJSONRequest(request.scope, request.receive))

        return strict
