"""What is done for each item, and the checks before it can be saved."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from aftersales.domain.codes import Disposition, Liability, Resolution
from aftersales.domain.decision import (
    DecisionProblem,
    LineDecision,
    SoldLine,
    check_decision,
    refund_decision,
    suggest_disposition,
)

R, P = Resolution, DecisionProblem
TODAY = date(2026, 11, 23)
# Three T-shirts at ¥99 with ¥1 off the line: ¥296 paid.
LINE = SoldLine(qty_sold=3, paid_fen=29600)


def test_sold_line() -> None:
    assert LINE.returnable_qty == 3
    assert SoldLine(3, 29600, returned_qty=2).returnable_qty == 1
    assert SoldLine(3, 29600, returned_qty=5).returnable_qty == 0
    assert LINE.share_fen(1) == 9866
    assert SoldLine(3, 29600, returned_qty=1).share_fen(2) == 29600 - 9866


def test_refund_decision_is_the_paid_share() -> None:
    d = refund_decision(LINE, 2)
    assert (d.resolution, d.qty, d.refund_fen) == (R.REFUND, 2, 19733)
    assert check_decision(LINE, d, TODAY) == []


@pytest.mark.parametrize(
    ("line", "decision", "problems"),
    [
        pytest.param(LINE, LineDecision(R.REFUND, 0), [P.QTY_NOT_POSITIVE], id="qty-zero"),
        pytest.param(
            LINE,
            LineDecision(R.REPAIR, -1, repair_due=TODAY),
            [P.QTY_NOT_POSITIVE],
            id="qty-negative",
        ),
        pytest.param(LINE, LineDecision(R.REFUND, 3, refund_fen=29600), [], id="refund-all"),
        pytest.param(
            LINE,
            LineDecision(R.REFUND, 4, refund_fen=1),
            [P.QTY_ABOVE_RETURNABLE],
            id="refund-above-sold",
        ),
        pytest.param(
            SoldLine(3, 29600, 2),
            LineDecision(R.REFUND, 2, refund_fen=1),
            [P.QTY_ABOVE_RETURNABLE],
            id="refund-above-returnable",
        ),
        pytest.param(
            SoldLine(3, 29600, 2),
            LineDecision(R.EXCHANGE, 2, exchange_sku="X"),
            [P.QTY_ABOVE_RETURNABLE],
            id="exchange-above-returnable",
        ),
        pytest.param(
            SoldLine(3, 29600, 3),
            LineDecision(R.REPAIR, 3, repair_due=TODAY),
            [],
            id="repair-returned-goods-fine",
        ),
        pytest.param(
            LINE,
            LineDecision(R.REPAIR, 4, repair_due=TODAY),
            [P.QTY_ABOVE_RETURNABLE],
            id="repair-above-sold",
        ),
        pytest.param(LINE, LineDecision(R.REFUND, 1, refund_fen=9866), [], id="refund-share"),
        pytest.param(
            LINE,
            LineDecision(R.REFUND, 1, refund_fen=9867),
            [P.REFUND_ABOVE_PAID],
            id="refund-one-fen-above-share",
        ),
        pytest.param(
            LINE,
            LineDecision(R.REFUND, 1, refund_fen=-1),
            [P.REFUND_NEGATIVE],
            id="refund-negative",
        ),
        pytest.param(
            LINE, LineDecision(R.EXCHANGE, 1), [P.EXCHANGE_ITEM_MISSING], id="exchange-no-item"
        ),
        pytest.param(
            LINE, LineDecision(R.EXCHANGE, 1, exchange_sku="TEE-BLK-L"), [], id="exchange-ok"
        ),
        pytest.param(LINE, LineDecision(R.REPAIR, 1), [P.REPAIR_DATE_MISSING], id="repair-no-date"),
        pytest.param(
            LINE,
            LineDecision(R.REPAIR, 1, repair_due=TODAY - timedelta(days=1)),
            [P.REPAIR_DATE_PAST],
            id="repair-date-yesterday",
        ),
        pytest.param(LINE, LineDecision(R.REPAIR, 1, repair_due=TODAY), [], id="repair-date-today"),
        pytest.param(
            LINE,
            LineDecision(R.COMPENSATION, 1),
            [P.COMPENSATION_NOT_POSITIVE],
            id="compensation-zero",
        ),
        pytest.param(
            LINE,
            LineDecision(R.COMPENSATION, 1, compensation_fen=-100),
            [P.COMPENSATION_NOT_POSITIVE],
            id="compensation-negative",
        ),
        pytest.param(
            LINE,
            LineDecision(R.COMPENSATION, 1, compensation_fen=9866),
            [],
            id="compensation-up-to-paid",
        ),
        pytest.param(
            LINE,
            LineDecision(R.COMPENSATION, 1, compensation_fen=9867),
            [P.COMPENSATION_ABOVE_PAID],
            id="compensation-above-paid",
        ),
        pytest.param(
            LINE, LineDecision(R.REJECT, 1), [P.REJECT_REASON_MISSING], id="reject-no-reason"
        ),
        pytest.param(
            LINE,
            LineDecision(R.REJECT, 1, reject_reason="  "),
            [P.REJECT_REASON_MISSING],
            id="reject-blank-reason",
        ),
        pytest.param(
            LINE, LineDecision(R.REJECT, 1, reject_reason="已穿着"), [], id="reject-with-reason"
        ),
    ],
)
def test_check(line: SoldLine, decision: LineDecision, problems: list[DecisionProblem]) -> None:
    assert check_decision(line, decision, TODAY) == problems


@pytest.mark.parametrize(
    ("unit_price", "qty", "difference"),
    [
        pytest.param(9900, 1, 9900 - 9866, id="same-price-customer-pays-the-discount"),
        pytest.param(15000, 1, 15000 - 9866, id="dearer-customer-pays"),
        pytest.param(5000, 1, 5000 - 9866, id="cheaper-customer-gets-back"),
        pytest.param(9866, 1, 0, id="exactly-the-share"),
        pytest.param(5000, 2, 10000 - 19733, id="two-cheaper"),
    ],
)
def test_exchange_price_difference(unit_price: int, qty: int, difference: int) -> None:
    d = LineDecision(R.EXCHANGE, qty, exchange_sku="X", exchange_unit_price_fen=unit_price)
    assert d.price_difference_fen(LINE) == difference
    assert (d.price_difference_fen(LINE) > 0) is (unit_price * qty > LINE.share_fen(qty))


def test_price_difference_only_for_exchanges() -> None:
    d = LineDecision(R.REFUND, 1, refund_fen=9866, exchange_unit_price_fen=50000)
    assert d.price_difference_fen(LINE) == 0


@pytest.mark.parametrize(
    ("resolution", "takes_back"),
    [
        (R.REFUND, True),
        (R.EXCHANGE, True),
        (R.REPAIR, False),
        (R.COMPENSATION, False),
        (R.REJECT, False),
    ],
)
def test_takes_back_goods(resolution: Resolution, takes_back: bool) -> None:
    assert LineDecision(resolution, 1).takes_back_goods() is takes_back


@pytest.mark.parametrize(
    ("resolution", "liability", "as_new", "hygiene", "expected"),
    [
        (Resolution.REFUND, Liability.STORE, True, False, Disposition.BACK_TO_STOCK),
        (Resolution.EXCHANGE, Liability.STORE, True, False, Disposition.BACK_TO_STOCK),
        (Resolution.REFUND, Liability.MANUFACTURER, False, False, Disposition.SUPPLIER),
        (Resolution.REFUND, Liability.CUSTOMER, False, False, Disposition.OUTLET),
        (Resolution.REFUND, Liability.STORE, True, True, Disposition.DESTROY),
        (Resolution.REPAIR, Liability.MANUFACTURER, False, False, Disposition.REPAIR),
        (Resolution.COMPENSATION, Liability.MANUFACTURER, False, False, Disposition.CUSTOMER_KEEPS),
        (Resolution.REJECT, Liability.CUSTOMER, False, False, Disposition.CUSTOMER_KEEPS),
    ],
)
def test_where_the_item_goes(resolution, liability, as_new, hygiene, expected) -> None:
    assert suggest_disposition(resolution, liability, as_new=as_new, hygiene=hygiene) is expected
