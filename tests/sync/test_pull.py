"""Reference data from the real head-office service into a till's mirror: a new till gets
its whole store, later pulls only what changed, a bad reply changes nothing, a published
policy reaches the next case, and two tills that returned the same item are both flagged."""

from __future__ import annotations

import http.server
import json
import threading
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sync_helpers import free_port, publish_store

from aftersales.db.engine import Database
from aftersales.db.migrate import upgrade
from aftersales.db.models import Product, SalesReceipt, Staff
from aftersales.demo.headoffice import reference_of_till
from aftersales.domain.clock import now_utc
from aftersales.domain.codes import Channel, ProblemCategory, Resolution
from aftersales.headoffice.models import HOCase, HOProduct
from aftersales.headoffice.reference import (
    PolicyRejected,
    conflicts,
    next_rev,
    publish_policy,
    upsert_products,
)
from aftersales.services import auth, cases
from aftersales.services.context import load_policy, load_till_context
from aftersales.services.sales import find_sale
from aftersales.sync.enrol import EnrolFailed, enrol
from aftersales.sync.outbox import HeadOffice, LinkProblem, SyncProblem, drain
from aftersales.sync.pull import conflicted_cases, cursors, mirror_age, pull


@pytest.fixture
def new_till(tmp_path: Path) -> Iterator[Database]:
    """A till's empty, migrated database, as on a new machine."""
    db = Database(tmp_path / "till1.sqlite3")
    upgrade(db.engine, db.path, tmp_path / "till1-backups")
    yield db
    db.dispose()


def count(db: Database, entity: Any) -> int:
    with db.read() as s:
        return len(s.scalars(select(entity)).all())


def price_of(db: Database, sku: str) -> int:
    with db.read() as s:
        return s.scalars(select(Product.price_fen).where(Product.sku == sku)).one()


def test_a_new_till_mirrors_its_store(shop: Any, head_office: Any, new_till: Database) -> None:
    office, app = head_office
    sales = [shop.sell((shop.cat.tee_m, 2), (shop.cat.coat, 1)) for _ in range(3)]
    publish_store(app, shop)

    joined = enrol(new_till, office, "SH01", 1)

    assert joined.store_name == "上海南京路店"
    assert joined.pulled.changed["products"] == 6 and joined.pulled.changed["receipts"] == 3
    assert count(new_till, Staff) == 3
    sale = find_sale(new_till, sales[1].receipt_no, now_utc())
    assert sale is not None
    assert [(ln.sku, ln.qty_sold) for ln in sale.lines] == [(shop.cat.tee_m, 2), (shop.cat.coat, 1)]
    assert sale.paid_fen == sales[1].paid_fen
    till = load_till_context(new_till)
    assert (till.store_code, till.till_no) == ("SH01", 1)
    # The staff sign in at the new till with the PINs they have.
    assert auth.authenticate(new_till, "C001", "1111").name == "王小丽"
    age = mirror_age(new_till)
    assert age is not None and (now_utc() - age).total_seconds() < 60
    # Nothing changed at head office: the next pull brings nothing.
    again = pull(new_till, office)
    assert again.problem is None and not any(again.changed.values())


def test_later_pulls_bring_only_what_changed(
    shop: Any, head_office: Any, new_till: Database
) -> None:
    office, app = head_office
    shop.sell((shop.cat.tee_m, 1))
    publish_store(app, shop)
    enrol(new_till, office, "SH01", 1)
    before = cursors(new_till)

    later = shop.sell((shop.cat.coat, 1))
    publish_store(app, shop)
    coat = next(p for p in reference_of_till(shop.db, "SH01").products if p.sku == shop.cat.coat)
    with app.state.sessions() as s:
        assert upsert_products(s, products=[coat.model_copy(update={"price_fen": 99900})]) == 1
        s.commit()

    result = pull(new_till, office)

    assert result.problem is None
    assert result.changed == {
        "products": 1,
        "staff": 0,
        "receipts": 1,
        "policies": 0,
        "returns": 0,
    }
    assert price_of(new_till, shop.cat.coat) == 99900
    assert find_sale(new_till, later.receipt_no, now_utc()) is not None
    after = cursors(new_till)
    assert after["products"][0] > before["products"][0]
    assert after["staff"][0] == before["staff"][0]


# -- a reply that is not what the API says --------------------------------------------


class Rewriter:
    """A loopback HTTP server in front of head office that passes every request on and
    lets a test spoil the reply of one path (the rest of the service stays real)."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream.rstrip("/")
        self.spoil: Callable[[str, bytes], bytes] = lambda _path, body: body
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the http.server API
                request = urllib.request.Request(
                    outer.upstream + self.path,
                    headers={"Authorization": self.headers.get("Authorization", "")},
                )
                with urllib.request.urlopen(request, timeout=10) as reply:
                    status, body = reply.status, reply.read()
                body = outer.spoil(self.path, body)
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _receipts(change: Callable[[dict[str, Any]], None]) -> Callable[[str, bytes], bytes]:
    def spoil(path: str, body: bytes) -> bytes:
        if "/reference/receipts" not in path:
            return body
        page = json.loads(body)
        if page["items"]:
            change(page)
        return json.dumps(page).encode()

    return spoil


SPOILERS: dict[str, Callable[[str, bytes], bytes]] = {
    "not JSON": lambda path, body: body[: len(body) // 2] if "receipts" in path else body,
    "a quantity that is not a number": _receipts(
        lambda p: p["items"][0]["lines"][0].update(qty="two")
    ),
    "a field missing": _receipts(lambda p: p["items"][0].pop("sold_at")),
    "a sale of a product head office never sent": _receipts(
        lambda p: p["items"][0]["lines"][0].update(sku="NO-SUCH-SKU")
    ),
    "a cursor that goes backwards": _receipts(lambda p: p.update(cursor=0)),
}


@pytest.mark.parametrize("spoiler", SPOILERS)
def test_a_bad_reply_changes_nothing(
    spoiler: str, shop: Any, head_office: Any, new_till: Database
) -> None:
    office, app = head_office
    shop.sell((shop.cat.tee_m, 1))
    publish_store(app, shop)
    enrol(new_till, office, "SH01", 1)
    before = (cursors(new_till), price_of(new_till, shop.cat.coat), count(new_till, SalesReceipt))
    # Head office changes a price (products pull fine) and sells more (receipts spoilt).
    later = shop.sell((shop.cat.coat, 1))
    publish_store(app, shop)
    with app.state.sessions() as s:
        coat = s.scalars(select(HOProduct).where(HOProduct.sku == shop.cat.coat)).one()
        coat.price_fen, coat.rev = 88800, next_rev(s)
        s.commit()
    rewriter = Rewriter(office.url)
    rewriter.spoil = SPOILERS[spoiler]
    try:
        result = pull(new_till, HeadOffice(rewriter.url, office.token))
    finally:
        rewriter.close()

    assert result.problem is SyncProblem.BAD_REPLY, result
    assert result.detail
    # The whole pull was refused: not even the good products page was applied.
    after = (cursors(new_till), price_of(new_till, shop.cat.coat), count(new_till, SalesReceipt))
    assert after == before
    # And the next good pull takes it all.
    good = pull(new_till, office)
    assert good.problem is None
    assert price_of(new_till, shop.cat.coat) == 88800
    assert find_sale(new_till, later.receipt_no, now_utc()) is not None


def test_with_head_office_away_the_till_works_on_its_last_copy(
    shop: Any, head_office: Any, new_till: Database
) -> None:
    office, app = head_office
    sale = shop.sell((shop.cat.tee_m, 1))
    publish_store(app, shop)
    enrol(new_till, office, "SH01", 1)
    age = mirror_age(new_till)

    away = pull(new_till, HeadOffice(f"http://127.0.0.1:{free_port()}", office.token))

    assert away.problem is SyncProblem.UNREACHABLE
    assert mirror_age(new_till) == age  # and the app says how old its copy is
    assert find_sale(new_till, sale.receipt_no, now_utc()) is not None


def test_enrolment_that_fails_changes_nothing(
    shop: Any, head_office: Any, new_till: Database
) -> None:
    office, app = head_office
    publish_store(app, shop)
    with pytest.raises(EnrolFailed) as wrong_store:
        enrol(new_till, office, "BJ01", 1)
    assert "SH01" in wrong_store.value.detail
    with pytest.raises(EnrolFailed) as wrong_token:
        enrol(new_till, HeadOffice(office.url, "not-the-token"), "SH01", 1)
    assert wrong_token.value.problem is LinkProblem.UNAUTHORIZED
    assert count(new_till, Product) == 0 and cursors(new_till) == {}


# -- policies --------------------------------------------------------------------------


def refund(db: Database, staff: Any, receipt_no: str, line_id: int, *, complete: bool) -> str:
    ctx = load_till_context(db, load_policy(db, Path("no-such-policy.toml"))[0])
    no = cases.open_case(
        db,
        ctx,
        staff,
        receipt_no,
        cases.IntakeInput(
            "张三",
            "13812345678",
            Channel.STORE,
            ProblemCategory.CHANGED_MIND,
            "",
            Resolution.REFUND,
            ((line_id, 1),),
        ),
    )
    cases.record_inspection(db, ctx, staff, no, [cases.InspectionInput(line_id)])
    cases.submit_case(db, ctx, staff, no, [cases.DecisionInput(line_id, Resolution.REFUND)])
    if complete:
        cases.complete_case(db, staff, no)
    return no


def policy_version_of(db: Database, case_no: str) -> str:
    return cases.case_detail(db, case_no).policy_version


def test_a_published_policy_decides_the_next_case(
    shop: Any, head_office: Any, default_policy_text: str
) -> None:
    office, app = head_office
    publish_store(app, shop)
    first, second = shop.sell((shop.cat.tee_m, 1)), shop.sell((shop.cat.tee_m, 1))
    staff = shop.cashier.info
    line = first.line(shop.cat.tee_m).receipt_line_id
    decided_before = refund(shop.db, staff, first.receipt_no, line, complete=False)
    assert policy_version_of(shop.db, decided_before) == "2026.1"

    newer = default_policy_text.replace('version = "2026.1"', 'version = "2026.2"')
    with app.state.sessions() as s:
        publish_policy(s, toml=newer)
        s.commit()
    result = pull(shop.db, office)

    assert result.problem is None and result.new_policy == "2026.2"
    policy, problem = load_policy(shop.db, Path("no-such-policy.toml"))
    assert (policy.version, problem) == ("2026.2", None)
    line2 = second.line(shop.cat.tee_m).receipt_line_id
    decided_after = refund(shop.db, staff, second.receipt_no, line2, complete=False)
    assert policy_version_of(shop.db, decided_after) == "2026.2"
    assert policy_version_of(shop.db, decided_before) == "2026.1"


def test_head_office_refuses_a_policy_that_does_not_parse(
    head_office: Any, default_policy_text: str
) -> None:
    _office, app = head_office
    with app.state.sessions() as s, pytest.raises(PolicyRejected) as bad:
        publish_policy(s, toml=default_policy_text.replace("refund_days = 7", "refund_days = -7"))
    assert "refund_days" in str(bad.value)


# -- two tills, one receipt line ---------------------------------------------------------


def returned_qty(db: Database, receipt_no: str, sku: str) -> tuple[int, int]:
    sale = find_sale(db, receipt_no, now_utc())
    assert sale is not None
    line = next(ln for ln in sale.lines if ln.sku == sku)
    return line.returned_qty, line.returnable_qty


def line_id_at(db: Database, receipt_no: str, sku: str) -> int:
    sale = find_sale(db, receipt_no, now_utc())
    assert sale is not None
    return next(ln.receipt_line_id for ln in sale.lines if ln.sku == sku)


def test_two_offline_tills_returning_one_item_are_both_flagged(
    shop: Any, head_office: Any, new_till: Database
) -> None:
    office, app = head_office
    sale = shop.sell((shop.cat.tee_m, 1))
    publish_store(app, shop)
    enrol(new_till, office, "SH01", 1)
    till1_staff = auth.authenticate(new_till, "C001", "1111")
    tee = shop.cat.tee_m

    # Both tills are offline and each refunds the one T-shirt of the sale.
    at_till2 = refund(
        shop.db, shop.cashier.info, sale.receipt_no, sale.line(tee).receipt_line_id, complete=True
    )
    at_till1 = refund(
        new_till,
        till1_staff,
        sale.receipt_no,
        line_id_at(new_till, sale.receipt_no, tee),
        complete=True,
    )

    # Back online: both send; head office sees two returned of one sold.
    assert drain(shop.db, office).problem is None
    assert drain(new_till, office).problem is None
    with app.state.sessions() as s:
        found = conflicts(s)
        assert [(c.receipt_no, c.sold_qty, c.returned_qty) for c in found] == [
            (sale.receipt_no, 1, 2)
        ]
        assert sorted(found[0].case_nos) == sorted([at_till1, at_till2])
        flagged = set(s.scalars(select(HOCase.case_no).where(HOCase.conflict)))
        assert flagged == {at_till1, at_till2}

    # The next pull marks both cases at both tills and gives both the true quantity.
    for till in (shop.db, new_till):
        assert pull(till, office).problem is None
        with till.read() as s:
            assert conflicted_cases(s) == {at_till1, at_till2}
        assert returned_qty(till, sale.receipt_no, tee) == (2, 0)


def test_a_till_blocks_a_return_another_till_already_made(
    shop: Any, head_office: Any, new_till: Database
) -> None:
    office, app = head_office
    sale = shop.sell((shop.cat.tee_m, 1))
    publish_store(app, shop)
    enrol(new_till, office, "SH01", 1)
    tee = shop.cat.tee_m
    refund(
        shop.db, shop.cashier.info, sale.receipt_no, sale.line(tee).receipt_line_id, complete=True
    )
    assert drain(shop.db, office).problem is None

    assert pull(new_till, office).problem is None

    assert returned_qty(new_till, sale.receipt_no, tee) == (1, 0)
    with pytest.raises(cases.CaseRefused):
        refund(
            new_till,
            auth.authenticate(new_till, "C001", "1111"),
            sale.receipt_no,
            line_id_at(new_till, sale.receipt_no, tee),
            complete=False,
        )
