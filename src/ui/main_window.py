"""The main window: a stack of workflow screens, actions with shortcuts, a status bar."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Literal, overload

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QStackedWidget, QToolBar

from ..i18n import LANGUAGES
from .desk import Desk
from .message import Level
from .translator import install_translator
from .widgets import tr_label

if TYPE_CHECKING:
    from ..services.sales import SaleView
    from ..views.base import View
    from ..views.case_detail import CaseDetailView
    from ..views.decision import DecisionView
    from ..views.done import DoneView
    from ..views.inspection import InspectionView
    from ..views.intake import IntakeView
    from .sync_scheduler import SyncState

log = logging.getLogger("aftersales.ui")


class MainWindow(QMainWindow):
    """Routes the case from screen to screen; the views never call each other."""

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.desk = desk
        self.setWindowTitle(self.tr("Aftersales Desk"))
        self.resize(1180, 780)
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self._views: dict[str, View] = {}
        self._history: list[str] = []
        self._open_case_no: str | None = None

        from ..views.scan import ScanView

        self.scan_view = ScanView(desk)
        self._add("scan", self.scan_view)
        self.scan_view.sale_chosen.connect(self.on_scan_sale_chosen)
        self.scan_view.case_requested.connect(self.on_case_requested)

        self._build_actions()
        self._build_status_bar()
        desk.bridge.shown.connect(self.on_bridge_shown)
        desk.bridge.attach()
        desk.ready.connect(self.on_desk_ready)
        from .sync_scheduler import SyncScheduler

        self.sync = SyncScheduler(desk)
        self.sync.state_changed.connect(self.on_sync_state_changed)
        desk.staff_changed.connect(self.on_staff_changed)

    # -- building ----------------------------------------------------------------------

    def _build_actions(self) -> None:
        def action(
            text: str,
            shortcut: QKeySequence | QKeySequence.StandardKey | str,
            slot: Callable[[], object],
        ) -> QAction:
            a = QAction(text, self)
            a.setShortcut(QKeySequence(shortcut))
            a.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            a.triggered.connect(slot)
            self.addAction(a)
            return a

        self.act_scan = action(self.tr("New scan"), "F2", self.show_scan)
        self.act_cases = action(self.tr("Cases"), "F3", self.show_cases)
        self.act_sync = action(self.tr("Sync"), "F8", self.show_sync)
        self.act_settings = action(self.tr("Settings"), "F9", self.show_settings)
        self.act_switch = action(self.tr("Switch user"), "F12", self.switch_user)
        self.act_back = action(self.tr("Back"), "Esc", self.go_back)
        self.act_quit = action(self.tr("Quit"), QKeySequence.StandardKey.Quit, self.close)
        menu = self.menuBar().addMenu(self.tr("&Desk"))
        workflow = (
            self.act_scan,
            self.act_cases,
            self.act_sync,
            self.act_settings,
            self.act_switch,
        )
        for a in workflow:
            menu.addAction(a)
        menu.addSeparator()
        menu.addAction(self.act_quit)
        tb = self.addToolBar(self.tr("Workflow"))
        tb.setObjectName("workflow")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for a in workflow:
            tb.addAction(a)
            a.setToolTip(f"{a.text()} ({a.shortcut().toString()})")

    def _build_status_bar(self) -> None:
        self.staff_label = QLabel()
        self.till_label = QLabel()
        self.online_label = QLabel()
        self.online_label.setObjectName("onlineLabel")
        self.connection_label = QLabel(self.tr("Head office not set up"))
        self.connection_label.setObjectName("connectionLabel")
        self.connection_label.setToolTip(self._connection_tip(clock_off=False))
        self._show_online(None)
        sb = self.statusBar()
        sb.addWidget(self.staff_label)
        sb.addWidget(self.till_label)
        sb.addPermanentWidget(self.online_label)
        sb.addPermanentWidget(self.connection_label)
        self.on_staff_changed()

    def _add(self, name: str, view: View) -> None:
        self._views[name] = view
        self.stack.addWidget(view)

    def view(self, name: str) -> View:
        """A screen, built the first time it is needed (keeps start-up fast)."""
        if name not in self._views:
            factory: Callable[[], View] = getattr(self, f"_make_{name}")
            self._add(name, factory())
        return self._views[name]

    def _make_intake(self) -> View:
        from ..views.intake import IntakeView

        v = IntakeView(self.desk)
        v.case_opened.connect(self.on_case_opened)
        return v

    def _make_inspection(self) -> View:
        from ..views.inspection import InspectionView

        v = InspectionView(self.desk)
        v.inspected.connect(self.on_inspected)
        return v

    def _make_decision(self) -> View:
        from ..views.decision import DecisionView

        v = DecisionView(self.desk)
        v.case_finished.connect(self.on_case_finished)
        return v

    def _make_done(self) -> View:
        from ..views.done import DoneView

        v = DoneView(self.desk)
        v.next_requested.connect(self.show_scan)
        return v

    def _make_cases(self) -> View:
        from ..views.cases import CasesView

        v = CasesView(self.desk)
        v.case_requested.connect(self.on_case_requested)
        return v

    def _make_case_detail(self) -> View:
        from ..views.case_detail import CaseDetailView

        v = CaseDetailView(self.desk)
        v.case_finished.connect(self.on_case_finished)
        v.continue_requested.connect(self.on_continue_requested)
        return v

    def _make_sync(self) -> View:
        from ..views.sync import SyncView

        return SyncView(self.desk, self.sync)

    def _make_settings(self) -> View:
        from ..views.settings import SettingsView

        v = SettingsView(self.desk, self.sync)
        v.language_changed.connect(self.on_language_changed)
        v.connection_saved.connect(self.sync.poke)
        return v

    # -- navigation --------------------------------------------------------------------

    # The screens a case goes through are started once shown, so they come back as
    # themselves; any other screen as a View.
    @overload
    def show_view(self, name: Literal["intake"], *, remember: bool = True) -> IntakeView: ...
    @overload
    def show_view(
        self, name: Literal["inspection"], *, remember: bool = True
    ) -> InspectionView: ...
    @overload
    def show_view(self, name: Literal["decision"], *, remember: bool = True) -> DecisionView: ...
    @overload
    def show_view(self, name: Literal["done"], *, remember: bool = True) -> DoneView: ...
    @overload
    def show_view(
        self, name: Literal["case_detail"], *, remember: bool = True
    ) -> CaseDetailView: ...
    @overload
    def show_view(self, name: str, *, remember: bool = True) -> View: ...
    def show_view(self, name: str, *, remember: bool = True) -> View:
        current = self._current_name()
        if remember and current and current != name:
            self._history.append(current)
        v = self.view(name)
        self.stack.setCurrentWidget(v)
        v.entered()
        return v

    def _current_name(self) -> str | None:
        w = self.stack.currentWidget()
        for name, v in self._views.items():
            if v is w:
                return name
        return None

    def _current_view(self) -> View | None:
        """The screen shown (the stack holds nothing but the screens)."""
        return self._views.get(self._current_name() or "")

    def focus_scan(self) -> None:
        self.scan_view.entered()

    @Slot()
    def show_scan(self) -> None:
        self._history.clear()
        self.show_view("scan", remember=False)
        self.scan_view.reset()

    @Slot()
    def show_cases(self) -> None:
        if self.desk.db is not None:
            self.show_view("cases")

    @Slot()
    def show_sync(self) -> None:
        if self.desk.db is not None:
            self.show_view("sync")

    @Slot()
    def show_settings(self) -> None:
        self.show_view("settings")

    @Slot()
    def go_back(self) -> None:
        name = self._current_name() or ""
        current = self._views.get(name)
        if current is not None and current.handle_back():
            return
        if self._history:
            self.show_view(self._history.pop(), remember=False)
            return
        self.show_scan()
        if name in ("inspection", "decision") and self._open_case_no:
            self.scan_view.banner.show_message(
                Level.INFO,
                self.tr("Case {0} is kept as it is. Continue it from the case list (F3).").format(
                    self._open_case_no
                ),
            )

    @Slot()
    def switch_user(self) -> None:
        if self.desk.db is None:
            return
        from ..views.sign_in import SignInDialog

        dlg = SignInDialog(self.desk, self)
        dlg.setObjectName("signInDialog")
        dlg.accepted.connect(self.show_scan)
        dlg.finished.connect(dlg.deleteLater)
        dlg.finished.connect(self.take_focus_back)
        dlg.open()

    @Slot()
    def take_focus_back(self) -> None:
        """A dialog closed: the window is active again and the current screen has focus."""
        self.activateWindow()
        current = self._current_view()
        if current is not None:
            current.entered()

    # -- the case's path ----------------------------------------------------------------

    @Slot(object)
    def on_scan_sale_chosen(self, sale: SaleView) -> None:
        self.show_view("intake").start(sale)

    @Slot(str, object)
    def on_case_opened(self, case_no: str, sale: SaleView) -> None:
        self.sync.poke()
        # The case is saved: going back must not lead to the intake again (a second
        # case), so Esc from here on returns to the scan and says where the draft is.
        self._history.clear()
        self._open_case_no = case_no
        self.show_view("inspection", remember=False).start(case_no, sale)

    @Slot(str, object)
    def on_inspected(self, case_no: str, sale: SaleView) -> None:
        self.show_view("decision").start(case_no, sale)

    @Slot(str, str)
    def on_continue_requested(self, case_no: str, step: str) -> None:
        """Pick up a case where it was left: inspection for a draft, else the decision."""
        from ..services.cases import sale_for_case

        self._history.clear()
        self._open_case_no = case_no
        sale = sale_for_case(self.desk.require_db(), case_no)
        if step == "inspection":
            self.show_view("inspection", remember=False).start(case_no, sale)
        else:
            self.show_view("decision", remember=False).start(case_no, sale)

    @Slot(str)
    def on_case_finished(self, case_no: str) -> None:
        self.sync.poke()
        self._history.clear()
        self._open_case_no = None
        self.show_view("done", remember=False).start(case_no)

    @Slot(str)
    def on_case_requested(self, case_no: str) -> None:
        self.show_view("case_detail").start(case_no)

    # -- desk events -------------------------------------------------------------------

    def _show_online(self, online: bool | None) -> None:
        """The status bar's first word on sync: online, offline, or not set up."""
        if online is None:
            text, colour = self.tr("Offline"), "#8a8a8a"
        elif online:
            text, colour = self.tr("Online"), "#1e7b34"
        else:
            text, colour = self.tr("Offline"), "#b02a2a"
        self.online_label.setText("● " + text)
        self.online_label.setStyleSheet(f"color:{colour};font-weight:600;")
        self.online_label.setProperty("online", online)

    @Slot(object)
    def on_sync_state_changed(self, state: SyncState) -> None:
        from ..domain.clock import STORE_TZ, local_date, now_utc

        if state.last_success is None:
            when = ""
        else:
            at = state.last_success.astimezone(STORE_TZ)
            same_day = at.date() == local_date(now_utc())
            when = at.strftime("%H:%M" if same_day else "%m-%d %H:%M")
        if not state.configured:
            text = self.tr("Head office not set up")
            if state.pending:
                text += " · " + self.tr("{0} waiting").format(state.pending)
        elif state.online:
            text = self.tr("Head office: sent at {0} · {1} waiting").format(
                when or "--:--", state.pending
            )
        elif state.problem == "unauthorized":
            text = self.tr("Head office refuses this till's token · {0} waiting").format(
                state.pending
            )
        elif state.problem == "till_in_use":
            text = self.tr(
                "This till number is in use by another computer: re-enrol · {0} waiting"
            ).format(state.pending)
        else:
            text = self.tr("Head office unreachable, trying again · {0} waiting").format(
                state.pending
            )
        if state.configured and not state.online:
            last = self.tr("last sent {0}").format(when) if when else self.tr("never sent yet")
            text += " · " + last
        if state.parked:
            text += " · " + self.tr("{0} failed").format(state.parked)
        if state.configured:
            text += " · " + self.mirror_text(state.mirror_at)
        clock = self.clock_text(state.clock_skew_s) if state.configured else ""
        if clock:
            text += " · " + clock
        self._show_online(state.online if state.configured else None)
        self.connection_label.setText(text)
        self.connection_label.setStyleSheet("color:#b02a2a;font-weight:600;" if clock else "")
        self.connection_label.setToolTip(self._connection_tip(clock_off=bool(clock)))

    def _connection_tip(self, *, clock_off: bool) -> str:
        tip = self.tr("Cases are saved on this till and queued for head office. Details: F8.")
        if clock_off:
            tip += "\n" + self.tr(
                "Until this till's clock is right, every return decided by the date of the "
                "sale needs a manager's approval."
            )
        return tip

    def mirror_text(self, at: datetime | None) -> str:
        """How old this till's copy of head office's data is, in words."""
        from ..domain.clock import now_utc

        if at is None:
            return self.tr("no data from head office yet")
        minutes = int((now_utc() - at).total_seconds() // 60)
        if minutes < 2:
            return self.tr("data up to date")
        if minutes < 120:
            return self.tr("data from {0} min ago").format(minutes)
        if minutes < 48 * 60:
            return self.tr("data from {0} h ago").format(minutes // 60)
        return self.tr("data from {0} days ago").format(minutes // (24 * 60))

    def clock_text(self, skew_s: float | None) -> str:
        """What to do about this till's clock, if it is off from head office's by more
        than the allowance ("" if not): until it is right, decisions by the date of a sale
        go to a manager."""
        from ..domain.clock import MAX_CLOCK_SKEW_S

        if skew_s is None or abs(skew_s) <= MAX_CLOCK_SKEW_S:
            return ""
        minutes = round(abs(skew_s) / 60)
        if minutes < 120:
            amount = self.tr("{0} min").format(minutes)
        elif minutes < 48 * 60:
            amount = self.tr("{0} h").format(round(minutes / 60))
        else:
            amount = self.tr("{0} days").format(round(minutes / (24 * 60)))
        if skew_s > 0:
            return self.tr(
                "This till's clock is {0} ahead of head office's: set the date and time right"
            ).format(amount)
        return self.tr(
            "This till's clock is {0} behind head office's: set the date and time right"
        ).format(amount)

    @Slot()
    def on_desk_ready(self) -> None:
        if self.desk.db is not None:
            self.sync.poke()
        self.on_staff_changed()
        if self.desk.db is not None and self.desk.staff is None and not self.desk.not_enrolled:
            self.switch_user()
        self.scan_view.entered()

    @Slot()
    def on_staff_changed(self) -> None:
        staff = self.desk.staff
        if staff is None:
            self.staff_label.setText(self.tr("Nobody signed in"))
        else:
            self.staff_label.setText(
                self.tr("On duty: {0} ({1}, No. {2})").format(
                    staff.name, tr_label(staff.role), staff.staff_no
                )
            )
        till = self.desk.till
        if till is not None:
            text = self.tr("{0} {1} · till {2:02d}").format(
                till.store_code, till.store_name, till.till_no
            )
            if till.demo:
                text += " · " + self.tr("DEMO DATA")
            self.till_label.setText(text)

    @Slot(int, str)
    def on_bridge_shown(self, level: int, text: str) -> None:
        current = self._current_view()
        if current is not None:
            current.banner.show_message(Level(level), text)
        else:
            self.statusBar().showMessage(text, 15000)

    @Slot(str)
    def on_language_changed(self, lang: str) -> None:
        """Rebuild the screens in the new language (only between cases)."""
        app = QApplication.instance()
        assert app is not None
        install_translator(app, lang)
        log.info("language now %s (%s)", lang, LANGUAGES.get(lang))
        self.menuBar().clear()
        for a in self.actions():
            self.removeAction(a)
        for tb in self.findChildren(QToolBar):
            self.removeToolBar(tb)
            tb.deleteLater()
        for name, v in list(self._views.items()):
            if name != "scan":
                self.stack.removeWidget(v)
                v.deleteLater()
                del self._views[name]
        self.scan_view.retranslate()
        self._build_actions()
        self.setWindowTitle(self.tr("Aftersales Desk"))
        self.connection_label.setText(self.tr("Head office not set up"))
        self._show_online(None)
        self.on_sync_state_changed(self.sync.state)
        self.on_staff_changed()
        self.show_view("settings", remember=False)
