"""Changes to the till itself, with who allowed them: head office's address and the store's
token. A manager's PIN allows them (once the till has a manager); each is audited, never
with the token itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ..db.engine import Database
from ..db.models import Staff, TillAudit
from .auth import StaffInfo

HEAD_OFFICE_CHANGED = "head_office_changed"


@dataclass(frozen=True, slots=True)
class HeadOfficeChange:
    """One audited change of head office's address or the store's token.

    Attributes:
        manager_no: the manager who allowed it ("" when the till had no manager yet).
        signed_in_no: who was signed in at the till ("" if nobody).
        via: "settings" (the Settings screen) or "enrol" (``aftersales enrol``).
    """

    at: datetime
    manager_no: str
    manager_name: str
    signed_in_no: str
    old_url: str
    new_url: str
    token_changed: bool
    via: str


def record_head_office_change(
    db: Database,
    manager: StaffInfo | None,
    *,
    signed_in: StaffInfo | None,
    old_url: str,
    new_url: str,
    token_changed: bool,
    via: str,
) -> None:
    """Note that head office's address or the store's token changed (one transaction)."""
    with db.write() as s:
        s.add(
            TillAudit(
                staff_id=manager.id if manager else None,
                action=HEAD_OFFICE_CHANGED,
                detail={
                    "old_url": old_url,
                    "new_url": new_url,
                    "token_changed": token_changed,
                    "signed_in": signed_in.staff_no if signed_in else "",
                    "via": via,
                },
            )
        )


def head_office_changes(db: Database) -> list[HeadOfficeChange]:
    """Every audited change of head office's address or token, oldest first."""
    with db.read() as s:
        rows = s.execute(
            select(TillAudit, Staff.staff_no, Staff.name)
            .outerjoin(Staff, Staff.id == TillAudit.staff_id)
            .where(TillAudit.action == HEAD_OFFICE_CHANGED)
            .order_by(TillAudit.id)
        ).all()
        return [
            HeadOfficeChange(
                at=row.at,
                manager_no=no or "",
                manager_name=name or "",
                signed_in_no=str(row.detail.get("signed_in", "")),
                old_url=str(row.detail.get("old_url", "")),
                new_url=str(row.detail.get("new_url", "")),
                token_changed=bool(row.detail.get("token_changed")),
                via=str(row.detail.get("via", "")),
            )
            for row, no, name in rows
        ]
