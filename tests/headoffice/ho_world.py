"""Two stores at head office, each with its staff, sales and cases, for the tests that
hold head office to its checks: what one store sends must never touch the other's rows.
(A module of its own, not ``conftest``: tests import its helpers by name.)

Store SH01 (``A``) and store SH02 (``B``) each hold a staff C001 (another person in each),
the same products, and a sale: ``A_SALE`` (a T-shirt and two coats) and ``B_SALE`` (the
same). B has two completed cases on its sale: one takes back the T-shirt, the other one
of the two coats.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from aftersales.contract import EventKind, ReferenceImport
from aftersales.headoffice import crud
from aftersales.headoffice.models import Base, HOStore
from aftersales.headoffice.reference import import_reference

A_SALE = "SH01-02-261120-0042"
B_SALE = "SH02-01-261120-0007"
B_CASES = ("SH02-261123-01-0001", "SH02-261123-01-0002")

# The status each kind of event leaves a case in, as the till writes them.
STATUS_OF: dict[EventKind, str] = {
    EventKind.CASE_OPENED: "draft",
    EventKind.INSPECTION_RECORDED: "draft",
    EventKind.CASE_SUBMITTED: "submitted",
    EventKind.APPROVAL_REQUESTED: "awaiting_approval",
    EventKind.CASE_APPROVED: "approved",
    EventKind.CASE_REJECTED: "rejected",
    EventKind.CASE_COMPLETED: "completed",
    EventKind.CASE_CANCELLED: "cancelled",
    EventKind.CASE_REVISED: "draft",
}
KIND_OF = {
    "submitted": EventKind.CASE_SUBMITTED,
    "awaiting_approval": EventKind.APPROVAL_REQUESTED,
    "approved": EventKind.CASE_APPROVED,
    "rejected": EventKind.CASE_REJECTED,
    "completed": EventKind.CASE_COMPLETED,
    "cancelled": EventKind.CASE_CANCELLED,
}


def _sale(receipt_no: str, barcode: str, till_no: int) -> dict[str, Any]:
    return {
        "receipt_no": receipt_no,
        "barcode": barcode,
        "till_no": till_no,
        "sold_at": "2026-11-20T02:00:00Z",
        "tender": "alipay",
        "total_fen": 249900,
        "paid_fen": 249900,
        "lines": [
            {
                "line_no": 1,
                "sku": "TEE-BLK-M",
                "qty": 1,
                "unit_price_fen": 9900,
                "discount_fen": 0,
                "paid_fen": 9900,
            },
            {
                "line_no": 2,
                "sku": "COAT-GRY-L",
                "qty": 2,
                "unit_price_fen": 120000,
                "discount_fen": 0,
                "paid_fen": 240000,
            },
        ],
    }


PRODUCTS = [
    {
        "sku": sku,
        "style_code": sku[:4],
        "name": name,
        "colour": "黑色",
        "size": sku[-1],
        "category": "tops",
        "batch": "B2611",
        "price_fen": price,
    }
    for sku, name, price in (("TEE-BLK-M", "T恤", 9900), ("COAT-GRY-L", "大衣", 120000))
]


def reference_of(code: str, staff_name: str, sale: dict[str, Any]) -> ReferenceImport:
    return ReferenceImport.model_validate(
        {
            "store": {"code": code, "name": f"{code} 店", "phone": "021-12345678"},
            "products": PRODUCTS,
            "staff": [
                {
                    "staff_no": "C001",
                    "name": staff_name,
                    "role": "cashier",
                    "pin_hash": f"$argon2id$v=19$m=65536,t=3,p=4${code}salt$" + "h" * 20,
                }
            ],
            "receipts": [sale],
        }
    )


def snapshot(
    case_no: str,
    status: str,
    receipt_no: str | None,
    lines: Sequence[tuple[int, int]] = ((1, 1),),
    **extra: Any,
) -> dict[str, Any]:
    """A case as a till saves it: ``lines`` are (receipt line, quantity)."""
    till = int(case_no.split("-")[2])
    return {
        "case_no": case_no,
        "status": status,
        "till_no": till,
        "receipt_no": receipt_no,
        "policy_version": "2026.1",
        "needs_approval": False,
        "created_at": "2026-11-23T02:15:00+00:00",
        "intake": {
            "customer_name": "张三",
            "customer_phone": "13812345678",
            "channel": "store",
            "problem_category": "size_fit",
            "description": "",
            "wanted": "refund",
            "received_at": "2026-11-23T02:15:00+00:00",
        },
        "lines": [{"receipt_line_no": no, "sku": "", "qty": qty} for no, qty in lines],
        **extra,
    }


def event(kind: EventKind | str, seq: int, payload: dict[str, Any]) -> dict[str, Any]:
    return {
        "event_id": str(uuid.uuid4()),
        "case_no": payload["case_no"],
        "seq": seq,
        "kind": str(kind),
        "payload": payload,
    }


def chain(
    case_no: str,
    receipt_no: str | None,
    lines: Sequence[tuple[int, int]] = ((1, 1),),
    statuses: Sequence[str] = ("draft", "submitted", "completed"),
    **extra: Any,
) -> list[dict[str, Any]]:
    """A case's events as a till sends them, one a status, from its opening."""
    return [
        event(
            EventKind.CASE_OPENED if seq == 1 else KIND_OF.get(status, "inspection_recorded"),
            seq,
            snapshot(case_no, status, receipt_no, lines, **extra),
        )
        for seq, status in enumerate(statuses, start=1)
    ]


@dataclass(frozen=True, slots=True)
class TwoStores:
    app: Any
    a: dict[str, str]  # store SH01's Authorization header
    b: dict[str, str]
    b_id: int


def two_stores(app: Any, client: Any) -> TwoStores:
    """SH01 and SH02 enrolled with their data; B's two completed cases sent by B."""
    tokens, ids = {}, {}
    with app.state.sessions() as s:
        for code, name, sale in (
            ("SH01", "王小丽", _sale(A_SALE, "RSH01022611200042X", 2)),
            ("SH02", "赵强", _sale(B_SALE, "RSH02012611200007Y", 1)),
        ):
            store, token = crud.create_store(s, code=code, name=f"{code} 店")
            import_reference(s, store=store, data=reference_of(code, name, sale))
            tokens[code], ids[code] = token, store.id
        s.commit()
    a = {"Authorization": f"Bearer {tokens['SH01']}"}
    b = {"Authorization": f"Bearer {tokens['SH02']}"}
    events = chain(B_CASES[0], B_SALE, [(1, 1)]) + chain(B_CASES[1], B_SALE, [(2, 1)])
    r = client.post("/api/v1/events", json={"events": events}, headers=b)
    assert r.status_code == 200, r.text
    return TwoStores(app, a, b, ids["SH02"])


def rows_of_store(app: Any, store_id: int) -> dict[str, list[tuple[Any, ...]]]:
    """Every head-office table's rows that are the store's (a table without a store, such
    as the products or the policies, whole), each as its columns' values in order."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with app.state.sessions() as s:
        for table in Base.metadata.sorted_tables:
            query = select(table)
            if "store_id" in table.c:
                query = query.where(table.c.store_id == store_id)
            elif table.name == HOStore.__tablename__:
                query = query.where(table.c.id == store_id)
            key = list(table.primary_key.columns)
            out[table.name] = [tuple(row) for row in s.execute(query.order_by(*key))]
    return out
