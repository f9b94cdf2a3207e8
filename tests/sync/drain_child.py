"""Tills' drains in processes of their own, for test_stateful_sync.py to SIGKILL mid-drain.

Run as ``python drain_child.py``. A small fork server: it imports everything once, says
``READY``, then for each line of JSON on stdin (``{"db": path, "url": ..., "token": ...,
"timeout_s": ...}``) forks a child that opens that till's database and drains it once.
Forking a process that has imported everything costs milliseconds, where starting Python
and importing costs most of a second, for every drain.

Protocol on stdout, each line one ``os.write`` of far less than PIPE_BUF bytes, so the
parent sees whole lines only:

- ``READY``: imported, waiting for orders.
- ``DRAINING <pid>``: the child ``pid`` opened the database and starts its drain. The
  parent may SIGKILL that pid from now on: the server does not reap the child (its pid
  stays taken) until the parent sends ``REAP`` on stdin.
- ``RESULT <json>``: the child's drain returned (sent, pending, problem, detail).
- ``ERROR <exception>``: the child's drain raised.
- ``EXIT <pid> <status>``: reaped, after ``REAP``: ``status`` is the exit code, or minus
  the signal that ended it.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from sqlalchemy.orm import configure_mappers

from aftersales.db.engine import Database
from aftersales.sync import outbox


def say(line: str) -> None:
    os.write(1, (line + "\n").encode("utf-8"))


def drain_once(order: dict[str, object]) -> None:
    outbox.TIMEOUT_S = float(str(order["timeout_s"]))
    db = Database(Path(str(order["db"])))
    say(f"DRAINING {os.getpid()}")
    result = outbox.drain(db, outbox.HeadOffice(str(order["url"]), str(order["token"])))
    say(
        "RESULT "
        + json.dumps(
            {
                "sent": result.sent,
                "pending": result.pending,
                "problem": result.problem.value if result.problem else None,
                "detail": result.detail[:200],
            }
        )
    )
    db.dispose()


def child(order: dict[str, object]) -> None:
    code = 0
    try:
        drain_once(order)
    except BaseException as e:
        say(f"ERROR {type(e).__name__}: {e}")
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        sys.stderr.flush()
        os._exit(code)


def main() -> int:
    configure_mappers()
    say("READY")
    for line in sys.stdin:
        if not line.strip():
            continue
        pid = os.fork()
        if pid == 0:
            child(json.loads(line))
        if sys.stdin.readline().strip() != "REAP":
            return 2
        _, status = os.waitpid(pid, 0)
        code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
        say(f"EXIT {pid} {code}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
