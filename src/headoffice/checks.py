"""What head office checks of each event a store sends, in one place, before anything of
its batch is written (:func:`.crud.apply_events` calls them for each event not held yet).

The contract has already checked the shape (:class:`~aftersales.contract.EventIn`: every
field typed, amounts integer fen of at least 0). Here an event is held against what head
office knows:

- whose it is (:meth:`Checks.whose`): the case number is of the sending store, and so is
  the sale the case is about (held at head office, or else by its receipt number);
- whether it can be true (:meth:`Checks.content`): its status is the case state machine's
  and may follow the case's previous one (the till's own machine, from ``domain``); no
  more of a receipt line than was sold, no refund or compensation above what was paid for
  those items (when head office holds the sale);
- whether its times can be right (:meth:`Checks.implausible_times`): not before the sale,
  not far ahead of head office's clock. A till's clock can be wrong and the case is still
  real, so such an event is taken, and flagged for IT.

Each refusal is an :class:`Unfit`: a code of the contract's
:data:`~aftersales.contract.ProblemCode` and the reason in words (never a phone number).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..contract import EventIn, ProblemCode
from ..domain.clock import STORE_TZ
from ..domain.scan import ReceiptCode, parse_case_number
from ..domain.states import OPENED, CaseStatus, can_follow
from .core.db import PLAN_EACH_TIME, dialect_of, one_of
from .models import HOReceipt, HOStore

FUTURE_TOLERANCE = timedelta(minutes=10)
"""How far ahead of head office's clock a case's time may be before it is flagged: tills
whose clocks differ by more than a few minutes are told so (``sync.check_link``)."""

_STATUSES = ", ".join(s.value for s in CaseStatus)
_KNOWN = frozenset(s.value for s in CaseStatus)


@dataclass(frozen=True, slots=True)
class Unfit:
    """Why an event is refused: a code of the contract's, and the same in words."""

    code: ProblemCode
    reason: str


@dataclass(frozen=True, slots=True)
class Flag:
    """Something about an event to look into (it was taken): what, in a word, and how."""

    what: str  # "before_sale", "in_future"
    detail: str


@dataclass(frozen=True, slots=True)
class Sale:
    """A sale as head office holds it: its store, when it was made, and per receipt line
    number the quantity sold and what was paid for it all (fen)."""

    store_id: int
    sold_at: datetime
    lines: Mapping[int, tuple[int, int]]


def sales_held(session: Session, receipt_nos: Iterable[str]) -> dict[str, Sale]:
    """The sales head office holds among ``receipt_nos`` (one select), whatever store's."""
    wanted = set(receipt_nos)
    if not wanted:
        return {}
    rows = session.execute(
        select(HOReceipt.receipt_no, HOReceipt.store_id, HOReceipt.sold_at, HOReceipt.lines).where(
            one_of(HOReceipt.receipt_no, wanted, dialect_of(session))
        ),
        execution_options={PLAN_EACH_TIME: True},
    )
    return {
        receipt_no: Sale(
            store_id,
            sold_at,
            {int(ln["line_no"]): (int(ln["qty"]), int(ln["paid_fen"])) for ln in lines},
        )
        for receipt_no, store_id, sold_at, lines in rows
    }


def _receipt_no(payload: Mapping[str, Any]) -> str:
    return str(payload.get("receipt_no") or "")


@dataclass
class _LineTotals:
    """One receipt line as a case holds it (a till lists each line once; if twice, both
    count)."""

    qty: int = 0
    decided_qty: int | None = None
    money: dict[str, int] = field(default_factory=dict)


_MONEY_BACK = {"refund_fen": "a refund", "compensation_fen": "a compensation"}
_EXCHANGED_BACK = "money back on an exchange"


def _totals(payload: Mapping[str, Any]) -> dict[int, _LineTotals]:
    totals: dict[int, _LineTotals] = {}
    for item in payload.get("lines") or []:
        line = totals.setdefault(int(item["receipt_line_no"]), _LineTotals())
        line.qty += int(item.get("qty") or 0)
        decision = item.get("decision") or {}
        if decision.get("qty") is not None:
            line.decided_qty = (line.decided_qty or 0) + int(decision["qty"])
        for name, what in _MONEY_BACK.items():
            line.money[what] = line.money.get(what, 0) + int(decision.get(name) or 0)
        # An exchange for something cheaper gives money back too.
        back = -int(decision.get("price_difference_fen") or 0)
        line.money[_EXCHANGED_BACK] = line.money.get(_EXCHANGED_BACK, 0) + back
    return totals


def _at_most_paid(paid_fen: int, qty: int, sold: int) -> int:
    """The most that can be owed back for ``qty`` of ``sold`` items paid ``paid_fen``
    together: their share, rounded up (a share prorated over several returns, as the till
    does it, is never more)."""
    return -(-paid_fen * min(qty, sold) // sold) if sold > 0 else 0


def _moment(text: Any) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None  # shaped like a time, yet none (a 13th month): nothing to compare
    return moment if moment.tzinfo is not None else None


class Checks:
    """The checks of one batch of one store's events, with what head office holds of the
    sales they are about (read once, here)."""

    def __init__(self, session: Session, *, store: HOStore, events: Iterable[EventIn]) -> None:
        self.store = store
        self.sales = sales_held(session, {_receipt_no(e.payload) for e in events} - {""})

    def whose(self, event: EventIn) -> Unfit | None:
        """The event is about a case of the sending store, about a sale of that store."""
        store = self.store.code
        number = parse_case_number(event.case_no)
        if number is None:
            return Unfit(
                "case_no_malformed",
                f"{event.case_no!r} is not a case number (store-yymmdd-till-sequence)",
            )
        if number.store_code != store:
            return Unfit(
                "case_of_other_store",
                f"case {event.case_no} is store {number.store_code}'s, not {store}'s",
            )
        named = event.payload.get("case_no")
        if named is not None and named != event.case_no:
            return Unfit(
                "case_no_malformed",
                f"the event is of case {event.case_no} but its snapshot of case {named}",
            )
        receipt_no = _receipt_no(event.payload)
        if not receipt_no:
            return None
        sale = self.sales.get(receipt_no)
        if sale is not None:
            if sale.store_id != self.store.id:
                return Unfit(
                    "receipt_of_other_store", f"sale {receipt_no} is another store's, not {store}'s"
                )
            return None
        try:
            code = ReceiptCode.from_receipt_no(receipt_no)
        except ValueError:
            return Unfit(
                "receipt_of_other_store",
                f"sale {receipt_no} is not known to head office and its number names no store",
            )
        if code.store_code != store:
            return Unfit(
                "receipt_of_other_store",
                f"sale {receipt_no} is store {code.store_code}'s, not {store}'s",
            )
        return None

    def content(self, event: EventIn, before: str | None) -> Unfit | None:
        """The event's status may follow ``before`` (the case's status at head office, or
        its previous event's in this batch; None: a new case), and what it takes back and
        pays fits the sale, if head office holds it."""
        status = str(event.payload["status"])
        try:
            after = CaseStatus(status)
        except ValueError:
            return Unfit("status_unknown", f"status {status!r} is not a case's ({_STATUSES})")
        # A status stored before head office checked them may be none of the machine's:
        # nothing then to judge the next one by.
        known = before is None or before in _KNOWN
        needs = event.payload.get("needs_approval")
        if known and not can_follow(
            CaseStatus(before) if before is not None else None,
            after,
            needs_approval=needs if isinstance(needs, bool) else None,
        ):
            if before is None:
                why = f"a case is opened as {OPENED.value}, not {after.value}"
            else:
                why = f"a case that is {before} cannot be {after.value} next"
                if needs is True and before == CaseStatus.SUBMITTED.value:
                    why += " (it needs a manager's approval)"
            return Unfit("status_not_allowed", why)
        sale = self.sales.get(_receipt_no(event.payload))
        if sale is None:
            return None
        return _fits_sale(_receipt_no(event.payload), sale, event.payload)

    def implausible_times(self, event: EventIn, now: datetime) -> list[Flag]:
        """What is wrong with the event's times: before the sale (``before_sale``), or
        further ahead of head office's clock ``now`` than a clock may be (``in_future``)."""
        payload = event.payload
        intake = payload.get("intake") or {}
        times = [
            ("created_at", payload.get("created_at")),
            ("received_at", intake.get("received_at")),
        ]
        receipt_no = _receipt_no(payload)
        sale = self.sales.get(receipt_no)
        start: datetime | None = None
        if sale is not None:
            start = sale.sold_at
        elif receipt_no:
            try:
                day = ReceiptCode.from_receipt_no(receipt_no).sale_date
            except ValueError:
                pass
            else:
                start = datetime.combine(day, time(0), tzinfo=STORE_TZ)
        flags: dict[str, Flag] = {}
        for name, text in times:
            moment = _moment(text)
            if moment is None:
                continue
            if start is not None and moment < start and "before_sale" not in flags:
                flags["before_sale"] = Flag(
                    "before_sale",
                    f"{name} {moment.isoformat()} is before sale {receipt_no} "
                    f"({start.isoformat()})",
                )
            if moment > now + FUTURE_TOLERANCE and "in_future" not in flags:
                flags["in_future"] = Flag(
                    "in_future",
                    f"{name} {moment.isoformat()} is ahead of head office's clock "
                    f"({now.isoformat(timespec='seconds')})",
                )
        return list(flags.values())


def _fits_sale(receipt_no: str, sale: Sale, payload: Mapping[str, Any]) -> Unfit | None:
    for line_no, line in sorted(_totals(payload).items()):
        sold = sale.lines.get(line_no)
        if sold is None:
            return Unfit("qty_above_sold", f"sale {receipt_no} has no line {line_no}")
        sold_qty, paid_fen = sold
        for qty in (line.qty, line.decided_qty or 0):
            if qty > sold_qty:
                return Unfit(
                    "qty_above_sold",
                    f"{qty} of line {line_no} of sale {receipt_no}, which sold {sold_qty}",
                )
        qty = line.decided_qty if line.decided_qty is not None else line.qty
        most = _at_most_paid(paid_fen, qty, sold_qty)
        for what, fen in line.money.items():
            if fen > most:
                return Unfit(
                    "amount_above_paid",
                    f"{what} of {fen} fen for {qty} of line {line_no} of sale {receipt_no}, "
                    f"which were paid {most} fen",
                )
    return None
