"""Staff sign-in and manager approval by PIN, with the lock after five wrong PINs."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select, update

from aftersales.db.models import Staff
from aftersales.domain.codes import Role
from aftersales.services import auth
from aftersales.services.auth import AuthError, AuthProblem, authenticate, authenticate_manager


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    """The lock's clock, moved by hand (only the auth module's view of ``time``)."""
    c = FakeClock()
    monkeypatch.setattr(auth, "time", SimpleNamespace(monotonic=c.monotonic))
    return c


@pytest.fixture
def quick_hashes(shop: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Store the staff PINs as low-cost Argon2id hashes.

    The lock tests check many PINs; what they test is the counting, not the hash's cost
    (which is in each stored hash, so this changes nothing else about the check).
    """
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    with shop.db.write() as s:
        for person in (shop.cashier, shop.manager, shop.manager2):
            s.execute(
                update(Staff).where(Staff.id == person.id).values(pin_hash=cheap.hash(person.pin))
            )
    monkeypatch.setattr(auth, "_DUMMY", [cheap.hash("not-a-pin")])


def problem(db: Any, staff_no: str, pin: str) -> AuthProblem:
    with pytest.raises(AuthError) as exc:
        authenticate(db, staff_no, pin)
    return exc.value.problem


def test_right_pin(shop: Any) -> None:
    info = authenticate(shop.db, "C001", "1111")
    assert (info.id, info.staff_no, info.name, info.role) == (
        shop.cashier.id,
        "C001",
        "王小丽",
        Role.CASHIER,
    )
    assert not info.is_manager
    assert authenticate(shop.db, " M001 ", "2222").is_manager


def test_pins_are_stored_as_argon2id(shop: Any) -> None:
    with shop.db.read() as s:
        stored = s.scalar(select(Staff.pin_hash).where(Staff.staff_no == "C001"))
    assert stored is not None and stored.startswith("$argon2id$")
    assert PasswordHasher().verify(stored, "1111")


@pytest.mark.parametrize(
    ("staff_no", "pin", "expected"),
    [
        pytest.param("C001", "1112", AuthProblem.WRONG_PIN, id="wrong-pin"),
        pytest.param("C001", "2222", AuthProblem.WRONG_PIN, id="someone-elses-pin"),
        pytest.param("X999", "1111", AuthProblem.UNKNOWN_STAFF, id="unknown-staff"),
        pytest.param("c001", "1111", AuthProblem.UNKNOWN_STAFF, id="staff-no-is-exact"),
        pytest.param("", "1111", AuthProblem.EMPTY, id="no-staff-no"),
        pytest.param("   ", "1111", AuthProblem.EMPTY, id="blank-staff-no"),
        pytest.param("C001", "", AuthProblem.EMPTY, id="no-pin"),
    ],
)
def test_refused(shop: Any, staff_no: str, pin: str, expected: AuthProblem) -> None:
    assert problem(shop.db, staff_no, pin) is expected


def test_inactive_staff(shop: Any) -> None:
    with shop.db.write() as s:
        s.execute(update(Staff).where(Staff.staff_no == "C001").values(active=False))
    assert problem(shop.db, "C001", "1111") is AuthProblem.INACTIVE
    # A wrong PIN still says wrong PIN: an inactive account tells nothing more.
    assert problem(shop.db, "C001", "0000") is AuthProblem.WRONG_PIN


@pytest.mark.usefixtures("quick_hashes")
def test_manager_approval(shop: Any) -> None:
    info = authenticate_manager(shop.db, "M001", "2222", cashier_id=shop.cashier.id)
    assert info.id == shop.manager.id
    with pytest.raises(AuthError) as exc:
        authenticate_manager(shop.db, "C001", "1111", cashier_id=shop.manager.id)
    assert exc.value.problem is AuthProblem.NOT_MANAGER
    with pytest.raises(AuthError) as exc:
        authenticate_manager(shop.db, "M001", "2222", cashier_id=shop.manager.id)
    assert exc.value.problem is AuthProblem.SAME_AS_CASHIER
    with pytest.raises(AuthError) as exc:
        authenticate_manager(shop.db, "M001", "9999", cashier_id=shop.cashier.id)
    assert exc.value.problem is AuthProblem.WRONG_PIN
    with pytest.raises(AuthError) as exc:
        authenticate_manager(shop.db, "M404", "2222", cashier_id=shop.cashier.id)
    assert exc.value.problem is AuthProblem.UNKNOWN_STAFF


@pytest.mark.usefixtures("quick_hashes")
def test_five_wrong_pins_lock_the_staff_number(shop: Any, clock: FakeClock) -> None:
    for _ in range(auth.MAX_FAILURES):
        assert problem(shop.db, "M001", "0000") is AuthProblem.WRONG_PIN
    with pytest.raises(AuthError) as exc:
        authenticate(shop.db, "M001", "2222")  # even the right PIN
    assert exc.value.problem is AuthProblem.LOCKED
    assert exc.value.seconds == 61
    # Only that staff number is locked.
    assert authenticate(shop.db, "M002", "3333").staff_no == "M002"
    # The lock runs from the last wrong PIN and lasts a minute.
    clock.now += 30
    with pytest.raises(AuthError) as exc:
        authenticate_manager(shop.db, "M001", "2222", cashier_id=shop.cashier.id)
    assert exc.value.problem is AuthProblem.LOCKED and exc.value.seconds == 31
    clock.now += 31
    assert authenticate(shop.db, "M001", "2222").staff_no == "M001"


@pytest.mark.usefixtures("quick_hashes")
def test_after_the_lock_the_count_starts_again(shop: Any, clock: FakeClock) -> None:
    for _ in range(auth.MAX_FAILURES):
        problem(shop.db, "C001", "0000")
    clock.now += auth.LOCK_SECONDS + 1
    assert problem(shop.db, "C001", "0000") is AuthProblem.WRONG_PIN
    assert authenticate(shop.db, "C001", "1111").staff_no == "C001"


@pytest.mark.usefixtures("quick_hashes")
def test_a_right_pin_resets_the_count(shop: Any, clock: FakeClock) -> None:
    for _ in range(auth.MAX_FAILURES - 1):
        problem(shop.db, "C001", "0000")
    authenticate(shop.db, "C001", "1111")
    for _ in range(auth.MAX_FAILURES - 1):
        problem(shop.db, "C001", "0000")
    assert authenticate(shop.db, "C001", "1111").staff_no == "C001"


@pytest.mark.usefixtures("quick_hashes")
def test_unknown_staff_numbers_lock_too(shop: Any, clock: FakeClock) -> None:
    """Probing for staff numbers is throttled like guessing PINs."""
    for _ in range(auth.MAX_FAILURES):
        assert problem(shop.db, "X999", "1111") is AuthProblem.UNKNOWN_STAFF
    assert problem(shop.db, "X999", "1111") is AuthProblem.LOCKED


@pytest.mark.usefixtures("quick_hashes")
def test_reset_throttle_forgets(shop: Any, clock: FakeClock) -> None:
    for _ in range(auth.MAX_FAILURES):
        problem(shop.db, "C001", "0000")
    auth.reset_throttle()
    assert authenticate(shop.db, "C001", "1111").staff_no == "C001"
