"""The till checks head office's certificate: a head office whose certificate no trusted
authority signed is refused before the store's token is sent, with a sentence that says
so; IT names its private certificate authority in settings.ini (``sync/ca_file``) and the
same head office is then taken. The real service over TLS on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sync_helpers import refund_case
from tls_helpers import PrivateCA, make_private_ca, serving_tls

from aftersales.headoffice import crud
from aftersales.headoffice.core.config import Settings
from aftersales.headoffice.main import create_app
from aftersales.sync.outbox import HeadOffice, SyncProblem, check_link, drain, pending_count
from aftersales.sync.problems import LinkProblem
from aftersales.sync.pull import pull

UNTRUSTED = "head office's certificate is not trusted"


@pytest.fixture(scope="module")
def private_ca(tmp_path_factory: pytest.TempPathFactory) -> PrivateCA:
    return make_private_ca(tmp_path_factory.mktemp("ca"))


@pytest.fixture
def tls_office(tmp_path: Path, private_ca: PrivateCA) -> Iterator[tuple[str, str, Any]]:
    """Head office over https with a certificate of the private CA: URL, SH01's token, app."""
    app = create_app(Settings(tmp_path / "ho", f"sqlite:///{tmp_path / 'ho.sqlite3'}"))
    with app.state.sessions() as s:
        _store, token = crud.create_store(s, code="SH01", name="上海南京路店")
        s.commit()
    try:
        with serving_tls(app, private_ca) as url:
            yield url, token, app
    finally:
        app.state.engine.dispose()


def test_a_certificate_no_trusted_authority_signed_is_refused_with_a_clear_reason(
    shop: Any, tls_office: Any
) -> None:
    url, token, _app = tls_office
    office = HeadOffice(url, token)
    link = check_link(office, "SH01")
    assert link.problem is LinkProblem.UNTRUSTED_CERTIFICATE
    assert link.detail.startswith(UNTRUSTED), link.detail
    assert "sync/ca_file" in link.detail  # what IT does about it
    refund_case(shop)
    result = drain(shop.db, office)
    assert (result.sent, result.problem) == (0, SyncProblem.UNREACHABLE)
    assert result.detail.startswith(UNTRUSTED), result.detail
    assert pending_count(shop.db) == 4
    pulled = pull(shop.db, office)
    assert pulled.problem is SyncProblem.UNREACHABLE and pulled.detail.startswith(UNTRUSTED)


def test_with_the_private_ca_named_the_same_head_office_is_taken(
    shop: Any, tls_office: Any, private_ca: PrivateCA
) -> None:
    url, token, _app = tls_office
    office = HeadOffice(url, token, ca_file=str(private_ca.ca_file))
    link = check_link(office, "SH01")
    assert (link.problem, link.store_code) == (None, "SH01")
    refund_case(shop)
    result = drain(shop.db, office)
    assert (result.sent, result.problem, pending_count(shop.db)) == (4, None, 0)


def test_a_ca_file_that_cannot_be_read_is_named(shop: Any, tls_office: Any, tmp_path: Path) -> None:
    url, token, _app = tls_office
    missing = tmp_path / "no-such-ca.pem"
    link = check_link(HeadOffice(url, token, ca_file=str(missing)), "SH01")
    assert link.problem is LinkProblem.UNTRUSTED_CERTIFICATE
    assert "sync/ca_file" in link.detail and str(missing) in link.detail, link.detail
