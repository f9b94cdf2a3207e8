"""The till's state as the UI sees it: database, till, staff on duty, language.

Views get the desk through their constructor and call services through :meth:`Desk.call`,
which runs the call off the UI thread and turns environmental failures into one plain
sentence on the message bridge. A screen that only runs once the desk is ready takes the
database, the till and the staff member on duty through :meth:`Desk.require_db`,
:meth:`Desk.require_till` and :meth:`Desk.require_staff`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, QSettings, Signal

from ..config import Paths, keep_private
from ..i18n import DEFAULT_LANGUAGE, LANGUAGES
from ..token_store import TokenNotSaved, TokenStore
from .message import MessageBridge
from .worker import run_in_background

if TYPE_CHECKING:
    from ..db.engine import Database
    from ..services.auth import StaffInfo
    from ..services.context import PolicyProblem, TillContext
    from ..services.documents import DocumentPrinter, PrintResult, Submit
    from ..sync.outbox import HeadOffice

    # What _open hands back from the worker thread: the database, the till (None: not
    # enrolled), the demo cashier (None outside the demo), and why the store's policy
    # file could not be used (None: it could, or there is none).
    Opened = tuple[Database, TillContext | None, StaffInfo | None, PolicyProblem | None]

log = logging.getLogger("aftersales.ui")

T = TypeVar("T")


class DeskNotReady(RuntimeError):
    """A screen asked for the database, the till or the staff member on duty before the
    desk had it: a bug (the screen should not have been reachable yet)."""


class Desk(QObject):
    """Signals:
    ready(): the database is open and the till known (or known to be missing).
    staff_changed(): someone signed in or out.
    context_changed(): head office sent a new policy (or this till's store): new cases
        use it.
    """

    ready = Signal()
    staff_changed = Signal()
    context_changed = Signal()

    def __init__(self, paths: Paths, bridge: MessageBridge, *, demo: bool = False) -> None:
        super().__init__()
        self.paths = paths
        self.bridge = bridge
        self.demo = demo
        self.settings = QSettings(str(paths.settings), QSettings.Format.IniFormat)
        keep_private(paths.settings)  # one written before this rule
        self.tokens = TokenStore(paths)
        self._move_token_out_of_settings()
        self.db: Database | None = None
        self.till: TillContext | None = None
        self.staff: StaffInfo | None = None
        self.not_enrolled = False
        self.open_error: str | None = None

    # -- settings ----------------------------------------------------------------------

    @property
    def language(self) -> str:
        lang = str(self.settings.value("ui/language", DEFAULT_LANGUAGE))
        return lang if lang in LANGUAGES else DEFAULT_LANGUAGE

    def set_language(self, lang: str) -> None:
        self.settings.setValue("ui/language", lang)
        self.settings.sync()

    # -- printers (this machine's, so in its settings file, not the database) ------------

    def printer_for(self, document: str) -> DocumentPrinter:
        """Where ``document`` ("slip" or "receipt") prints on this till."""
        from ..printing.paper import Paper
        from ..services.documents import DocumentPrinter

        key = f"printing/{document}"
        queue = str(self.settings.value(f"{key}/queue", "") or "") or None
        paper = str(self.settings.value(f"{key}/paper", Paper.THERMAL_80.value))
        try:
            copies = max(1, min(9, int(str(self.settings.value(f"{key}/copies", 1)))))
        except ValueError:
            copies = 1
        return DocumentPrinter(
            queue,
            Paper(paper) if paper in {p.value for p in Paper} else Paper.THERMAL_80,
            copies,
        )

    def set_printer_for(self, document: str, printer: DocumentPrinter) -> None:
        key = f"printing/{document}"
        self.settings.setValue(f"{key}/queue", printer.queue or "")
        self.settings.setValue(f"{key}/paper", printer.paper.value)
        self.settings.setValue(f"{key}/copies", printer.copies)
        self.settings.sync()

    def print_backend(self) -> tuple[Callable[[], list[str]], Submit]:
        """How this computer prints: CUPS's own client where it exists (the PDF itself goes
        to the queue), else Qt's print support (Windows' spooler)."""
        import shutil

        if shutil.which("lp") and shutil.which("lpstat"):
            from ..printing.queues import list_queues, submit_pdf

            return list_queues, submit_pdf
        from .qt_print import print_pdf_with_qt, qt_queues

        return qt_queues, print_pdf_with_qt

    def print_case_document(
        self,
        case_no: str,
        document: str,
        on_done: Callable[[PrintResult], None],
        on_error: Callable[[BaseException], bool | None] | None = None,
        context: QObject | None = None,
    ) -> None:
        """Print one of a case's documents ("slip" or "receipt") on this till's printer for
        it, off the UI thread: rendered on its paper, sent to its queue, the outcome noted
        on the case (a reprint is marked as one). ``on_done`` gets the
        :class:`~aftersales.services.documents.PrintResult`."""
        from ..services.documents import Document, print_document

        printer = self.printer_for(document)
        submit = self.print_backend()[1]
        db, till, paths, staff = self.require_db(), self.require_till(), self.paths, self.staff
        self.call(
            lambda: print_document(
                db, till, paths, staff, case_no, Document(document), printer, submit
            ),
            on_done,
            on_error,
            context,
        )

    def head_office(self) -> HeadOffice | None:
        """Where this till sends its cases, if it has been set up."""
        from ..sync.outbox import HeadOffice

        if self.demo and not self.settings.contains("sync/url"):
            # The demo till sends to the demo head office (README) unless set otherwise.
            from ..services.demo import DEMO_HEAD_OFFICE_URL, DEMO_STORE_TOKEN

            return HeadOffice(DEMO_HEAD_OFFICE_URL, DEMO_STORE_TOKEN)
        url = str(self.settings.value("sync/url", "") or "").strip()
        # Still in settings.ini only if it could not be moved out (said at start).
        token = self.tokens.get() or str(self.settings.value("sync/token", "") or "").strip()
        if not (url and token):
            return None
        return HeadOffice(url, token, self.allow_plain_http, self.ca_file)

    @property
    def ca_file(self) -> str:
        """``sync/ca_file`` in settings.ini: the certificate of IT's private certificate
        authority, the only one head office's certificate is then checked against ("": the
        system's authorities)."""
        value = str(self.settings.value("sync/ca_file", "") or "").strip()
        return str(Path(value).expanduser()) if value else ""

    @property
    def allow_plain_http(self) -> bool:
        """``sync/allow_plain_http=true`` in settings.ini: http:// to another computer, on a
        store network IT vouches for (otherwise only https://, or http:// to this one)."""
        return str(self.settings.value("sync/allow_plain_http", "false")).lower() == "true"

    def set_head_office(self, url: str, token: str) -> None:
        """Keep head office's address (settings.ini) and the store's token (the keyring, or
        the private token file: never settings.ini). :class:`TokenNotSaved` if the token
        cannot be kept; then nothing was changed."""
        self.tokens.set(token)
        self.settings.setValue("sync/url", url.strip())
        self.settings.remove("sync/token")
        self.settings.sync()
        keep_private(Path(self.settings.fileName()))

    def _move_token_out_of_settings(self) -> None:
        """A settings.ini from before the token had a place of its own: the token moves to
        it, is read back, and only then leaves settings.ini (nothing is lost on the way)."""
        if not self.settings.contains("sync/token"):
            return
        token = str(self.settings.value("sync/token", "") or "").strip()
        try:
            if token:
                self.tokens.set(token)
                if TokenStore(self.paths, self.tokens.backend).get() != token:
                    raise TokenNotSaved(self.paths.data_dir, "it did not read back the same")
        except TokenNotSaved as e:
            self.bridge.error(self.token_not_saved_text(e))
            return
        self.settings.remove("sync/token")
        self.settings.sync()
        log.info("the store's token moved out of settings.ini (now in %s)", self.tokens.where)

    @staticmethod
    def token_not_saved_text(e: TokenNotSaved) -> str:
        return QCoreApplication.translate(
            "Errors",
            "The store's token cannot be saved: the folder {0} cannot be written ({1}). "
            "Nothing was changed: ask IT to make that folder writable for this user.",
        ).format(e.folder, e.reason)

    @property
    def auto_print(self) -> bool:
        return str(self.settings.value("printing/auto", "true")).lower() == "true"

    def set_auto_print(self, on: bool) -> None:
        self.settings.setValue("printing/auto", "true" if on else "false")
        self.settings.sync()

    # -- opening -----------------------------------------------------------------------

    @property
    def is_ready(self) -> bool:
        return self.db is not None and (self.till is not None or self.not_enrolled)

    def require_db(self) -> Database:
        """The open database, for a screen that is only reachable once it is open."""
        if self.db is None:
            raise DeskNotReady("the database is not open yet")
        return self.db

    def require_till(self) -> TillContext:
        """This till's store and policy, for a screen that is only reachable on an enrolled
        till (a case's screens: the scan refuses receipts until the till has a store)."""
        if self.till is None:
            raise DeskNotReady("this till has no store yet")
        return self.till

    def require_staff(self) -> StaffInfo:
        """The staff member on duty, for an action that is recorded in their name."""
        if self.staff is None:
            raise DeskNotReady("nobody is signed in")
        return self.staff

    def open_in_background(self, today: date | None = None) -> None:
        """Open (create, migrate, seed the demo into) the database off the UI thread."""
        run_in_background(
            lambda: _open(self.paths, self.demo, today), self._on_opened, self._on_open_failed
        )

    def _on_opened(self, result: Opened) -> None:
        self.db, self.till, staff, policy_problem = result
        self.not_enrolled = self.till is None
        if policy_problem is not None:
            self.bridge.error(
                QCoreApplication.translate(
                    "Errors",
                    "The store's policy file {0} cannot be used: {1}: {2}. Until it is "
                    "corrected, this till decides by the built-in policy {3}.",
                ).format(
                    policy_problem.path.name,
                    policy_problem.key,
                    policy_problem.problem,
                    self.till.policy.version if self.till else "",
                )
            )
        if staff is not None:
            self.set_staff(staff)
        self.ready.emit()

    def reload_context(self) -> None:
        """Read the policy and this till's store again (after a pull brought a new policy
        or enrolled the till); cases already decided keep the version they were decided by."""
        from ..services.context import NotEnrolled, load_policy, load_till_context

        db, paths = self.db, self.paths
        if db is None:
            return

        def load() -> TillContext | None:
            policy, _problem = load_policy(db, paths.policy)
            try:
                return load_till_context(db, policy)
            except NotEnrolled:
                return None

        def done(till: TillContext | None) -> None:
            if till is not None:
                self.till, self.not_enrolled = till, False
                log.info("policy %s is used for new cases from now", till.policy.version)
                self.context_changed.emit()

        run_in_background(load, done, lambda exc: log.warning("reload failed: %r", exc), self)

    def _on_open_failed(self, exc: BaseException) -> None:
        self.open_error = self.describe(exc) or QCoreApplication.translate(
            "Errors", "The database could not be opened: {0}. Nothing was changed. Call IT support."
        ).format(exc)
        self.bridge.error(self.open_error)
        self.ready.emit()

    # -- staff -------------------------------------------------------------------------

    def set_staff(self, staff: StaffInfo | None) -> None:
        self.staff = staff
        self.staff_changed.emit()

    # -- calls -------------------------------------------------------------------------

    def call(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], bool | None] | None = None,
        context: QObject | None = None,
        *,
        network: bool = False,
    ) -> None:
        """Run ``fn`` off the UI thread (on sync's own threads if it talks to head office:
        ``network``). ``on_error`` may handle an exception (return True);
        otherwise environmental failures become a message and bugs go to the excepthook."""

        def failed(exc: BaseException) -> None:
            if on_error is not None and on_error(exc):
                return
            text = self.describe(exc)
            if text is None:
                raise exc
            self.bridge.error(text)

        run_in_background(fn, on_done, failed, context, network=network)

    @staticmethod
    def describe(exc: BaseException) -> str | None:
        """One plain sentence for an environmental failure, or None for a bug."""
        from ..db.errors import StorageError, StorageProblem, classify

        err = exc if isinstance(exc, StorageError) else classify(exc)
        if err is None:
            return None
        return {
            StorageProblem.BUSY: QCoreApplication.translate(
                "Errors",
                "The database is busy with another program. Nothing was lost: try again in "
                "a moment.",
            ),
            StorageProblem.READ_ONLY: QCoreApplication.translate(
                "Errors",
                "The database file cannot be written (read-only or no permission). Nothing "
                "was saved: ask IT to check the data folder's permissions.",
            ),
            StorageProblem.DISK_FULL: QCoreApplication.translate(
                "Errors",
                "The disk is full. Nothing was saved and earlier cases are safe: free some "
                "space, then save again.",
            ),
            StorageProblem.CORRUPT: QCoreApplication.translate(
                "Errors",
                "The database file is damaged. Stop using this till and call IT support: "
                "the backups folder holds copies.",
            ),
            StorageProblem.IO: QCoreApplication.translate(
                "Errors",
                "The disk reported an error. Nothing was saved: try again, and call IT "
                "support if it happens again.",
            ),
            StorageProblem.CANNOT_OPEN: QCoreApplication.translate(
                "Errors",
                "The database file cannot be opened. Check that the data folder exists and "
                "is writable.",
            ),
        }[err.problem]


def _open(paths: Paths, demo: bool, today: date | None) -> Opened:
    """Runs on a worker thread: heavy imports, migrations, demo seeding."""
    from ..db.engine import Database
    from ..db.migrate import upgrade
    from ..domain.clock import local_date, now_utc
    from ..printing.fonts import preload_fonts_in_background
    from ..services.context import NotEnrolled, load_policy, load_till_context

    preload_fonts_in_background()
    paths.ensure()
    db = Database(paths.database)
    upgrade(db.engine, paths.database, paths.backups)
    policy, problem = load_policy(db, paths.policy)
    staff = None
    if demo:
        from ..services.demo import demo_cashier, ensure_demo

        # Seeded by the policy this till decides by, so the training receipts sit on its
        # windows (a store's policy.toml with a 10-day refund gives day 10 and day 11).
        ensure_demo(db, today or local_date(now_utc()), policy)
        staff = demo_cashier(db)
    try:
        till = load_till_context(db, policy)
    except NotEnrolled:
        till = None
    return db, till, staff, problem
