"""Sync throughput: a till draining its outbox, and head office taking events in.

Two measures, each against the real service run as it is deployed
(``python -m aftersales.headoffice serve`` in its own process, on a loopback port, a store
enrolled with ``add-store``):

- drain: a till database whose outbox holds ``--drain-cases`` whole cases (each opened,
  inspected, submitted and completed through the real services: four events a case), and
  head office on a SQLite file; ``aftersales.sync.outbox.drain`` is timed until the
  outbox is empty (batches of ``outbox.BATCH``, one request each, each batch marked sent in
  the till's database). Target: 1,000 cases in 10 s or less. Then head office is restored
  from a backup taken before the drain (SQLite's online backup, as the README says) and
  ``aftersales.sync.reconcile.reconcile`` and the drain are timed until every case is
  back. Target: 1,000 cases found and sent again in 30 s or less.
- ingest: the same kind of events (the till's own, for ``--ingest-cases`` distinct cases,
  pre-encoded in batches of ``--batch`` as the till encodes them: JSON, gzipped) posted over
  one keep-alive connection
  (``http.client.HTTPConnection``) to head office on a SQLite file and on PostgreSQL (a
  private cluster, ``tests/pg_cluster.py``, imported by path). Every reply must be 200 with
  every event applied. Target: 1,000 cases a second or more.
- ingest from ``--stores`` stores at once: the same cases shared out among that many
  enrolled stores (renumbered with each store's code), each store posting its own on its
  own connection, to ``serve --workers`` processes, as production runs it.

CPU time is read from /proc for head office (its process and workers) and, on
PostgreSQL, for the cluster's server processes: on a small machine they share the cores,
and the two together bound what one connection can reach.

The till's cases are built on a RAM disk when there is one (the building is not timed),
then copied to a file in ``--dir`` (or the temporary folder), where the drain's writes
go. Head office's SQLite file is there too. Prints the figures next to the targets;
never fails on a target. ``--profile`` then runs the events route's work in process under
cProfile on each backend, and prints where the time goes.

Usage: ``.venv/bin/python bench/bench_sync.py [--drain-cases 1000] [--ingest-cases 2000]
[--batch 500] [--stores 4] [--workers 2] [--backends sqlite,postgresql] [--dir DIR]
[--profile]``
"""

# ruff: noqa: T201 - a bench script reports on stdout

from __future__ import annotations

import argparse
import contextlib
import http.client
import importlib.util
import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

from _common import environment_line, filesystem_of, fresh_database, percentile, seed_store
from sqlalchemy import delete, select

from aftersales.db.engine import Database
from aftersales.db.models import OutboxEvent
from aftersales.domain.clock import now_utc
from aftersales.domain.codes import Channel, ProblemCategory, Resolution, Role
from aftersales.domain.states import CaseStatus
from aftersales.headoffice.models import HOStore
from aftersales.services.auth import StaffInfo
from aftersales.services.cases import (
    DecisionInput,
    InspectionInput,
    IntakeInput,
    complete_case,
    open_case,
    record_inspection,
    submit_case,
)
from aftersales.services.context import load_till_context
from aftersales.services.sales import find_sale
from aftersales.sync import outbox
from aftersales.sync.outbox import HeadOffice, drain, pending_count
from aftersales.sync.reconcile import reconcile

ROOT = Path(__file__).resolve().parent.parent
TARGET_DRAIN_S = 10.0  # for 1,000 cases
TARGET_RESEND_S = 30.0  # for 1,000 cases head office lost in a restore
TARGET_INGEST_CASES_S = 1000.0
STORE = ("SH01", "上海南京东路店")


def load_pg_cluster() -> ModuleType:
    path = ROOT / "tests" / "pg_cluster.py"
    spec = importlib.util.spec_from_file_location("pg_cluster", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


# -- the till's cases ---------------------------------------------------------------------


def build_till(folder: Path, cases: int, seed: int) -> tuple[Path, float]:
    """A till database with ``cases`` whole cases in its outbox; its path and build time."""
    rng = random.Random(seed)
    t0 = time.perf_counter()
    db, path = fresh_database(folder)
    try:
        seeded = seed_store(db, rng, receipts=cases, lines_per_receipt=2)
        ctx = load_till_context(db)
        cashier = StaffInfo(seeded.cashier_id, "C001", "李收银", Role.CASHIER)
        for receipt_no in seeded.receipt_nos:
            sale = find_sale(db, receipt_no, now_utc())
            assert sale is not None
            ids = [ln.receipt_line_id for ln in sale.lines]
            intake = IntakeInput(
                customer_name="王女士",
                customer_phone="13800138000",
                channel=Channel.STORE,
                category=ProblemCategory.SIZE_FIT,
                description="尺码偏小",
                wanted=Resolution.REFUND,
                lines=tuple((i, 1) for i in ids),
            )
            case_no = open_case(db, ctx, cashier, receipt_no, intake)
            record_inspection(db, ctx, cashier, case_no, [InspectionInput(i) for i in ids])
            result = submit_case(
                db, ctx, cashier, case_no, [DecisionInput(i, Resolution.REFUND) for i in ids]
            )
            if result.status is not CaseStatus.SUBMITTED:
                raise SystemExit(f"case {case_no} went to {result.status}: bench data is wrong")
            complete_case(db, cashier, case_no)
    finally:
        db.dispose()
    return path, time.perf_counter() - t0


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite file (WAL included), through SQLite's backup."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def outbox_events(path: Path) -> list[dict[str, Any]]:
    """The till's events as it sends them, in the order it wrote them."""
    db = Database(path)
    try:
        with db.read() as s:
            return [
                {
                    "event_id": r.event_id,
                    "case_no": r.case_no,
                    "seq": r.seq,
                    "kind": r.kind,
                    "payload": r.payload,
                }
                for r in s.scalars(select(OutboxEvent).order_by(OutboxEvent.id))
            ]
    finally:
        db.dispose()


def keep_only_cases(db: Database, wanted: set[str]) -> None:
    """Take every other case's events out of the outbox (this copy of the till is the
    drain's alone), so it holds ``wanted`` only: marked sent instead, they would be found
    missing at head office when the till reconciles."""
    with db.write() as s:
        s.execute(delete(OutboxEvent).where(OutboxEvent.case_no.not_in(wanted)))


# -- head office in its own process -------------------------------------------------------


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its descendants so far, those that ended
    included once reaped (Linux); NaN if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return float("nan")
    own = sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")  # incl. reaped
    return own + sum(x for c in children if (x := tree_cpu_seconds(int(c))) == x)


def postmaster_of(database_url: str) -> int | None:
    """The pid of the PostgreSQL server listening on the URL's port (on this machine)."""
    port = urlsplit(database_url).port
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            argv = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if argv[0].endswith(b"postgres") and b"-p" in argv and str(port).encode() in argv:
            return int(proc.name)
    return None


@dataclass
class Service:
    url: str
    tokens: dict[str, str]  # store code -> token
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def token(self) -> str:
        return self.tokens[STORE[0]]

    def cpu_seconds(self) -> float:
        """CPU time of the service so far: its process and its workers."""
        return tree_cpu_seconds(self.process.pid)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cli(data_dir: Path, database_url: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "aftersales.headoffice",
        "--data-dir",
        str(data_dir),
        "--database-url",
        database_url,
    ]


def store_codes(n: int) -> list[str]:
    """The bench's stores: SH01 (the till's own) and then SH02, SH03…"""
    return [STORE[0], *(f"SH{k:02d}" for k in range(2, n + 1))]


@contextlib.contextmanager
def head_office(
    data_dir: Path, database_url: str, *, stores: int = 1, workers: int = 1
) -> Iterator[Service]:
    """Enrol the stores, serve on a free loopback port; stop the service at the end."""
    data_dir.mkdir(parents=True, exist_ok=True)
    tokens = {}
    for code in store_codes(stores):
        name = STORE[1] if code == STORE[0] else f"{code} 店"
        enrolled = subprocess.run(
            [*_cli(data_dir, database_url), "add-store", code, name],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if enrolled.returncode != 0:
            raise SystemExit(f"add-store failed: {enrolled.stderr.strip()}")
        tokens[code] = enrolled.stdout.strip().rsplit(" ", 1)[-1]
    port = free_port()
    command = [*_cli(data_dir, database_url), "serve", "--port", str(port)]
    command += ["--workers", str(workers)]
    log = data_dir / "service.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT
        )
    service = Service(f"http://127.0.0.1:{port}", tokens, process, log)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise SystemExit(f"head office exited:\n{log.read_text('utf-8', 'replace')}")
            with contextlib.suppress(OSError):
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    if ready(service):
                        break
            if time.monotonic() > deadline:
                raise SystemExit("head office did not start within 60 s")
            time.sleep(0.05)
        yield service
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


# -- the three measures -------------------------------------------------------------------


def drain_all(db: Database, office: HeadOffice) -> tuple[int, int]:
    """Drain until nothing is pending: (events sent, drain calls)."""
    sent, rounds = 0, 0
    while True:
        result = drain(db, office)
        rounds += 1
        sent += result.sent
        if result.problem is not None:
            raise SystemExit(f"drain stopped: {result.problem} {result.detail}")
        if result.pending == 0:
            return sent, rounds


def measure_drain(till: Path, ho_dir: Path, cases: int) -> dict[str, float]:
    """The drain, then head office restored from a backup taken before it: the time for
    the till to find every case missing (``reconcile``'s cheap check, then the case
    list) and send it again."""
    db = Database(till)
    ho_file = ho_dir / "headoffice.sqlite3"
    backup = ho_dir / "before-the-drain.sqlite3"
    try:
        with db.read() as s:
            first = s.scalars(
                select(OutboxEvent.case_no).distinct().order_by(OutboxEvent.case_no)
            ).all()[:cases]
        keep_only_cases(db, set(first))
        events = pending_count(db)
        till_no = load_till_context(db).till_no
        with head_office(ho_dir, f"sqlite:///{ho_file}") as service:
            office = HeadOffice(service.url, service.token)
            with sqlite3.connect(ho_file) as live, sqlite3.connect(backup) as copy:
                live.backup(copy)  # the nightly backup: the store enrolled, no case yet
            cpu0 = service.cpu_seconds()
            t0 = time.perf_counter()
            sent, rounds = drain_all(db, office)
            seconds = time.perf_counter() - t0
            server_cpu = service.cpu_seconds() - cpu0

            with sqlite3.connect(backup) as copy, sqlite3.connect(ho_file) as live:
                copy.backup(live)  # head office restored: every case is gone
            t0 = time.perf_counter()
            found = reconcile(db, office, till_no)
            find_s = time.perf_counter() - t0
            resent, _ = drain_all(db, office)
            resend_s = time.perf_counter() - t0
            if found.problem is not None or resent != events:
                raise SystemExit(f"re-sent {resent} of {events}: {found}")
    finally:
        db.dispose()
    return {
        "cases": len(first),
        "events": events,
        "sent": sent,
        "seconds": seconds,
        "rounds": rounds,
        "server_cpu": server_cpu,
        "resent_cases": found.resent_cases,
        "find_seconds": find_s,
        "resend_seconds": resend_s,
    }


def ready(service: Service) -> bool:
    """Whether every worker answers: a few health checks on fresh connections."""
    try:
        for _ in range(8):
            with urllib.request.urlopen(service.url + "/api/v1/health", timeout=5) as reply:
                reply.read()
    except OSError:
        return False
    return True


def post_all(service: Service, bodies: list[bytes], store: str = STORE[0]) -> list[float]:
    """POST each batch over one keep-alive connection; the time of each request (ms)."""
    parts = urlsplit(service.url)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=60)
    token = service.tokens[store]
    headers = {
        "Authorization": f"Bearer {token}",
        "Content-Type": "application/json",
        "Content-Encoding": "gzip",
    }
    times = []
    try:
        conn.request("GET", "/api/v1/stores/me", headers=headers)  # connect, warm the path
        reply = conn.getresponse()
        reply.read()
        if reply.status != 200:
            raise SystemExit(f"stores/me answered {reply.status}")
        for body in bodies:
            t0 = time.perf_counter()
            conn.request("POST", "/api/v1/events", body=body, headers=headers)
            reply = conn.getresponse()
            raw = reply.read()
            times.append((time.perf_counter() - t0) * 1000)
            if reply.status != 200:
                raise SystemExit(f"HTTP {reply.status}: {raw[:300]!r}")
            results = json.loads(raw)["results"]
            if any(r["result"] != "applied" for r in results):
                raise SystemExit(f"not all applied: {results[:3]}")
    finally:
        conn.close()
    return times


def bodies_of(events: list[dict[str, Any]], batch: int) -> list[bytes]:
    """The requests' bodies, as the till sends them (gzipped JSON)."""
    return [
        outbox.encode_body({"events": events[i : i + batch]}) for i in range(0, len(events), batch)
    ]


def measure_ingest(service: Service, events: list[dict[str, Any]], batch: int) -> dict[str, Any]:
    bodies = bodies_of(events, batch)
    cpu0 = service.cpu_seconds()
    t0 = time.perf_counter()
    times = post_all(service, bodies)
    seconds = time.perf_counter() - t0
    return {
        "cases": len({e["case_no"] for e in events}),
        "events": len(events),
        "requests": len(bodies),
        "bytes": sum(len(b) for b in bodies),
        "seconds": seconds,
        "server_cpu": service.cpu_seconds() - cpu0,
        "times": sorted(times),
    }


def shared_out(events: list[dict[str, Any]], codes: list[str]) -> dict[str, list[dict[str, Any]]]:
    """The till's cases dealt out among the stores in turn, each case renumbered (and its
    receipt) with its store's code, its events in their order."""
    cases = sorted({e["case_no"] for e in events})
    store_of = {no: codes[i % len(codes)] for i, no in enumerate(cases)}
    prefix = f'"{STORE[0]}-'
    out: dict[str, list[dict[str, Any]]] = {code: [] for code in codes}
    for e in events:
        code = store_of[e["case_no"]]
        text = json.dumps(e, ensure_ascii=False).replace(prefix, f'"{code}-')
        out[code].append(json.loads(text))
    return out


def measure_ingest_at_once(
    service: Service, per_store: dict[str, list[dict[str, Any]]], batch: int
) -> dict[str, Any]:
    """Each store posts its own events on its own connection, all stores at once."""
    bodies = {code: bodies_of(events, batch) for code, events in per_store.items()}
    times: dict[str, list[float]] = {}
    failures: list[BaseException] = []

    def push(code: str) -> None:
        try:
            times[code] = post_all(service, bodies[code], code)
        except BaseException as e:  # noqa: BLE001 - reported below, from the main thread
            failures.append(e)

    threads = [threading.Thread(target=push, args=(code,)) for code in bodies]
    cpu0 = service.cpu_seconds()
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - t0
    if failures:
        raise SystemExit(f"a store's push failed: {failures[0]}")
    every = [e for events in per_store.values() for e in events]
    return {
        "cases": len({e["case_no"] for e in every}),
        "events": len(every),
        "requests": sum(len(b) for b in bodies.values()),
        "seconds": seconds,
        "server_cpu": service.cpu_seconds() - cpu0,
        "times": sorted(t for ts in times.values() for t in ts),
    }


def profile_in_process(database_url: str, data_dir: Path, bodies: list[bytes]) -> None:
    """The events route's work (parse, ``crud.apply_events``, one commit a batch)
    in this thread under cProfile, on a fresh database: where head office's time goes.
    (Profiling the service process would miss it: FastAPI runs the route in worker threads.)
    """
    import cProfile
    import pstats

    from sqlalchemy import event

    from aftersales.contract import EventBatchIn
    from aftersales.headoffice import crud
    from aftersales.headoffice.api.deps import unpack
    from aftersales.headoffice.core.config import Settings
    from aftersales.headoffice.main import create_app

    app = create_app(Settings(data_dir, database_url))
    statements: dict[str, int] = {}
    try:
        with app.state.sessions() as s:
            crud.create_store(s, code=STORE[0], name=STORE[1])
            s.commit()
            store_id = s.scalars(select(HOStore.id)).one()

        def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
            words = statement.split()
            table = next((w for w in words[1:6] if w.startswith("ho_")), "")
            key = f"{words[0]} {table}" if words else "?"
            statements[key] = statements.get(key, 0) + 1

        event.listen(app.state.engine, "before_cursor_execute", count)
        profile = cProfile.Profile()
        n_events = 0
        t0 = time.perf_counter()
        profile.enable()
        for body in bodies:
            batch = EventBatchIn.model_validate_json(unpack(body, "gzip"))
            with app.state.sessions() as s:
                store = s.get(HOStore, store_id)
                assert store is not None
                crud.apply_events(s, store=store, events=batch.events)
                s.commit()
            n_events += len(batch.events)
        profile.disable()
        seconds = time.perf_counter() - t0
    finally:
        app.state.engine.dispose()
    print(
        f"      profile, in process: {seconds:.2f} s under cProfile "
        f"({n_events / seconds:,.0f} events/s); SQL statements an event:"
    )
    for key, n in sorted(statements.items(), key=lambda kv: -kv[1]):
        print(f"        {n / n_events:5.2f}  {key}")
    print(f"        {sum(statements.values()) / n_events:5.2f}  in all")
    rows = []
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    for (filename, line, name), (_cc, ncalls, _tt, cumtime, _callers) in stats.items():
        if f"{os.sep}headoffice{os.sep}" in filename or name in ("_flush", "model_validate_json"):
            rows.append((cumtime, ncalls, f"{Path(filename).name}:{line}({name})"))
    print("        cumulative s    calls  function (head office's, and the ORM's flush)")
    for cumtime, ncalls, where in sorted(rows, reverse=True)[:12]:
        print(f"        {cumtime:12.2f} {ncalls:8d}  {where}")


def report_ingest(r: dict[str, Any], how: str) -> None:
    t = r["times"]
    cases_s = r["cases"] / r["seconds"]
    verdict = "met" if cases_s >= TARGET_INGEST_CASES_S else "MISSED"
    cpu = f"head office CPU {r['server_cpu']:.2f} s"
    if r.get("db_cpu") is not None:
        cpu += f", PostgreSQL CPU {r['db_cpu']:.2f} s"
    print(f"      {how}:")
    print(
        f"        {r['cases']} cases, {r['events']} events in {r['requests']} requests: "
        f"{r['seconds']:.2f} s, {cases_s:,.0f} cases/s, "
        f"{r['events'] / r['seconds']:,.0f} events/s; {cpu}"
    )
    print(
        f"        per request ms: p50 {percentile(t, 50):.1f}, p95 {percentile(t, 95):.1f}, "
        f"max {t[-1]:.1f}; target >= {TARGET_INGEST_CASES_S:,.0f} cases/s: {verdict}"
    )


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--drain-cases", type=int, default=1000)
    ap.add_argument("--ingest-cases", type=int, default=2000)
    ap.add_argument("--batch", type=int, default=outbox.BATCH, help="events per ingest request")
    ap.add_argument("--stores", type=int, default=4, help="stores posting at once")
    ap.add_argument("--workers", type=int, default=2, help="head office's worker processes")
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument("--seed", type=int, default=20261123)
    ap.add_argument("--dir", type=Path, default=None, help="where the files go (not a RAM disk)")
    ap.add_argument(
        "--profile", action="store_true", help="then profile the events route in process"
    )
    args = ap.parse_args(argv)
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    total = max(args.drain_cases, args.ingest_cases)

    with contextlib.ExitStack() as stack:
        work = Path(
            stack.enter_context(tempfile.TemporaryDirectory(prefix="aftersales-bs-", dir=args.dir))
        )
        ram = Path("/dev/shm")
        build_dir = Path(
            stack.enter_context(
                tempfile.TemporaryDirectory(
                    prefix="aftersales-bs-", dir=ram if ram.is_dir() else work
                )
            )
        )
        fstype = filesystem_of(work)
        print(f"bench_sync: building a till with {total} whole cases (not timed)…", flush=True)
        built, build_s = build_till(build_dir, total, args.seed)
        till = work / "till.sqlite3"
        copy_database(built, till)
        events = outbox_events(till)
        per_case = len(events) / total
        print(
            f"  built in {build_s:.1f} s on {filesystem_of(build_dir)}: {len(events)} events "
            f"({per_case:g} a case: opened, inspected, submitted, completed)"
        )
        print(f"  {environment_line()}")
        print(
            f"  files on {fstype}"
            + ("  WARNING: a RAM disk, no fsync cost" if fstype in ("tmpfs", "ramfs") else "")
        )
        print()

        d = measure_drain(till, work / "ho-drain", args.drain_cases)
        scaled = d["seconds"] * 1000 / d["cases"]
        verdict = "met" if scaled <= TARGET_DRAIN_S else "MISSED"
        print(f"  drain (till outbox -> head office on SQLite, batches of {outbox.BATCH})")
        print(
            f"    {d['cases']:.0f} cases, {d['events']:.0f} events: {d['seconds']:.2f} s, "
            f"{d['events'] / d['seconds']:,.0f} events/s, {d['cases'] / d['seconds']:,.0f} cases/s "
            f"({d['rounds']:.0f} drain call(s); head office CPU {d['server_cpu']:.2f} s)"
        )
        print(
            f"    target: 1,000 cases <= {TARGET_DRAIN_S:g} s: {scaled:.2f} s per 1,000 cases: "
            f"{verdict}"
        )
        scaled = d["resend_seconds"] * 1000 / d["cases"]
        verdict = "met" if scaled <= TARGET_RESEND_S else "MISSED"
        print("  after head office is restored from a backup taken before that drain")
        print(
            f"    {d['resent_cases']:.0f} cases found missing in {d['find_seconds']:.2f} s "
            f"(reconcile: the figures, then the case list), all sent again by "
            f"{d['resend_seconds']:.2f} s (the first drain above: {d['seconds']:.2f} s)"
        )
        print(
            f"    target: 1,000 cases found and sent again <= {TARGET_RESEND_S:g} s: "
            f"{scaled:.2f} s per 1,000 cases: {verdict}"
        )
        print()

        ingest_cases = sorted({e["case_no"] for e in events})[: args.ingest_cases]
        wanted = set(ingest_cases)
        ingest_events = [e for e in events if e["case_no"] in wanted]
        plain = len(json.dumps(ingest_events, ensure_ascii=False).encode()) / 1e6
        packed = sum(len(b) for b in bodies_of(ingest_events, args.batch)) / 1e6
        print(
            f"  ingest ({len(ingest_events)} events of {len(wanted)} cases, {plain:.1f} MB "
            f"of JSON, {packed:.2f} MB gzipped; {args.batch} events a request, keep-alive "
            "connections)"
        )
        pg: Any = None
        pg_stack = stack.enter_context(contextlib.ExitStack())
        for backend in backends:
            if backend == "sqlite":
                url = f"sqlite:///{work / f'ho-{backend}.sqlite3'}"
                note = "SQLite file (WAL, synchronous=FULL)"
            elif backend == "postgresql":
                if pg is None:
                    pg = load_pg_cluster()
                    reason = pg.why_unavailable()
                    if reason is not None:
                        print(f"    postgresql: skipped: {reason}")
                        continue
                t0 = time.perf_counter()
                url = pg_stack.enter_context(pg.private_postgres("headoffice"))
                note = (
                    f"PostgreSQL, private cluster, fsync=on (initdb + start "
                    f"{time.perf_counter() - t0:.1f} s)"
                )
            else:
                raise SystemExit(f"unknown backend {backend!r}")
            postmaster = postmaster_of(url) if backend == "postgresql" else None
            print(f"    {backend}: {note}")
            with head_office(work / f"ho-{backend}", url) as service:
                db_cpu0 = tree_cpu_seconds(postmaster) if postmaster else 0.0
                r = measure_ingest(service, ingest_events, args.batch)
                r["db_cpu"] = tree_cpu_seconds(postmaster) - db_cpu0 if postmaster else None
            report_ingest(r, "one store, one connection, one head office process")
            if args.stores > 1 or args.workers > 1:
                at_once_url = (
                    f"sqlite:///{work / f'ho-{backend}-at-once.sqlite3'}"
                    if backend == "sqlite"
                    else pg.create_database(url, "at_once")
                )
                per_store = shared_out(ingest_events, store_codes(args.stores))
                with head_office(
                    work / f"ho-{backend}-at-once",
                    at_once_url,
                    stores=args.stores,
                    workers=args.workers,
                ) as service:
                    db_cpu0 = tree_cpu_seconds(postmaster) if postmaster else 0.0
                    r = measure_ingest_at_once(service, per_store, args.batch)
                    r["db_cpu"] = tree_cpu_seconds(postmaster) - db_cpu0 if postmaster else None
                report_ingest(
                    r,
                    f"{args.stores} stores at once, a connection each, "
                    f"serve --workers {args.workers}",
                )
            if args.profile:
                fresh = (
                    f"sqlite:///{work / 'ho-profile.sqlite3'}"
                    if backend == "sqlite"
                    else pg.create_database(url, "profile")
                )
                profile_in_process(
                    fresh, work / f"ho-profile-{backend}", bodies_of(ingest_events, args.batch)
                )
        if pg is not None:
            t0 = time.perf_counter()
            pg_stack.close()
            print(
                f"    (PostgreSQL: cluster stopped and removed in {time.perf_counter() - t0:.1f} s)"
            )
    print()
    print("  The targets are never enforced. Head office runs as deployed, in its own process;")
    print("  its CPU time is read from /proc. Times include the till's and the client's work.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
