"""What can go wrong between this till and head office, as codes the screens word.

Apart from :mod:`.outbox` so that the screens can name them without loading the sync
machinery (and SQLAlchemy) at start-up.
"""

from __future__ import annotations

from enum import StrEnum


class SyncProblem(StrEnum):
    UNREACHABLE = "unreachable"  # no network, refused, timed out: try again later
    SERVER_ERROR = "server_error"  # 5xx: try again later
    BAD_REPLY = "bad_reply"  # not what the API says: try again later
    UNAUTHORIZED = "unauthorized"  # 401: the till's credentials are wrong (settings)
    REFUSED = "refused"  # 4xx that will never succeed: those events are parked
    # 409 till_in_use: another computer holds this till's number (or used its case
    # numbers): nothing is sent until the till is enrolled again
    TILL_IN_USE = "till_in_use"


class LinkProblem(StrEnum):
    """What "test connection" found wrong, most fundamental first."""

    UNREACHABLE = "unreachable"  # nothing answers at that address
    UNAUTHORIZED = "unauthorized"  # 401: head office does not know the token
    WRONG_STORE = "wrong_store"  # the token is another store's
    CLOCK_SKEW = "clock_skew"  # works, but the till's clock is off: case times are wrong
    SERVER_ERROR = "server_error"  # 5xx or another unexpected HTTP status
    BAD_REPLY = "bad_reply"  # an answer that is not what the API says
    PLAIN_HTTP = "plain_http"  # http:// to another computer: the token would go in clear
    UNTRUSTED_CERTIFICATE = "untrusted_certificate"  # https, but no trusted CA signed it
