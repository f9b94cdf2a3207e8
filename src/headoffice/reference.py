"""Reference data the tills mirror, and what head office learns from cases about returns.

Data functions with keyword arguments, like :mod:`.crud`; they never commit. Every change
takes a revision from one counter (:func:`next_rev`), and a till asks for each kind's rows
changed after the last revision it holds.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from typing import Any

from sqlalchemy import case, select, update
from sqlalchemy.orm import Session

from ..contract import (
    PolicyRef,
    ProductRef,
    ReceiptLineRef,
    ReceiptRef,
    ReferenceImport,
    ReturnRef,
    StaffRef,
    StoreRef,
)
from ..domain.codes import TAKES_BACK
from ..domain.policy import Policy, PolicyError
from ..domain.states import CaseStatus
from .core import logs
from .core.db import PLAN_EACH_TIME, dialect_of, insert_rows, one_of
from .models import (
    Base,
    HOCase,
    HOConflict,
    HOCounter,
    HOPolicy,
    HOProduct,
    HOReceipt,
    HOReturn,
    HOStaff,
    HOStore,
)

REV = "rev"
# The most of one receipt line a sale holds (ReceiptLineRef.qty, ReturnRef.qty).
_MOST_OF_A_LINE = 9999


class PolicyRejected(Exception):
    """A policy file head office was asked to publish is not a valid policy."""

    def __init__(self, key: str, problem: str) -> None:
        super().__init__(f"{key}: {problem}")
        self.key, self.problem = key, problem


def next_revs(session: Session, count: int) -> range:
    """Reserve ``count`` revisions, in order; the counter row stays locked until the
    transaction ends, so revisions commit in the order they were given. Nothing is
    reserved (and nothing locked) for none.

    A revision is never below the time it was given (microseconds since 1970), so one is
    never given twice: head office restored from last night's backup goes on from now,
    past every revision it gave before the restore, which tills hold as their cursors
    (counting on from the restored counter, the revisions given since the backup would
    be given again, and tills would skip what carries them)."""
    if count == 0:
        return range(0)
    now = time.time_ns() // 1000
    last = session.execute(
        update(HOCounter)
        .where(HOCounter.name == REV)
        .values(value=case((HOCounter.value > now, HOCounter.value), else_=now) + count)
        .returning(HOCounter.value)
    ).scalar_one()
    return range(int(last) - count + 1, int(last) + 1)


def next_rev(session: Session) -> int:
    """Reserve one revision (see :func:`next_revs`)."""
    return next_revs(session, 1)[0]


# -- writing reference data (seeding, imports, publishing) ------------------------------


def upsert_store_details(session: Session, *, store: HOStore, details: StoreRef) -> None:
    store.name, store.phone, store.address = details.name, details.phone, details.address


def upsert_products(session: Session, *, products: Sequence[ProductRef]) -> int:
    """Add or change products by SKU; returns how many changed."""
    return _upsert(session, HOProduct, "sku", products)


def upsert_staff(session: Session, *, store: HOStore, staff: Sequence[StaffRef]) -> int:
    """Add or change a store's staff by staff number; returns how many changed."""
    return _upsert(session, HOStaff, "staff_no", staff, store_id=store.id)


def _upsert(
    session: Session,
    model: type[HOProduct] | type[HOStaff],
    key: str,
    refs: Sequence[ProductRef] | Sequence[StaffRef],
    **fixed: Any,
) -> int:
    """Add or change rows of ``model`` by their ``key`` column among the rows whose
    ``fixed`` columns have those values (a store's staff: another store's are never
    touched), ``fixed`` set on each; every row added or changed takes a new revision.
    Returns how many changed."""
    if not refs:
        return 0
    column = getattr(model, key)
    scope = [getattr(model, name) == value for name, value in fixed.items()]
    existing = {
        getattr(row, key): row
        for row in session.scalars(
            select(model).where(column.in_([getattr(ref, key) for ref in refs]), *scope)
        )
    }
    changed = [ref for ref in refs if _differs(existing.get(getattr(ref, key)), ref, **fixed)]
    for rev, ref in zip(next_revs(session, len(changed)), changed, strict=True):
        values = {**ref.model_dump(), **fixed, "rev": rev}
        row = existing.get(getattr(ref, key))
        if row is None:
            session.add(model(**values))
        else:
            for k, v in values.items():
                setattr(row, k, v)
    session.flush()
    return len(changed)


def upsert_receipts(session: Session, *, store: HOStore, receipts: Sequence[ReceiptRef]) -> int:
    """Add sales receipts of a store (a receipt already known is left as it is: a sale
    does not change after the fact)."""
    if not receipts:
        return 0
    known = set(
        session.scalars(
            select(HOReceipt.receipt_no).where(
                HOReceipt.receipt_no.in_([r.receipt_no for r in receipts])
            )
        )
    )
    new = [r for r in receipts if r.receipt_no not in known]
    for rev, r in zip(next_revs(session, len(new)), new, strict=True):
        data = r.model_dump(mode="python", exclude={"lines"})
        session.add(
            HOReceipt(
                **data,
                store_id=store.id,
                lines=[ln.model_dump() for ln in r.lines],
                rev=rev,
            )
        )
    session.flush()
    # Cases may have reached head office before their sale did.
    check_conflicts(session, lines={(r.receipt_no, None) for r in new})
    return len(new)


def publish_policy(session: Session, *, toml: str) -> HOPolicy:
    """Check a policy file and publish it: tills take it at their next pull and use it
    from their next case on. The version is the one written in the file; publishing the
    same version twice is refused (a till keeps every version it has decided under)."""
    try:
        policy = Policy.from_toml(toml)
    except PolicyError as e:
        raise PolicyRejected(e.key, e.problem) from None
    if session.scalar(select(HOPolicy.id).where(HOPolicy.version == policy.version)):
        raise PolicyRejected("version", f"version {policy.version} is already published")
    row = HOPolicy(version=policy.version, toml=toml, rev=next_rev(session))
    session.add(row)
    session.flush()
    return row


def _differs(row: Any, ref: Any, **extra: Any) -> bool:
    if row is None:
        return True
    wanted = {**ref.model_dump(), **extra}
    return any(getattr(row, k) != v for k, v in wanted.items())


# -- what tills pull -------------------------------------------------------------------


def products_after(session: Session, *, since: int, limit: int) -> list[tuple[int, ProductRef]]:
    rows = session.scalars(
        select(HOProduct).where(HOProduct.rev > since).order_by(HOProduct.rev).limit(limit)
    )
    return [(r.rev, ProductRef.model_validate(r, from_attributes=True)) for r in rows]


def staff_after(
    session: Session, *, store: HOStore, since: int, limit: int
) -> list[tuple[int, StaffRef]]:
    rows = session.scalars(
        select(HOStaff)
        .where(HOStaff.store_id == store.id, HOStaff.rev > since)
        .order_by(HOStaff.rev)
        .limit(limit)
    )
    return [(r.rev, StaffRef.model_validate(r, from_attributes=True)) for r in rows]


def receipts_after(
    session: Session, *, store: HOStore, since: int, limit: int
) -> list[tuple[int, ReceiptRef]]:
    rows = session.scalars(
        select(HOReceipt)
        .where(HOReceipt.store_id == store.id, HOReceipt.rev > since)
        .order_by(HOReceipt.rev)
        .limit(limit)
    )
    return [
        (
            r.rev,
            ReceiptRef(
                receipt_no=r.receipt_no,
                barcode=r.barcode,
                till_no=r.till_no,
                sold_at=r.sold_at,
                tender=r.tender,
                total_fen=r.total_fen,
                paid_fen=r.paid_fen,
                lines=[ReceiptLineRef.model_validate(ln) for ln in r.lines],
            ),
        )
        for r in rows
    ]


def policies_after(session: Session, *, since: int, limit: int) -> list[tuple[int, PolicyRef]]:
    rows = session.scalars(
        select(HOPolicy).where(HOPolicy.rev > since).order_by(HOPolicy.rev).limit(limit)
    )
    return [(r.rev, PolicyRef.model_validate(r, from_attributes=True)) for r in rows]


def returns_after(
    session: Session, *, store: HOStore, since: int, limit: int
) -> list[tuple[int, ReturnRef]]:
    rows = session.scalars(
        select(HOReturn)
        .where(HOReturn.store_id == store.id, HOReturn.rev > since)
        .order_by(HOReturn.rev)
        .limit(limit)
    )
    return [(r.rev, ReturnRef.model_validate(r, from_attributes=True)) for r in rows]


# -- returns and conflicts, from the cases stores send -----------------------------------


def _takes_back(status: str, snapshot: dict[str, Any]) -> dict[int, int]:
    """How much of each receipt line a case in this state takes back: while the case is
    not cancelled, a line not decided yet or decided as TAKES_BACK says (the rule the till
    uses for its own cases)."""
    wanted: dict[int, int] = defaultdict(int)
    for item in snapshot.get("lines") or []:
        if not isinstance(item, dict):
            continue
        line_no = int(item.get("receipt_line_no") or 0)
        decision = item.get("decision") or {}
        takes_back = status != CaseStatus.CANCELLED.value and (
            not decision or decision.get("resolution") in TAKES_BACK
        )
        qty = int(item.get("qty") or 0) if takes_back else 0
        # A till lists each line once; listed twice, it still takes back no more than a
        # line can sell (and than a ReturnRef can say).
        wanted[line_no] = min(wanted[line_no] + qty, _MOST_OF_A_LINE)
    return wanted


def record_returns(
    session: Session,
    *,
    store: HOStore,
    cases: Mapping[str, tuple[str, dict[str, Any]]],
    new: AbstractSet[str] = frozenset(),
) -> None:
    """Bring the receipt lines of a store's cases up to date from their newest state
    (``cases``: case number to status and snapshot), then look for lines returned more
    often than they were sold. A few statements for any number of cases; cases ``new``
    to head office in this transaction hold no lines yet, and are not looked up."""
    receipt_of: dict[str, str] = {}
    wanted: dict[tuple[str, int], int] = {}  # (case_no, line_no) -> qty
    for case_no, (status, snapshot) in cases.items():
        receipt_no = str(snapshot.get("receipt_no") or "")
        if receipt_no:
            receipt_of[case_no] = receipt_no
            for line_no, qty in _takes_back(status, snapshot).items():
                wanted[case_no, line_no] = qty
    if not receipt_of:
        return
    known = receipt_of.keys() - new
    dialect = dialect_of(session)
    held = (
        session.execute(
            select(
                HOReturn.id,
                HOReturn.case_no,
                HOReturn.receipt_no,
                HOReturn.line_no,
                HOReturn.qty,
                HOReturn.status,
            ).where(HOReturn.store_id == store.id, one_of(HOReturn.case_no, known, dialect)),
            execution_options={PLAN_EACH_TIME: True},
        ).all()
        if known
        else []
    )
    rows = {
        (row.case_no, row.line_no): row
        for row in held
        if row.receipt_no == receipt_of.get(row.case_no)
    }
    for key in rows.keys() - wanted.keys():
        wanted[key] = 0  # a line taken off the case on revision
    changes = []
    for (case_no, line_no), qty in sorted(wanted.items()):
        row = rows.get((case_no, line_no))
        status = cases[case_no][0]
        if row is None or row.qty != qty or row.status != status:
            changes.append((case_no, line_no, qty, status, row))
    if not changes:
        return
    fresh, moved = [], []
    revs = next_revs(session, len(changes))
    for rev, (case_no, line_no, qty, status, row) in zip(revs, changes, strict=True):
        if row is not None:
            moved.append({"id": row.id, "qty": qty, "status": status, "rev": rev})
            continue
        fresh.append(
            {
                "store_id": store.id,
                "case_no": case_no,
                "till_no": int(cases[case_no][1].get("till_no") or 0),
                "receipt_no": receipt_of[case_no],
                "line_no": line_no,
                "qty": qty,
                "status": status,
                "conflict": False,
                "rev": rev,
            }
        )
    if fresh:
        insert_rows(session, Base.metadata.tables[HOReturn.__tablename__], fresh)
    if moved:
        session.execute(update(HOReturn), moved)
    # Only a line a completed case now takes back can have become over-returned.
    check_conflicts(
        session,
        lines={
            (receipt_of[case_no], line_no)
            for case_no, line_no, qty, status, _row in changes
            if qty > 0 and status == CaseStatus.COMPLETED.value
        },
    )


def check_conflicts(session: Session, *, lines: AbstractSet[tuple[str, int | None]]) -> None:
    """Flag every (receipt number, line number) of ``lines`` (line None: all of that
    receipt's lines) that completed cases return more of than was sold: a conflict row,
    and every case and return row involved marked for review.

    Only the cases of the store whose sale it is count, and only they are marked: another
    store's rows on that receipt number (a store cannot send them now, but a head office
    that took them before may hold some) neither make a conflict nor take one."""
    if not lines:
        return
    dialect = dialect_of(session)
    receipts: dict[str, tuple[int, list[dict[str, Any]]]] = {
        receipt_no: (store_id, sold)
        for receipt_no, store_id, sold in session.execute(
            select(HOReceipt.receipt_no, HOReceipt.store_id, HOReceipt.lines).where(
                one_of(HOReceipt.receipt_no, {receipt_no for receipt_no, _ in lines}, dialect)
            ),
            execution_options={PLAN_EACH_TIME: True},
        )
    }
    if not receipts:
        return  # sales head office has not heard of: nothing to compare with
    holding: dict[tuple[str, int], list[Any]] = defaultdict(list)
    for row in session.execute(
        select(
            HOReturn.id,
            HOReturn.store_id,
            HOReturn.receipt_no,
            HOReturn.line_no,
            HOReturn.qty,
            HOReturn.case_no,
            HOReturn.conflict,
        ).where(
            one_of(HOReturn.receipt_no, receipts, dialect),
            HOReturn.qty > 0,
            HOReturn.status == CaseStatus.COMPLETED.value,
        ),
        execution_options={PLAN_EACH_TIME: True},
    ):
        if row.store_id != receipts[row.receipt_no][0]:
            continue
        if (row.receipt_no, row.line_no) in lines or (row.receipt_no, None) in lines:
            holding[row.receipt_no, row.line_no].append(row)
    for (receipt_no, line_no), rows in sorted(holding.items()):
        store_id, sold_lines = receipts[receipt_no]
        sold = sum(int(ln["qty"]) for ln in sold_lines if ln["line_no"] == line_no)
        returned = sum(int(r.qty) for r in rows)
        if returned <= sold:
            continue
        _record_conflict(session, store_id, receipt_no, line_no, sold, returned, rows)


def _record_conflict(
    session: Session,
    store_id: int,
    receipt_no: str,
    line_no: int,
    sold: int,
    returned: int,
    rows: list[Any],
) -> None:
    case_nos = sorted({r.case_no for r in rows})
    conflict = session.scalar(
        select(HOConflict).where(HOConflict.receipt_no == receipt_no, HOConflict.line_no == line_no)
    )
    if conflict is None:
        conflict = HOConflict(store_id=store_id, receipt_no=receipt_no, line_no=line_no)
        session.add(conflict)
    conflict.sold_qty, conflict.returned_qty, conflict.case_nos = sold, returned, case_nos
    unflagged = [r.id for r in rows if not r.conflict]
    if unflagged:
        revs = next_revs(session, len(unflagged))
        session.execute(
            update(HOReturn),
            [
                {"id": id_, "conflict": True, "rev": rev}
                for id_, rev in zip(unflagged, revs, strict=True)
            ],
        )
    session.execute(
        update(HOCase)
        .where(HOCase.store_id == store_id, HOCase.case_no.in_(case_nos))
        .values(conflict=True)
    )
    session.flush()
    store = session.get(HOStore, store_id)
    logs.REFERENCE.warning(
        "conflict",
        extra={
            "store": store.code if store is not None else str(store_id),
            "receipt_no": receipt_no,
            "line_no": line_no,
            "sold": sold,
            "returned": returned,
            "case_nos": case_nos,
        },
    )


def conflicts(session: Session) -> list[HOConflict]:
    return list(session.scalars(select(HOConflict).order_by(HOConflict.detected_at)))


def import_reference(session: Session, *, store: HOStore, data: ReferenceImport) -> dict[str, int]:
    """Take a store's reference data in (products, staff, sales); what changed, by kind."""
    upsert_store_details(session, store=store, details=data.store)
    changed = {
        "products": upsert_products(session, products=data.products),
        "staff": upsert_staff(session, store=store, staff=data.staff),
        "receipts": upsert_receipts(session, store=store, receipts=data.receipts),
    }
    logs.REFERENCE.info("reference imported", extra={"store": store.code, **changed})
    return changed
