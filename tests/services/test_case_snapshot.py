"""The outbox payload is head office's copy of the case: whatever the actions build it from,
each event's JSON must be what the case's saved rows say, key for key and byte for byte.

The reference here reads the rows through the ORM and lays them out as the payload has
always been laid out (the wire contract); the actions build theirs from the records they
computed, without reading the rows back.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from typing import Any

import pytest

from aftersales.db.models import AfterSalesCase
from aftersales.domain.clock import local_date, now_utc
from aftersales.domain.codes import Channel, DamageType, Disposition, Liability
from aftersales.domain.codes import ProblemCategory as C
from aftersales.domain.codes import Resolution as R
from aftersales.domain.decide import Condition
from aftersales.services.cases import (
    DecisionInput,
    InspectionInput,
    IntakeInput,
    approve_case,
    cancel_case,
    complete_case,
    decide_case,
    open_case,
    record_inspection,
    revise_case,
    submit_case,
)
from aftersales.services.cases.store import load_case


def expected_payload(case: AfterSalesCase, status: str | None = None) -> dict[str, Any]:
    """The case as its rows say, in the payload's layout (``status``: as it was then)."""
    intake = case.intake
    lines = []
    for ln in case.lines:
        rl = ln.receipt_line
        item: dict[str, Any] = {"receipt_line_no": rl.line_no, "sku": rl.product.sku, "qty": ln.qty}
        if ln.inspection is not None:
            i = ln.inspection
            item["inspection"] = {
                "tags_attached": i.tags_attached,
                "unworn": i.unworn,
                "unwashed": i.unwashed,
                "stains": i.stains,
                "odour": i.odour,
                "damage": i.damage,
                "batch": i.batch,
                "suggested_liability": i.suggested_liability,
                "liability": i.liability,
                "override_reason": i.override_reason,
            }
        if ln.decision is not None:
            d = ln.decision
            item["decision"] = {
                "resolution": d.resolution,
                "qty": d.qty,
                "refund_fen": d.refund_fen,
                "tender": d.tender,
                "exchange_unit_price_fen": d.exchange_unit_price_fen,
                "price_difference_fen": d.price_difference_fen,
                "repair_due": d.repair_due.isoformat() if d.repair_due else None,
                "compensation_fen": d.compensation_fen,
                "reject_reason": d.reject_reason,
                "disposition": d.disposition,
                "within_policy": d.within_policy,
                "rule_ids": list(d.rule_ids),
            }
        lines.append(item)
    return {
        "case_no": case.case_no,
        "status": status or case.status,
        "till_no": case.till_no,
        "receipt_no": case.receipt.receipt_no,
        "policy_version": case.policy_version,
        "needs_approval": case.needs_approval,
        "created_at": case.created_at.isoformat(),
        "intake": {
            "customer_name": intake.customer_name,
            "customer_phone": intake.customer_phone,
            "channel": intake.channel,
            "problem_category": intake.problem_category,
            "description": intake.description,
            "wanted": intake.wanted,
            "received_at": intake.received_at.isoformat(),
        },
        "lines": lines,
    }


class Checker:
    """Runs actions on one case and checks the events each one added."""

    def __init__(self, shop: Any) -> None:
        self.shop = shop
        self.seen = 0
        self.case_no = ""

    def events(self) -> list[tuple[str, str]]:
        """(kind, payload as stored) of the case's events, in order."""
        conn = sqlite3.connect(self.shop.db.path)
        try:
            return list(
                conn.execute(
                    "SELECT kind, payload FROM outbox_event WHERE case_no = ? ORDER BY seq",
                    (self.case_no,),
                )
            )
        finally:
            conn.close()

    def check(self, *statuses: str) -> None:
        """The new events, one per status each was sent in (the last: the case's now)."""
        events = self.events()
        new = events[self.seen :]
        assert len(new) == len(statuses)
        self.seen = len(events)
        with self.shop.db.read() as s:
            case = load_case(s, self.case_no)
            for (_kind, stored), status in zip(new, statuses, strict=True):
                # SQLAlchemy's JSON type writes json.dumps with its defaults.
                assert stored == json.dumps(expected_payload(case, status))
            assert statuses[-1] == case.status


def _intake(sale: Any, *skus: str, category: C = C.SIZE_FIT, wanted: R = R.REFUND) -> IntakeInput:
    return IntakeInput(
        customer_name=" 张三 ",
        customer_phone="138 1234 5678",
        channel=Channel.PHONE,
        category=category,
        description=" 尺码 ",
        wanted=wanted,
        lines=tuple((sale.line(sku).receipt_line_id, 1) for sku in skus),
    )


def test_refund_with_approval_rejected_revised_and_completed(shop: Any) -> None:
    cat = shop.cat
    sale = shop.sell((cat.coat, 1), (cat.tee_m, 2), (cat.tee_l, 1), days_ago=2)
    c = Checker(shop)
    c.case_no = open_case(
        shop.db, shop.ctx, shop.cashier.info, sale.receipt_no, _intake(sale, cat.coat, cat.tee_m)
    )
    c.check("draft")
    coat, tee = sale.line(cat.coat).receipt_line_id, sale.line(cat.tee_m).receipt_line_id
    record_inspection(
        shop.db,
        shop.ctx,
        shop.cashier.info,
        c.case_no,
        [
            InspectionInput(coat, batch=" B7 ", photo_path="p.jpg"),
            InspectionInput(
                tee,
                Condition(unworn=False),
                liability=Liability.STORE,
                override_reason=" 店员确认 ",
            ),
        ],
    )
    c.check("draft")
    record_inspection(
        shop.db,
        shop.ctx,
        shop.cashier.info,
        c.case_no,
        [InspectionInput(coat), InspectionInput(tee)],
    )
    c.check("draft")
    result = submit_case(
        shop.db,
        shop.ctx,
        shop.cashier.info,
        c.case_no,
        [
            DecisionInput(coat, R.REFUND),
            DecisionInput(tee, R.REFUND, disposition=Disposition.OUTLET),
        ],
    )
    assert result.approval_reasons
    c.check("submitted", "awaiting_approval")
    approve_case(shop.db, shop.manager.info, c.case_no, approve=False, note=" 请改为换货 ")
    c.check("rejected")
    revise_case(shop.db, shop.cashier.info, c.case_no)
    c.check("draft")
    decide_case(
        shop.db,
        shop.ctx,
        shop.cashier.info,
        c.case_no,
        [
            DecisionInput(coat, R.EXCHANGE, exchange_sku=cat.coat),
            DecisionInput(tee, R.EXCHANGE, exchange_sku=cat.tee_l),
        ],
    )
    c.check("submitted", "completed")


def test_defects_repaired_compensated_and_rejected(shop: Any) -> None:
    cat = shop.cat
    sale = shop.sell((cat.tee_s, 1), (cat.tee_m, 1), (cat.scarf_final_sale, 1), days_ago=10)
    c = Checker(shop)
    c.case_no = open_case(
        shop.db,
        shop.ctx,
        shop.cashier.info,
        sale.receipt_no,
        _intake(sale, cat.tee_s, cat.tee_m, cat.scarf_final_sale, category=C.QUALITY_DEFECT),
    )
    c.check("draft")
    ids = [sale.line(sku).receipt_line_id for sku in (cat.tee_s, cat.tee_m, cat.scarf_final_sale)]
    record_inspection(
        shop.db,
        shop.ctx,
        shop.cashier.info,
        c.case_no,
        [InspectionInput(i, Condition(damage=DamageType.SEAM_SPLIT, stains=True)) for i in ids],
    )
    c.check("draft")
    due = local_date(now_utc()) + timedelta(days=14)
    submit_case(
        shop.db,
        shop.ctx,
        shop.cashier.info,
        c.case_no,
        [
            DecisionInput(ids[0], R.REPAIR, repair_due=due),
            DecisionInput(ids[1], R.COMPENSATION, compensation_fen=2000),
            DecisionInput(ids[2], R.REJECT, reject_reason=" 人为损坏 "),
        ],
    )
    events = c.events()
    c.check(*(["submitted", "awaiting_approval"] if len(events) == 4 else ["submitted"]))
    status = json.loads(events[-1][1])["status"]
    if status == "awaiting_approval":
        approve_case(shop.db, shop.manager.info, c.case_no, approve=True)
        c.check("approved")
    complete_case(shop.db, shop.cashier.info, c.case_no)
    c.check("completed")


@pytest.mark.parametrize("inspected", [False, True], ids=["opened", "inspected"])
def test_a_cancelled_case(shop: Any, inspected: bool) -> None:
    sale = shop.sell((shop.cat.tee_m, 1))
    c = Checker(shop)
    c.case_no = open_case(
        shop.db, shop.ctx, shop.cashier.info, sale.receipt_no, _intake(sale, shop.cat.tee_m)
    )
    c.check("draft")
    if inspected:
        record_inspection(
            shop.db,
            shop.ctx,
            shop.cashier.info,
            c.case_no,
            [InspectionInput(sale.line(shop.cat.tee_m).receipt_line_id)],
        )
        c.check("draft")
    cancel_case(shop.db, shop.cashier.info, c.case_no, " 顾客改主意 ")
    c.check("cancelled")
