"""``aftersales enrol`` as IT runs it on a till, against the real head-office service on a
loopback port: the first enrolment keeps the token out of settings.ini (in a file only the
user reads); changing head office's token or address afterwards needs a manager of the
till, by PIN, and each change is audited in the till's database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from sync_helpers import publish_store

from aftersales.config import Paths
from aftersales.db.engine import Database
from aftersales.headoffice import crud
from aftersales.services.till_audit import head_office_changes


def enrol(paths: Paths, url: str, token: str, *extra: str, stdin: str = "") -> tuple[int, str]:
    """``aftersales --data-dir … enrol URL SH01 --till 3 …``: its exit code and what it said."""
    done = subprocess.run(
        [sys.executable, "-m", "aftersales", "--data-dir", str(paths.data_dir), "enrol", url]
        + ["SH01", "--till", "3", *extra],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "AFTERSALES_STORE_TOKEN": token, "QT_QPA_PLATFORM": "offscreen"},
    )
    return done.returncode, done.stdout + done.stderr


def kept(paths: Paths) -> tuple[str, str]:
    """What the till keeps: the ini's text, and the token file's."""
    return paths.settings.read_text("utf-8"), paths.token_file.read_text("utf-8").strip()


def test_enrol_keeps_the_token_private_and_a_change_needs_a_managers_pin(
    shop: Any, head_office: Any, tmp_path: Path
) -> None:
    office, app = head_office
    publish_store(app, shop)  # the till will learn the shop's staff: cashier C001, manager M001
    paths = Paths(tmp_path / "till3")

    code, said = enrol(paths, office.url, office.token)
    assert code == 0, said
    ini, token = kept(paths)
    assert token == office.token and office.token not in ini and office.url in ini
    assert paths.token_file.stat().st_mode & 0o777 == 0o600
    db = Database(paths.database)
    try:
        [first] = head_office_changes(db)
        # The till had no staff yet: nobody could give a PIN; still noted.
        assert (first.manager_no, first.via, first.old_url, first.new_url) == (
            "",
            "enrol",
            "",
            office.url,
        )
        assert first.token_changed

        with app.state.sessions() as s:
            new_token = crud.new_store_token(s, code="SH01")
            s.commit()
        assert new_token is not None
        before = kept(paths)
        code, said = enrol(paths, office.url, new_token)
        assert code == 1 and "needs a manager" in said and "--manager" in said, said
        code, said = enrol(paths, office.url, new_token, "--manager", "C001", stdin="1111\n")
        assert code == 1 and "C001 is not a manager" in said, said
        code, said = enrol(paths, office.url, new_token, "--manager", "M001", stdin="0000\n")
        assert code == 1 and "wrong staff number or PIN" in said, said
        assert kept(paths) == before and len(head_office_changes(db)) == 1  # nothing changed

        code, said = enrol(paths, office.url, new_token, "--manager", "M001", stdin="2222\n")
        assert code == 0, said
        assert kept(paths)[1] == new_token and new_token not in kept(paths)[0]
        second = head_office_changes(db)[1]
        assert (second.manager_no, second.via, second.token_changed) == ("M001", "enrol", True)
        assert (second.old_url, second.new_url) == (office.url, office.url)
    finally:
        db.dispose()
