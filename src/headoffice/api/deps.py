"""Request dependencies: a session per request, and the store a request comes from; and
the JSON a request body may hold."""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Coroutine, Iterator
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request, Response, status
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from ...contract import DEMO_STORE_TOKEN, Refusal
from .. import crud
from ..core import jsontext, logs
from ..models import HOStore

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
    request: Request,
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> HOStore:
    """The enrolled store whose token the request carries; 401 otherwise, nothing stored
    (logged without the token: whether there was one, and from where).

    The demo store's token is in the README and on every demo till: it opens only a head
    office started with ``serve --demo``, never a real one (even one that ran as the demo
    once, and still has the demo store's row)."""
    store = None
    if credentials is not None and credentials.scheme.lower() == "bearer":
        if credentials.credentials == DEMO_STORE_TOKEN and not request.app.state.demo:
            logs.AUTH.warning(
                "refused the demo store's token: this head office was not started with --demo",
                extra={"client": request.client.host if request.client else ""},
            )
        else:
            store = crud.store_by_token(session, token=credentials.credentials)
    if store is None:
        logs.AUTH.warning(
            "store token refused",
            extra={
                "token_sent": credentials is not None,
                "client": request.client.host if request.client else "",
                "path": request.url.path,
            },
        )
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "missing or unknown store token",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return store


CurrentStore = Annotated[HOStore, Depends(current_store)]


# -- request bodies: plain JSON only, perhaps gzipped -------------------------------------

BODY_REFUSALS: dict[int | str, dict[str, Any]] = {
    400: {
        "model": Refusal,
        "description": "the body is not JSON text in UTF-8, or not whole gzip when sent so",
    },
    413: {
        "model": Refusal,
        "description": "the body is larger than head office takes (8 MiB, as sent and "
        "once unpacked); in words when the request said its length, else as JSON",
        "content": {"text/plain": {"schema": {"type": "string"}}},
    },
    415: {"model": Refusal, "description": "a Content-Encoding other than gzip"},
}
"""The answers every route that reads a body with :class:`StrictJSONRoute` may give."""

MAX_BODY_BYTES = 8 * 1024 * 1024
"""The largest request body taken (413 beyond), as sent and, if gzipped, once unpacked: a
batch of the most events a request may hold is well under a megabyte; a till that meets a
smaller limit (a proxy's) halves its batches."""


def unpack(body: bytes, encoding: str | None) -> bytes:
    """A request body as sent with ``Content-Encoding: encoding``, unpacked; 413 if it
    unpacks beyond :data:`MAX_BODY_BYTES`, 400 if it is not whole gzip, 415 for an
    encoding other than gzip or identity."""
    name = (encoding or "identity").strip().lower()
    if name == "identity":
        return body
    if name != "gzip":
        raise HTTPException(
            status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
            f"Content-Encoding {encoding!r} is not taken: send gzip, or the JSON as it is",
        )
    unpacker = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)  # gzip's header and trailer
    try:
        # One byte past the limit: had it stopped at the limit, more might be pending.
        plain = unpacker.decompress(body, MAX_BODY_BYTES + 1)
    except zlib.error as e:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, f"the body is not gzip: {e}") from None
    if len(plain) > MAX_BODY_BYTES:
        raise HTTPException(
            status.HTTP_413_CONTENT_TOO_LARGE,
            f"the body unpacks to more than head office takes ({MAX_BODY_BYTES} bytes)",
        )
    if not unpacker.eof or unpacker.unused_data:
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST, "the body is not one whole gzip stream: cut short?"
        )
    return plain


class StrictJSONRequest(Request):
    """A request whose body must be plain JSON (RFC 8259) in UTF-8: no NaN or Infinity,
    no number beyond a double, no unpaired surrogate (:func:`jsontext.loads`). Python's
    own parser takes all three, and none of them can be stored or sent back. The body may
    come gzipped (:func:`unpack`)."""

    async def body(self) -> bytes:
        if not hasattr(self, "_unpacked"):
            raw = await super().body()
            self._unpacked = unpack(raw, self.headers.get("content-encoding"))
        return self._unpacked

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
