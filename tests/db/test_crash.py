"""Kill the till with SIGKILL in the middle of case work, again and again, on one file.

A child process (``crash_child.py``) works cases through the real services and real
``Database``, and reports each commit on stdout only after the service function returned.
The parent kills it after a random delay, then checks the file: every case the child
reported is there and whole (header, intake, lines, inspection and decisions, one audit
event per step, outbox rows numbered 1..n ending in the case's status), nothing exists
half-written, and no receipt line is returned more often than it was sold.

A kill can land after a commit but before its report line: the case is then one step
ahead of what was reported, and that is accepted only if the extra step is whole.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter, deque
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from aftersales.db.engine import Database
from aftersales.db.migrate import upgrade
from aftersales.db.models import (
    AppSetting,
    Product,
    ReceiptLine,
    SalesReceipt,
    Staff,
    Store,
    Till,
)
from aftersales.domain.clock import local_date
from aftersales.domain.codes import Role, Tender
from aftersales.domain.scan import ReceiptCode

CHILD = Path(__file__).with_name("crash_child.py")
ROUNDS = int(os.environ.get("AFTERSALES_CRASH_ROUNDS", "200"))
SEED = int(os.environ.get("AFTERSALES_CRASH_SEED", "20261123"))
KILL_AFTER_MS = (20, 400)  # counted from RUNNING: the child has opened the file and works
# Children started ahead of the one being killed, importing meanwhile. More than one only
# pays on an idle machine with spare cores: importers slow down the child at work.
PIPELINE = 1
STORE_CODE = "SH01"
TILL_NO = 1
RECEIPT_TILL = 2
# Keep at least this many units returnable before each round, so a child never runs dry.
MIN_RETURNABLE_UNITS = 600
TOP_UP_RECEIPTS = 120

# What each reported action adds to a case: outbox kinds and audit actions, in order.
# ``submit`` has two outcomes (with or without a manager's approval).
STEPS: dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...], str], ...]] = {
    "open": ((("case_opened",), ("open",), "draft"),),
    "inspect": ((("inspection_recorded",), ("inspect",), "draft"),),
    "submit": (
        (("case_submitted",), ("submit",), "submitted"),
        (
            ("case_submitted", "approval_requested"),
            ("submit", "request_approval"),
            "awaiting_approval",
        ),
    ),
    "approve": ((("case_approved",), ("approve",), "approved"),),
    "complete": ((("case_completed",), ("complete",), "completed"),),
}

_HELD = """
    SELECT cl.receipt_line_id AS lid, SUM(cl.qty) AS held
    FROM case_line cl
    JOIN aftersales_case c ON c.id = cl.case_id
    LEFT JOIN decision d ON d.case_line_id = cl.id
    WHERE c.status != 'cancelled'
      AND (d.resolution IS NULL OR d.resolution IN ('refund', 'exchange'))
    GROUP BY cl.receipt_line_id
"""


# -- the store ------------------------------------------------------------------------


class StoreSeeder:
    """Writes the reference data a till gets from head office; can add receipts later."""

    def __init__(self, db: Database, rng: random.Random) -> None:
        self.db = db
        self.rng = rng
        self.seq_by_day: Counter[date] = Counter()
        self.product_ids: list[int] = []
        self.store_id = 0

    def store(self, n_products: int = 40) -> None:
        rng = self.rng
        with self.db.write() as s:
            store = Store(code=STORE_CODE, name="上海南京东路店", phone="021-55550101")
            s.add(store)
            s.flush()
            self.store_id = store.id
            s.add_all(
                [
                    Till(store_id=store.id, till_no=TILL_NO, name="售后台"),
                    AppSetting(key="store_code", value=STORE_CODE),
                    AppSetting(key="till_no", value=str(TILL_NO)),
                    # The child never signs in, so any text does for the hashes.
                    Staff(
                        store_id=store.id,
                        staff_no="C001",
                        name="李收银",
                        role=Role.CASHIER.value,
                        pin_hash="not-a-hash",
                    ),
                    Staff(
                        store_id=store.id,
                        staff_no="M001",
                        name="陈店长",
                        role=Role.MANAGER.value,
                        pin_hash="not-a-hash",
                    ),
                ]
            )
            products = [
                Product(
                    sku=f"TS{n:04d}",
                    style_code=f"ST{n // 4:03d}",
                    name=f"棉质T恤 {n}",
                    colour=rng.choice(("白", "黑", "藏青")),
                    size=rng.choice(("S", "M", "L")),
                    category=rng.choice(("tops", "trousers", "dresses")),
                    batch="B2611",
                    price_fen=rng.randrange(4900, 39900, 100),
                    final_sale=rng.random() < 0.05,
                    hygiene=False,
                )
                for n in range(n_products)
            ]
            s.add_all(products)
            s.flush()
            self.product_ids = [p.id for p in products]

    def receipts(self, count: int) -> None:
        """``count`` sales from the last few days, 3 to 6 lines of 1 to 4 units each."""
        rng = self.rng
        now = datetime.now(UTC)
        with self.db.write() as s:
            prices = dict(s.query(Product.id, Product.price_fen).all())
            for _ in range(count):
                sold_at = now - timedelta(days=rng.randint(0, 3), minutes=rng.randint(1, 600))
                day = local_date(sold_at)
                self.seq_by_day[day] += 1
                code = ReceiptCode(STORE_CODE, RECEIPT_TILL, day, self.seq_by_day[day])
                lines = []
                for line_no, pid in enumerate(
                    rng.sample(self.product_ids, k=rng.randint(3, 6)), start=1
                ):
                    qty = rng.randint(1, 4)
                    unit = prices[pid]
                    discount = unit * qty // 10 if rng.random() < 0.3 else 0
                    lines.append(
                        ReceiptLine(
                            line_no=line_no,
                            product_id=pid,
                            qty=qty,
                            unit_price_fen=unit,
                            discount_fen=discount,
                            paid_fen=unit * qty - discount,
                        )
                    )
                s.add(
                    SalesReceipt(
                        receipt_no=code.receipt_no,
                        barcode=code.barcode,
                        store_id=self.store_id,
                        till_no=RECEIPT_TILL,
                        sold_at=sold_at,
                        tender=rng.choice(list(Tender)).value,
                        total_fen=sum(ln.unit_price_fen * ln.qty for ln in lines),
                        paid_fen=sum(ln.paid_fen for ln in lines),
                        lines=lines,
                    )
                )


# -- the child ------------------------------------------------------------------------


class Child:
    """One child process with threads draining its stdout and stderr as lines arrive."""

    def __init__(self, db_path: Path, seed: int, pycache: Path) -> None:
        self.started = time.monotonic()
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        # The child fails on any warning, as pytest does here. Its bytecode is cached in the
        # test's own folder (never in the tree): compiling the package again for every
        # child would add to each round.
        env.update(PYTHONWARNINGS="error", PYTHONPYCACHEPREFIX=str(pycache))
        self.proc = subprocess.Popen(
            [sys.executable, str(CHILD), str(db_path), str(seed)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env=env,
        )
        self.lines: list[str] = []
        self.errors: list[str] = []
        self.ready = threading.Event()
        self.running = threading.Event()
        self.ready_after = 0.0
        self._threads = [
            threading.Thread(target=self._read_stdout, daemon=True),
            threading.Thread(target=self._read_stderr, daemon=True),
        ]
        for t in self._threads:
            t.start()

    def _read_stdout(self) -> None:
        assert self.proc.stdout is not None
        for raw in self.proc.stdout:
            if not raw.endswith("\n"):
                break  # cut short by the kill: never reported
            self.lines.append(raw[:-1])
            if raw == "READY\n":
                self.ready_after = time.monotonic() - self.started
                self.ready.set()
            elif raw == "RUNNING\n":
                self.running.set()

    def _read_stderr(self) -> None:
        assert self.proc.stderr is not None
        for raw in self.proc.stderr:
            self.errors.append(raw)

    def go(self) -> None:
        """Let it open the database, and wait until it works on cases."""
        for event in (self.ready, self.running):
            deadline = time.monotonic() + 60
            while not event.wait(timeout=0.01):
                if not self.alive() or time.monotonic() > deadline:
                    self.kill()
                    pytest.fail(
                        "crash child did not start:\n"
                        + "\n".join(self.lines)
                        + "\n"
                        + "".join(self.errors)
                    )
            if event is self.ready:
                assert self.proc.stdin is not None
                self.proc.stdin.write("GO\n")
                self.proc.stdin.flush()

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)
        for t in self._threads:
            t.join(timeout=30)
        for pipe in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if pipe is not None:
                pipe.close()


# -- what the child said --------------------------------------------------------------

Step = tuple[str, str]  # (action, status after it)


@dataclass
class Report:
    """A round's stdout, read back: each case's reported steps, and the call in flight."""

    steps: dict[str, list[Step]] = field(default_factory=dict)
    n_lines: dict[str, int] = field(default_factory=dict)
    done: set[str] = field(default_factory=set)
    in_flight: tuple[str, str] | None = None  # (action, case_no or "-")
    commits: int = 0
    opened: int = 0
    running: bool = False
    exhausted: bool = False
    error: str = ""


def parse(lines: list[str]) -> Report:
    r = Report()
    for line in lines:
        word, *rest = line.split()
        if word == "RUNNING":
            r.running = True
        elif word == "EXHAUSTED":
            r.exhausted = True
        elif word == "ERROR":
            r.error = line
        elif word == "BEGIN":
            r.in_flight = (rest[0], rest[1])
        elif word == "COMMITTED":
            case_no, status, n, action = rest
            assert r.in_flight is not None and r.in_flight[0] == action, line
            assert r.in_flight[1] in ("-", case_no), line
            r.in_flight = None
            r.steps.setdefault(case_no, []).append((action, status))
            r.n_lines[case_no] = int(n)
            r.commits += 1
            r.opened += action == "open"
        elif word == "DONE":
            r.done.add(rest[0])
        else:
            assert word == "READY", line
    return r


def expected(steps: list[Step]) -> tuple[list[str], list[str], str]:
    """Outbox kinds, audit actions (overrides aside) and status after ``steps``."""
    kinds: list[str] = []
    audits: list[str] = []
    status = ""
    for action, after in steps:
        matching = [(k, a) for k, a, st in STEPS[action] if st == after]
        assert matching, f"{action} cannot end in {after}"
        k, a = matching[0]
        kinds += k
        audits += a
        status = after
    return kinds, audits, status


# -- checking the file ----------------------------------------------------------------


@dataclass
class CaseState:
    status: str
    outbox_seq: int
    kinds: list[str]
    last_payload: dict
    audits: list[str]
    n_lines: int
    n_inspections: int
    n_decisions: int
    n_overridden: int
    n_override_events: int
    has_intake: bool


def load_case(conn: sqlite3.Connection, case_no: str) -> CaseState | None:
    row = conn.execute(
        "SELECT id, status, outbox_seq FROM aftersales_case WHERE case_no = ?", (case_no,)
    ).fetchone()
    if row is None:
        return None
    case_id, status, outbox_seq = row
    outbox = conn.execute(
        "SELECT seq, kind, payload FROM outbox_event WHERE case_no = ? ORDER BY seq", (case_no,)
    ).fetchall()
    assert [seq for seq, _, _ in outbox] == list(range(1, len(outbox) + 1)), (case_no, outbox)
    audits = [
        a
        for (a,) in conn.execute(
            "SELECT action FROM audit_event WHERE case_id = ? ORDER BY id", (case_id,)
        )
    ]
    n_lines, n_insp, n_dec, n_over = conn.execute(
        """SELECT COUNT(*), COUNT(i.case_line_id), COUNT(d.case_line_id),
                  COALESCE(SUM(i.liability != i.suggested_liability), 0)
           FROM case_line cl
           LEFT JOIN inspection i ON i.case_line_id = cl.id
           LEFT JOIN decision d ON d.case_line_id = cl.id
           WHERE cl.case_id = ?""",
        (case_id,),
    ).fetchone()
    has_intake = (
        conn.execute("SELECT 1 FROM case_intake WHERE case_id = ?", (case_id,)).fetchone()
        is not None
    )
    return CaseState(
        status=status,
        outbox_seq=outbox_seq,
        kinds=[k for _, k, _ in outbox],
        last_payload=json.loads(outbox[-1][2]) if outbox else {},
        audits=[a for a in audits if a != "liability_override"],
        n_lines=n_lines,
        n_inspections=n_insp,
        n_decisions=n_dec,
        n_overridden=n_over,
        n_override_events=audits.count("liability_override"),
        has_intake=has_intake,
    )


def check_case_whole(case_no: str, st: CaseState) -> None:
    """What holds for every case in the file, whatever the child said."""
    assert st.has_intake, f"{case_no}: no intake"
    assert st.n_lines > 0, f"{case_no}: no lines"
    assert st.kinds, f"{case_no}: case without outbox rows"
    assert len(st.kinds) == st.outbox_seq, f"{case_no}: outbox_seq {st.outbox_seq}, rows {st.kinds}"
    assert st.last_payload["status"] == st.status, f"{case_no}: last payload {st.last_payload}"
    assert st.last_payload["case_no"] == case_no
    assert len(st.last_payload["lines"]) == st.n_lines, f"{case_no}: payload lines"
    # Every step writes exactly one audit event per outbox row (overrides aside).
    assert len(st.audits) == len(st.kinds), f"{case_no}: audits {st.audits}, outbox {st.kinds}"
    if "inspect" in st.audits:
        assert st.n_inspections == st.n_lines, f"{case_no}: inspections missing"
        assert st.n_override_events == st.n_overridden, f"{case_no}: override audit missing"
    if st.status != "draft":
        assert st.n_inspections == st.n_lines, f"{case_no}: {st.status} without inspection"
        assert st.n_decisions == st.n_lines, f"{case_no}: {st.status} without decisions"


def check_file(conn: sqlite3.Connection) -> None:
    """Whole-file checks: SQLite's own, then the invariants across all cases."""
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    torn = conn.execute(
        """SELECT c.case_no, c.outbox_seq, COUNT(o.id), MIN(o.seq), MAX(o.seq)
           FROM aftersales_case c LEFT JOIN outbox_event o ON o.case_no = c.case_no
           GROUP BY c.id
           HAVING COUNT(o.id) = 0 OR COUNT(o.id) != c.outbox_seq
               OR MIN(o.seq) != 1 OR MAX(o.seq) != COUNT(o.id)"""
    ).fetchall()
    assert torn == [], f"cases whose outbox is missing or has gaps: {torn[:5]}"
    orphans = conn.execute(
        """SELECT o.case_no FROM outbox_event o
           LEFT JOIN aftersales_case c ON c.case_no = o.case_no WHERE c.id IS NULL"""
    ).fetchall()
    assert orphans == [], f"outbox rows without a case: {orphans[:5]}"
    wrong_status = conn.execute(
        """SELECT c.case_no, c.status, json_extract(o.payload, '$.status')
           FROM aftersales_case c
           JOIN outbox_event o ON o.case_no = c.case_no AND o.seq = c.outbox_seq
           WHERE json_extract(o.payload, '$.status') IS NOT c.status"""
    ).fetchall()
    assert wrong_status == [], f"last outbox payload disagrees with the case: {wrong_status[:5]}"
    bare = conn.execute(
        """SELECT c.case_no FROM aftersales_case c
           WHERE NOT EXISTS (SELECT 1 FROM case_intake i WHERE i.case_id = c.id)
              OR NOT EXISTS (SELECT 1 FROM case_line l WHERE l.case_id = c.id)
              OR NOT EXISTS (SELECT 1 FROM audit_event a WHERE a.case_id = c.id
                             AND a.action = 'open')"""
    ).fetchall()
    assert bare == [], f"cases without intake, lines or opening audit: {bare[:5]}"
    over = conn.execute(
        f"""SELECT rl.id, rl.qty, h.held FROM receipt_line rl JOIN ({_HELD}) h ON h.lid = rl.id
            WHERE h.held > rl.qty"""
    ).fetchall()
    assert over == [], f"receipt lines returned more than sold: {over[:5]}"
    # The case counter moves in the same transaction as the case it numbers.
    per_day = Counter(
        no.split("-")[1] for (no,) in conn.execute("SELECT case_no FROM aftersales_case")
    )
    counters = {
        date.fromisoformat(day).strftime("%y%m%d"): last
        for day, last in conn.execute(
            "SELECT day, last_seq FROM case_counter WHERE store_code = ? AND till_no = ?",
            (STORE_CODE, TILL_NO),
        )
    }
    assert counters == dict(per_day), f"case counter {counters} vs cases {dict(per_day)}"


def returnable_units(conn: sqlite3.Connection) -> int:
    (n,) = conn.execute(
        f"""SELECT COALESCE(SUM(rl.qty - COALESCE(h.held, 0)), 0)
            FROM receipt_line rl LEFT JOIN ({_HELD}) h ON h.lid = rl.id"""
    ).fetchone()
    return int(n)


# -- the test -------------------------------------------------------------------------


@dataclass
class Tally:
    rounds: int = 0
    commits: int = 0
    cases_opened: int = 0
    cases_done: int = 0
    killed_before_running: int = 0
    killed_mid_case: int = 0
    killed_in_call_rolled_back: int = 0
    killed_after_commit_before_report: int = 0
    killed_between_calls: int = 0
    top_ups: int = 0
    ready_after: list[float] = field(default_factory=list)
    in_flight: Counter[str] = field(default_factory=Counter)


def check_round(
    conn: sqlite3.Connection, rep: Report, known: dict[str, list[Step]], tally: Tally
) -> None:
    """Every case the child reported is in the file, whole, and at the reported step
    (or one step further, if the kill fell between a commit and its report)."""
    check_file(conn)
    all_cases = {no for (no,) in conn.execute("SELECT case_no FROM aftersales_case")}
    reported = set(rep.steps)
    assert reported <= all_cases, f"reported but missing: {sorted(reported - all_cases)[:5]}"
    new = all_cases - set(known) - reported
    flight_action, flight_case = rep.in_flight or ("", "")
    if flight_action == "open":
        assert len(new) <= 1, f"cases nobody reported: {sorted(new)}"
        flight_case = next(iter(new), "-")
    else:
        assert not new, f"cases nobody reported: {sorted(new)}"
    committed_unreported = False
    for case_no in sorted(reported | new):
        steps = known.get(case_no, []) + rep.steps.get(case_no, [])
        st = load_case(conn, case_no)
        assert st is not None
        check_case_whole(case_no, st)
        if case_no in rep.n_lines:
            assert st.n_lines == rep.n_lines[case_no], f"{case_no}: lines {st.n_lines}"
        found = (st.kinds, st.audits, st.status)
        if case_no == flight_case and found != tuple(expected(steps)):
            # The kill came after the commit and before its report: one whole step more.
            options = [steps + [(flight_action, after)] for _, _, after in STEPS[flight_action]]
            matches = [o for o in options if tuple(expected(o)) == found]
            assert matches, f"{case_no}: {found} is neither {steps} nor one whole step more"
            steps = matches[0]
            committed_unreported = True
        else:
            assert found == tuple(expected(steps)), f"{case_no}: {found}, reported {steps}"
        known[case_no] = steps

    if not rep.running:
        tally.killed_before_running += 1
    elif rep.in_flight is None:
        tally.killed_between_calls += 1
    elif committed_unreported:
        tally.killed_after_commit_before_report += 1
    else:
        tally.killed_in_call_rolled_back += 1
    if rep.in_flight is not None:
        tally.in_flight[rep.in_flight[0]] += 1
    if any(no not in rep.done for no in rep.steps) or flight_action == "open":
        tally.killed_mid_case += 1
    tally.commits += rep.commits + committed_unreported
    tally.cases_opened += rep.opened + (flight_action == "open" and committed_unreported)
    tally.cases_done += len(rep.done)


@pytest.mark.slow
def test_sigkill_mid_case_keeps_every_commit_whole(tmp_path: Path, record_property) -> None:
    rng = random.Random(SEED)
    db_path = tmp_path / "aftersales.sqlite3"
    db = Database(db_path)
    try:
        assert upgrade(db.engine, db_path, tmp_path / "backups")
        seeder = StoreSeeder(db, rng)
        seeder.store()
        seeder.receipts(300)
    finally:
        db.dispose()

    tally = Tally()
    known: dict[str, list[Step]] = {}
    pycache = tmp_path / "pycache"
    t0 = time.monotonic()
    # Children are started PIPELINE rounds ahead: they import while earlier ones work.
    waiting: deque[Child] = deque()
    started = 0
    cur: Child | None = None
    try:
        for round_no in range(ROUNDS):
            while started < ROUNDS and len(waiting) < PIPELINE:
                waiting.append(Child(db_path, rng.randrange(2**32), pycache))
                started += 1
            with closing(sqlite3.connect(db_path)) as conn:
                low = returnable_units(conn) < MIN_RETURNABLE_UNITS
            if low:
                # Head office's mirror brings new sales; the engine reconnects on demand.
                try:
                    seeder.receipts(TOP_UP_RECEIPTS)
                finally:
                    db.dispose()
                tally.top_ups += 1
            cur = waiting.popleft()
            kill_after = rng.uniform(*KILL_AFTER_MS) / 1000
            cur.go()
            went = time.monotonic()
            if started < ROUNDS:
                waiting.append(Child(db_path, rng.randrange(2**32), pycache))
                started += 1
            time.sleep(max(0.0, kill_after - (time.monotonic() - went)))
            assert cur.alive(), (
                f"round {round_no}: child exited by itself ({cur.proc.returncode}):\n"
                + "\n".join(cur.lines[-5:])
                + "\n"
                + "".join(cur.errors)
            )
            cur.kill()
            assert cur.proc.returncode == -signal.SIGKILL, "".join(cur.errors)
            tally.ready_after.append(cur.ready_after)
            rep = parse(cur.lines)
            assert not rep.error, f"round {round_no}: {rep.error}\n" + "".join(cur.errors)
            assert not rep.exhausted, f"round {round_no}: the child ran out of receipts"
            with closing(sqlite3.connect(db_path)) as conn:
                try:
                    check_round(conn, rep, known, tally)
                except AssertionError as e:
                    raise AssertionError(
                        f"round {round_no} (seed {SEED}): {e}\nchild said: {cur.lines[-6:]}"
                    ) from e
            tally.rounds += 1
            cur = None
        # Finally, every case ever made, checked again against everything reported.
        with closing(sqlite3.connect(db_path)) as conn:
            check_file(conn)
            for case_no, steps in known.items():
                st = load_case(conn, case_no)
                assert st is not None, case_no
                check_case_whole(case_no, st)
                assert (st.kinds, st.audits, st.status) == tuple(expected(steps)), case_no
    finally:
        for child in (cur, *waiting):
            if child is not None:
                child.kill()

    elapsed = time.monotonic() - t0
    ready = sorted(tally.ready_after)
    summary = (
        f"crash test: seed {SEED}, {tally.rounds} rounds in {elapsed:.1f} s; "
        f"{tally.cases_opened} cases opened, {tally.cases_done} finished, "
        f"{tally.commits} commits; kills: {tally.killed_mid_case} mid-case, "
        f"{tally.killed_in_call_rolled_back} inside a service call (rolled back), "
        f"{tally.killed_after_commit_before_report} after a commit before its report, "
        f"{tally.killed_between_calls} between calls, "
        f"{tally.killed_before_running} during start-up; "
        f"in flight: {dict(sorted(tally.in_flight.items()))}; "
        f"receipt top-ups {tally.top_ups}; child import-to-READY "
        f"p50 {ready[len(ready) // 2] * 1000:.0f} ms"
    )
    record_property("crash_summary", summary)
    print("\n" + summary)  # noqa: T201 - the summary is for people running with -s
