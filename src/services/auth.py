"""Staff sign-in and manager approval by PIN. PINs are stored only as Argon2id hashes.

Hashing takes tens of milliseconds on purpose: call these from a worker thread, never the
UI thread. Five wrong PINs in a row lock that staff number for a minute.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from ..db.engine import Database
from ..db.models import Staff
from ..domain.codes import Role

MAX_FAILURES = 5
LOCK_SECONDS = 60.0
FORGET_SECONDS = 15 * 60.0  # wrong PINs further apart than this do not add up

_hasher = PasswordHasher()  # argon2-cffi's default type is Argon2id


def hash_pin(pin: str) -> str:
    return _hasher.hash(pin)


class AuthProblem(StrEnum):
    UNKNOWN_STAFF = "unknown_staff"
    WRONG_PIN = "wrong_pin"
    INACTIVE = "inactive"
    LOCKED = "locked"
    NOT_MANAGER = "not_manager"
    SAME_AS_CASHIER = "same_as_cashier"
    EMPTY = "empty"


class AuthError(Exception):
    """A sign-in or approval was refused: ``problem`` says why, ``seconds`` how long a
    lock lasts."""

    def __init__(self, problem: AuthProblem, seconds: int = 0) -> None:
        super().__init__(problem.value)
        self.problem = problem
        self.seconds = seconds


@dataclass(frozen=True, slots=True)
class StaffInfo:
    id: int
    staff_no: str
    name: str
    role: Role

    @property
    def is_manager(self) -> bool:
        return self.role is Role.MANAGER


class _Throttle:
    """Counts wrong PINs per staff number, in memory (a restart is no way around a lock
    that lasts one minute)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._fails: dict[str, tuple[int, float]] = {}

    def check(self, staff_no: str) -> None:
        with self._lock:
            count, until = self._fails.get(staff_no, (0, 0.0))
            left = until - time.monotonic()
            if count >= MAX_FAILURES and left > 0:
                raise AuthError(AuthProblem.LOCKED, seconds=int(left) + 1)
            if count >= MAX_FAILURES:
                self._fails.pop(staff_no, None)

    def failed(self, staff_no: str) -> None:
        with self._lock:
            now = time.monotonic()
            count, until = self._fails.get(staff_no, (0, 0.0))
            if now - (until - LOCK_SECONDS) > FORGET_SECONDS:
                count = 0
            self._fails[staff_no] = (count + 1, now + LOCK_SECONDS)

    def succeeded(self, staff_no: str) -> None:
        with self._lock:
            self._fails.pop(staff_no, None)


_throttle = _Throttle()


def authenticate(db: Database, staff_no: str, pin: str) -> StaffInfo:
    """The staff member with this number and PIN, or :class:`AuthError`."""
    staff_no = staff_no.strip()
    if not staff_no or not pin:
        raise AuthError(AuthProblem.EMPTY)
    _throttle.check(staff_no)
    with db.read() as s:
        staff = s.scalar(select(Staff).where(Staff.staff_no == staff_no))
        info = (
            None
            if staff is None
            else StaffInfo(staff.id, staff.staff_no, staff.name, Role(staff.role))
        )
        pin_hash = staff.pin_hash if staff else None
        active = staff.active if staff else False
    if info is None or pin_hash is None:
        # Spend the same time as a real check, so a staff number cannot be probed.
        try:
            _hasher.verify(_dummy_hash(), pin)
        except VerificationError:
            pass
        _throttle.failed(staff_no)
        raise AuthError(AuthProblem.UNKNOWN_STAFF)
    try:
        _hasher.verify(pin_hash, pin)
    except (VerificationError, InvalidHashError):
        _throttle.failed(staff_no)
        raise AuthError(AuthProblem.WRONG_PIN) from None
    if not active:
        raise AuthError(AuthProblem.INACTIVE)
    _throttle.succeeded(staff_no)
    return info


def authenticate_manager(
    db: Database, staff_no: str, pin: str, *, cashier_id: int | None
) -> StaffInfo:
    """A manager approving with their PIN: other than the cashier on the case, if the
    approval is of a case (``cashier_id``; None for a change to the till itself)."""
    info = authenticate(db, staff_no, pin)
    if not info.is_manager:
        raise AuthError(AuthProblem.NOT_MANAGER)
    if cashier_id is not None and info.id == cashier_id:
        raise AuthError(AuthProblem.SAME_AS_CASHIER)
    return info


def has_manager(db: Database) -> bool:
    """Whether this till knows an active manager (one who could approve by PIN)."""
    with db.read() as s:
        return (
            s.scalar(
                select(Staff.id).where(Staff.role == Role.MANAGER.value, Staff.active).limit(1)
            )
            is not None
        )


_DUMMY: list[str] = []


def _dummy_hash() -> str:
    if not _DUMMY:
        _DUMMY.append(_hasher.hash("not-a-pin"))
    return _DUMMY[0]


def reset_throttle() -> None:
    """Forget wrong-PIN counts (tests)."""
    global _throttle
    _throttle = _Throttle()
