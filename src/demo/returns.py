"""The earlier returns: completed refund cases made at till 1 before today.

Each case is decided by the policy given, as the till would have decided it, and carries
the whole trail a case made at this till has: intake, inspection with a liability
suggestion, decision with the policy's rules and reasons, and its audit events from
"open" to "completed" (through approval when the refund needs it).
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from ..domain.clock import STORE_TZ, local_date
from ..domain.codes import Channel, DamageType, ProblemCategory, Resolution, Role
from ..domain.liability import suggest_liability
from ..domain.money import prorate
from ..domain.policy import LineFacts, LineOutcome, Policy
from ..domain.scan import case_number
from ..domain.states import Action, CaseStatus, ensure
from .sales import Sale
from .store import CLOSE_S, DEFECT_BATCH, DEMO_STAFF, OPEN_S, OTHER_TILL, STORE_CODE, DemoStore

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
_GIVEN = "静 敏 丽 强 磊 洋 艳 勇 军 杰 娟 涛 超 秀英 晓明 婷婷 雪 佳怡 子涵 浩然".split()
_NO_REASON = (
    (ProblemCategory.SIZE_FIT, "尺码偏小，穿着不合身，吊牌完好未穿着"),
    (ProblemCategory.SIZE_FIT, "尺码偏大，想退货"),
    (ProblemCategory.CHANGED_MIND, "回家后不太喜欢，未穿着未洗涤"),
    (ProblemCategory.COLOUR_DIFFERENCE, "实物颜色比店里灯光下看到的深"),
)
_DEFECTS = (
    (DamageType.SEAM_SPLIT, "穿着一次后侧缝开线"),
    (DamageType.PILLING, "穿了两次就严重起球"),
    (DamageType.FADING, "第一次按洗标洗涤后严重褪色"),
    (DamageType.ZIP_BUTTON, "拉链头脱落，纽扣松动"),
    (DamageType.PRINT_PEELING, "印花开裂脱落"),
)


@dataclass(slots=True)
class CaseRows:
    cases: list[dict[str, Any]]
    intakes: list[dict[str, Any]]
    lines: list[dict[str, Any]]
    inspections: list[dict[str, Any]]
    decisions: list[dict[str, Any]]
    events: list[dict[str, Any]]


class ReturnsMaker:
    """Completed refund cases from till 1, each decided by the policy given."""

    def __init__(
        self,
        rng: random.Random,
        store: DemoStore,
        today: date,
        policy: Policy,
        *,
        next_case_id: int,
        next_case_line_id: int,
    ) -> None:
        self.rng = rng
        self.store = store
        self.today = today
        self.policy = policy
        self.items = {i.id: i for i in store.items}
        self.cashiers = [store.staff_ids[m.staff_no] for m in DEMO_STAFF if m.role is Role.CASHIER]
        self.managers = [store.staff_ids[m.staff_no] for m in DEMO_STAFF if m.role is Role.MANAGER]
        self.next_case_id = next_case_id
        self.next_case_line_id = next_case_line_id
        self.rows = CaseRows([], [], [], [], [], [])
        self.seq: Counter[date] = Counter()
        self._pending: list[tuple[datetime, dict[str, Any]]] = []

    def random_case(self, sale: Sale) -> bool:
        """A refund of one or two lines of ``sale``; False if the policy allows none."""
        rng = self.rng
        age = (self.today - sale.sale_date).days
        defect_lines = [
            ln for ln in sale.lines if self.items[ln["product_id"]].batch == DEFECT_BATCH
        ]
        no_reason_lines = [
            ln
            for ln in sale.lines
            if not (self.items[ln["product_id"]].final_sale or self.items[ln["product_id"]].hygiene)
        ]
        defect = (bool(defect_lines) and rng.random() < 0.7) or rng.random() < 0.25
        if not defect and not no_reason_lines:
            defect = True
        window = self.policy.defect if defect else self.policy.no_reason
        if window.refund_days < 1:  # a store's policy may refund on the day of sale only
            return False
        after = rng.randint(1, min(window.refund_days, age - 1))
        pool = (defect_lines or sale.lines) if defect else no_reason_lines
        n = 2 if len(pool) > 1 and rng.random() < 0.2 else 1
        chosen = sorted(rng.sample(pool, n), key=lambda ln: ln["line_no"])
        picks = []
        for ln in chosen:
            qty = 1 if ln["qty"] > 1 and rng.random() < 0.5 else ln["qty"]
            picks.append((ln, qty))
        return self._case(sale, after, picks, defect=defect)

    def partial_case(self, sale: Sale) -> bool:
        """One unit of a two-unit line, returned the day after the sale."""
        line = next(ln for ln in sale.lines if ln["qty"] == 2)
        return self._case(sale, 1, [(line, 1)], defect=False, category=ProblemCategory.SIZE_FIT)

    def _case(
        self,
        sale: Sale,
        after: int,
        picks: list[tuple[dict[str, Any], int]],
        *,
        defect: bool,
        category: ProblemCategory | None = None,
    ) -> bool:
        rng = self.rng
        case_day = sale.sale_date + timedelta(days=after)
        if defect:
            category = ProblemCategory.QUALITY_DEFECT
            damage, description = _DEFECTS[rng.randrange(len(_DEFECTS))]
        else:
            if category is None:
                category, description = _NO_REASON[rng.randrange(len(_NO_REASON))]
            else:
                description = next(d for c, d in _NO_REASON if c is category)
            damage = DamageType.NONE
        facts = {
            "tags_attached": not defect or rng.random() < 0.5,
            "unworn": not defect,
            "unwashed": not defect or damage not in (DamageType.FADING, DamageType.PILLING),
            "stains": False,
            "odour": False,
        }
        tender = sale.row["tender"]
        lines = []
        outcomes = []
        for ln, qty in picks:
            item = self.items[ln["product_id"]]
            verdict = self.policy.evaluate_line(
                LineFacts(
                    after,
                    category,
                    item.final_sale,
                    item.hygiene,
                    tags_attached=facts["tags_attached"],
                    unworn=facts["unworn"],
                    unwashed=facts["unwashed"],
                    damage=damage,
                    wanted=Resolution.REFUND,
                )
            )
            if Resolution.REFUND not in verdict.allowed:
                continue
            refund = prorate(ln["paid_fen"], ln["qty"], 0, qty)
            lines.append((ln, qty, item, verdict, refund))
            outcomes.append(LineOutcome(verdict, Resolution.REFUND, refund_fen=refund))
        if not lines:
            return False
        reasons = self.policy.approval_reasons(outcomes)
        case_id = self.next_case_id
        self.next_case_id += 1
        cashier = self.cashiers[rng.randrange(len(self.cashiers))]
        approver = self.managers[rng.randrange(len(self.managers))] if reasons else None
        opened = datetime.combine(case_day, time(), STORE_TZ).astimezone(UTC) + timedelta(
            seconds=rng.randrange(OPEN_S, CLOSE_S - 3600)
        )
        # The audit trail: draft -> submitted [-> awaiting approval -> approved] -> completed.
        status = CaseStatus.DRAFT
        at = opened
        events = [self._event(case_id, at, cashier, "open", None, status, {})]
        steps = [Action.SUBMIT]
        if reasons:
            steps += [Action.REQUEST_APPROVAL, Action.APPROVE]
        steps.append(Action.COMPLETE)
        total = sum(x[4] for x in lines)
        for action in steps:
            new = ensure(status, action, needs_approval=bool(reasons))
            at += timedelta(seconds=rng.randrange(60, 420))
            who = approver if action is Action.APPROVE else cashier
            detail = {"refund_fen": total} if action is Action.COMPLETE else {}
            events.append(self._event(case_id, at, who, action.value, status, new, detail))
            status = new
        self._pending.append(
            (
                opened,
                {
                    "id": case_id,
                    "case_no": "",  # numbered per day once every case is known
                    "store_id": self.store.store_id,
                    "till_no": OTHER_TILL,
                    "receipt_id": sale.row["id"],
                    "status": status.value,
                    "cashier_id": cashier,
                    "approver_id": approver,
                    "policy_version": self.policy.version,
                    "needs_approval": bool(reasons),
                    "approval_reasons": [[h.rule_id, h.reason_zh, h.reason_en] for h in reasons],
                    "created_at": opened,
                    "updated_at": at,
                    "completed_at": at,
                    "slip_path": None,
                    "outbox_seq": 0,
                },
            )
        )
        self.rows.events.extend(events)
        r = self.rows
        r.intakes.append(
            {
                "case_id": case_id,
                "customer_name": _SURNAMES[rng.randrange(len(_SURNAMES))]
                + _GIVEN[rng.randrange(len(_GIVEN))],
                "customer_phone": "1" + "3589"[rng.randrange(4)] + f"{rng.randrange(10**9):09d}",
                "channel": Channel.STORE.value,
                "problem_category": category.value,
                "description": description,
                "wanted": Resolution.REFUND.value,
                "received_at": opened,
            }
        )
        for ln, qty, item, verdict, refund in lines:
            cl_id = self.next_case_line_id
            self.next_case_line_id += 1
            r.lines.append(
                {"id": cl_id, "case_id": case_id, "receipt_line_id": ln["id"], "qty": qty}
            )
            suggestion = suggest_liability(
                category,
                damage=damage,
                stains=False,
                odour=False,
                unworn=facts["unworn"],
                unwashed=facts["unwashed"],
            )
            r.inspections.append(
                {
                    "case_line_id": cl_id,
                    **facts,
                    "damage": damage.value,
                    "batch": item.batch,
                    "photo_path": None,
                    "suggested_liability": suggestion.party.value,
                    "suggested_reason": suggestion.reason.value,
                    "liability": suggestion.party.value,
                    "override_reason": "",
                }
            )
            r.decisions.append(
                {
                    "case_line_id": cl_id,
                    "resolution": Resolution.REFUND.value,
                    "qty": qty,
                    "refund_fen": refund,
                    "tender": tender,
                    "exchange_product_id": None,
                    "exchange_unit_price_fen": 0,
                    "price_difference_fen": 0,
                    "repair_due": None,
                    "compensation_fen": 0,
                    "reject_reason": "",
                    "within_policy": True,
                    "rule_ids": list(verdict.rule_ids),
                    "reason_zh": verdict.reason("zh"),
                    "reason_en": verdict.reason("en"),
                }
            )
        return True

    @staticmethod
    def _event(
        case_id: int,
        at: datetime,
        staff_id: int | None,
        action: str,
        old: CaseStatus | None,
        new: CaseStatus,
        detail: dict[str, Any],
    ) -> dict[str, Any]:
        return {
            "case_id": case_id,
            "at": at,
            "staff_id": staff_id,
            "action": action,
            "from_status": old.value if old else None,
            "to_status": new.value,
            "reason": "",
            "detail": detail,
        }

    def finish(self) -> CaseRows:
        """Number the cases per day in the order they were opened, as till 1 did."""
        for opened, row in sorted(self._pending, key=lambda p: (p[0], p[1]["id"])):
            day = local_date(opened)
            self.seq[day] += 1
            row["case_no"] = case_number(STORE_CODE, day, OTHER_TILL, self.seq[day])
        self.rows.cases = [row for _, row in sorted(self._pending, key=lambda p: p[1]["id"])]
        return self.rows
