"""Who this till is to head office: its install id (made when it enrolled, kept in the
till's ``app_setting`` table) and the till number it enrolled as.

A till number is two digits of every case number, so head office lets one install hold
each number of a store (the first to claim it): a second computer enrolled as the same
till, or a copy of this database enrolled again, is refused. A till enrolled before
install ids existed gets one the first time it syncs, and claims its number with its
first batch.
"""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

from sqlalchemy import select

from ..contract import TillIdentity
from ..db.engine import Database
from ..db.models import AppSetting

INSTALL_ID = "install_id"
"""The setting that holds the install id this till sends as."""
ENROLLING_ID = "enrolling_install_id"
"""An install id claimed by an enrolment that has not finished (head office holds the
number for it): the next try goes on with it rather than being refused by its own claim."""


INSTALL_PLACE = "install_place"
"""Where the install id was made: a digest of this computer's identity and the database
file's place (:func:`place_of`). A copy of the database elsewhere is another install."""


def _machine_id() -> str:
    for name in ("/etc/machine-id", "/var/lib/dbus/machine-id"):
        try:
            text = Path(name).read_text("ascii").strip()
        except OSError:
            continue
        if text:
            return text
    return f"node-{uuid.getnode():012x}"  # no machine id (Windows): the network card's


def place_of(db: Database) -> str:
    """This computer and this database file, as a digest: the same till re-enrolled (a new
    token, say) keeps its install id; its database copied to another computer or folder
    does not."""
    where = f"{_machine_id()}\0{Path(db.path).resolve()}"
    return hashlib.sha256(where.encode()).hexdigest()


def same_install(db: Database) -> str | None:
    """The install id this database holds, if it was made here (:func:`place_of`)."""
    held = setting(db, INSTALL_ID)
    return held if held and setting(db, INSTALL_PLACE) == place_of(db) else None


def new_install_id() -> str:
    return str(uuid.uuid4())


def setting(db: Database, key: str) -> str | None:
    with db.read() as s:
        return s.scalar(select(AppSetting.value).where(AppSetting.key == key))


def put_setting(db: Database, key: str, value: str) -> None:
    with db.write() as s:
        row = s.get(AppSetting, key)
        if row is None:
            s.add(AppSetting(key=key, value=value))
        else:
            row.value = value


def sender(db: Database) -> TillIdentity | None:
    """This till as its batches name it; None if it has no till number (not enrolled).

    A till enrolled before install ids existed makes its id now, once."""
    with db.read() as s:
        values = {
            row.key: row.value
            for row in s.scalars(
                select(AppSetting).where(AppSetting.key.in_((INSTALL_ID, "till_no")))
            )
        }
    till_no = values.get("till_no")
    if till_no is None or not till_no.isdigit() or not 1 <= int(till_no) <= 99:
        return None
    install_id = values.get(INSTALL_ID)
    if install_id is None:
        with db.write() as s:
            row = s.get(AppSetting, INSTALL_ID)
            if row is None:  # unless another thread of this till made it just now
                row = AppSetting(key=INSTALL_ID, value=new_install_id())
                s.add(row)
                place = s.get(AppSetting, INSTALL_PLACE)
                if place is None:
                    s.add(AppSetting(key=INSTALL_PLACE, value=place_of(db)))
                else:
                    place.value = place_of(db)
            install_id = row.value
    return TillIdentity(install_id=install_id, till_no=int(till_no))
