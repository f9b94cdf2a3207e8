"""Joining head office: a till learns its store, and mirrors the store's reference data.

``aftersales enrol URL CODE`` (and the settings screen) check who the token belongs to,
claim the till number for this install, pull everything once, and only then record the
store, till number and install id, so that a till is never half-joined: either it has the
store's products, staff and sales, or nothing changed.

An enrolment keeps the install id only where it was made (:mod:`.identity`: this computer,
this database file), so the same till enrolled again (a new store token, say) keeps its
number; a copy of an enrolled till's database carries the original's id, and enrolled again
elsewhere it must not pass for the original: it makes a new id, and head office refuses a
till number another computer holds, the copy's as any other's.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ..contract import TillIdentity
from ..db.engine import Database
from ..db.models import AppSetting, Store, Till
from .identity import (
    ENROLLING_ID,
    INSTALL_ID,
    INSTALL_PLACE,
    new_install_id,
    place_of,
    put_setting,
    same_install,
    setting,
)
from .outbox import HeadOffice, check_link, claim_till
from .problems import LinkProblem, SyncProblem
from .pull import PullResult, pull


class EnrolFailed(Exception):
    """Head office could not be joined; nothing was changed. ``detail`` says why."""

    def __init__(self, problem: LinkProblem | SyncProblem | None, detail: str) -> None:
        super().__init__(detail)
        self.problem, self.detail = problem, detail


@dataclass(frozen=True, slots=True)
class Enrolled:
    store_code: str
    store_name: str
    till_no: int
    pulled: PullResult


def enrol(db: Database, office: HeadOffice, store_code: str, till_no: int) -> Enrolled:
    """Join store ``store_code`` as till ``till_no``; :class:`EnrolFailed` if it cannot."""
    if not 1 <= till_no <= 99:
        raise EnrolFailed(None, f"the till number must be 1 to 99, not {till_no}")
    link = check_link(office, store_code)
    if link.problem is LinkProblem.WRONG_STORE:
        raise EnrolFailed(
            link.problem,
            f"this token belongs to store {link.store_code}, not {store_code}: check both",
        )
    if link.problem is LinkProblem.CLOCK_SKEW:
        raise EnrolFailed(
            link.problem,
            f"this computer's clock is {link.skew_s:+.0f} s off head office's: cases are "
            "timestamped here, so set the clock first",
        )
    if link.problem is not None:
        raise EnrolFailed(link.problem, link.detail)
    with db.read() as s:
        current = s.scalar(select(AppSetting.value).where(AppSetting.key == "store_code"))
    if current and current != store_code:
        raise EnrolFailed(
            None, f"this till's data belongs to store {current}: use a new data folder"
        )
    # An enrolment that claimed its number and then stopped (the pull failed) goes on with
    # the id head office holds the number for; so does this till enrolled again where it
    # was; anything else is a new install.
    install_id = setting(db, ENROLLING_ID) or same_install(db) or new_install_id()
    problem, detail = claim_till(office, TillIdentity(install_id=install_id, till_no=till_no))
    if problem is SyncProblem.TILL_IN_USE:
        raise EnrolFailed(
            problem,
            f"this till number is in use by another computer: choose another till number, "
            f"or have IT release it (aftersales-headoffice release-till {store_code} "
            f"{till_no}) if that computer is no longer used",
        )
    if problem is not None:
        raise EnrolFailed(problem, detail)
    put_setting(db, ENROLLING_ID, install_id)
    pulled = pull(db, office)
    if pulled.problem is not None:
        raise EnrolFailed(pulled.problem, pulled.detail)
    with db.write() as s:
        store = s.scalars(select(Store).where(Store.code == store_code)).one()
        if s.scalar(select(Till).where(Till.store_id == store.id, Till.till_no == till_no)) is None:
            s.add(Till(store_id=store.id, till_no=till_no, name=f"{till_no}号收银台"))
        settings = (
            ("store_code", store_code),
            ("till_no", str(till_no)),
            (INSTALL_ID, install_id),
            (INSTALL_PLACE, place_of(db)),
        )
        for key, value in settings:
            row = s.get(AppSetting, key)
            if row is None:
                s.add(AppSetting(key=key, value=value))
            else:
                row.value = value
        enrolling = s.get(AppSetting, ENROLLING_ID)
        if enrolling is not None:
            s.delete(enrolling)
        name = store.name
    return Enrolled(store_code, name, till_no, pulled)
