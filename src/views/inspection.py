"""Inspection and liability, per item: condition, damage, batch, photo; who is liable."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..domain.codes import DamageType, Liability, ProblemCategory
from ..domain.decide import Condition, InspectionRecord
from ..domain.liability import suggest_liability
from ..services.cases import MAX_CODE, MAX_TEXT
from ..ui.message import Level
from ..ui.widgets import CodeCombo, heading, tr_label
from .base import View
from .problems import problem_text

if TYPE_CHECKING:
    from ..services.cases import InspectionInput
    from ..services.sales import SaleLineView, SaleView
    from ..ui.desk import Desk


class LineInspection(QGroupBox):
    """The inspection of one returned item."""

    def __init__(
        self,
        line: SaleLineView,
        qty: int,
        category: ProblemCategory,
        photos_dir: Path,
        case_no: str,
    ) -> None:
        super().__init__(f"{line.name}  {line.sku} · {line.size} · {line.colour} × {qty}")
        self.line = line
        self.category = category
        self.photos_dir = photos_dir
        self.case_no = case_no
        self.photo_path: str | None = None
        self.tags = QCheckBox(self.tr("Tags attached"))
        self.unworn = QCheckBox(self.tr("Unworn"))
        self.unwashed = QCheckBox(self.tr("Unwashed"))
        self.stains = QCheckBox(self.tr("Stains"))
        self.odour = QCheckBox(self.tr("Odour"))
        for cb, on in (
            (self.tags, True),
            (self.unworn, True),
            (self.unwashed, True),
            (self.stains, False),
            (self.odour, False),
        ):
            cb.setChecked(on)
            cb.toggled.connect(self.update_suggestion)
        checks = QHBoxLayout()
        for cb in (self.tags, self.unworn, self.unwashed, self.stains, self.odour):
            checks.addWidget(cb)
        checks.addStretch(1)
        self.damage = CodeCombo(list(DamageType))
        self.damage.currentIndexChanged.connect(self.update_suggestion)
        self.batch = QLineEdit(line.batch)
        self.batch.setMaxLength(MAX_CODE)  # what head office takes
        self.photo_button = QPushButton(self.tr("Attach photo…"))
        self.photo_button.clicked.connect(self.on_photo_clicked)
        self.photo_label = QLabel()
        photo = QHBoxLayout()
        photo.addWidget(self.photo_button)
        photo.addWidget(self.photo_label, 1)
        self.suggestion = QLabel()
        self.suggestion.setWordWrap(True)
        self.liability = CodeCombo(list(Liability))
        self.liability.currentIndexChanged.connect(self.on_liability_changed)
        self.override_reason = QLineEdit()
        self.override_reason.setMaxLength(MAX_TEXT)
        self.override_reason.setPlaceholderText(
            self.tr("Why the liability differs from the suggestion (required, audited)")
        )
        form = QFormLayout(self)
        form.addRow(self.tr("Condition"), checks)
        form.addRow(self.tr("Damage"), self.damage)
        form.addRow(self.tr("Batch"), self.batch)
        form.addRow(self.tr("Photo"), photo)
        form.addRow(self.tr("Suggested liability"), self.suggestion)
        form.addRow(self.tr("Liability"), self.liability)
        form.addRow(self.tr("Override reason"), self.override_reason)
        self._suggested: Liability | None = None
        self.update_suggestion()

    @Slot()
    def update_suggestion(self) -> None:
        sug = suggest_liability(
            self.category,
            damage=self.damage.code(),
            stains=self.stains.isChecked(),
            odour=self.odour.isChecked(),
            unworn=self.unworn.isChecked(),
            unwashed=self.unwashed.isChecked(),
        )
        follow = self._suggested is None or self.liability.code() == self._suggested
        self._suggested = sug.party
        self.suggestion.setText(f"{tr_label(sug.party)} — {tr_label(sug.reason)}")
        if follow:
            self.liability.select(sug.party)
        self.on_liability_changed()

    @Slot()
    def on_liability_changed(self) -> None:
        overridden = self.liability.code() != self._suggested
        self.override_reason.setEnabled(overridden)

    @Slot()
    def on_photo_clicked(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Photo of the item"), "", self.tr("Images (*.jpg *.jpeg *.png)")
        )
        if not name:
            return
        src = Path(name)
        target = self.photos_dir / f"{self.case_no}-{self.line.line_no}{src.suffix.lower()}"
        try:
            self.photos_dir.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, target)
        except OSError as e:
            self.photo_label.setText(self.tr("Could not copy the photo: {0}").format(e.strerror))
            return
        self.photo_path = str(target)
        self.photo_label.setText(target.name)

    def load(self, saved: InspectionRecord) -> None:
        """Show an inspection saved earlier (a draft picked up again)."""
        self.tags.setChecked(saved.tags_attached)
        self.unworn.setChecked(saved.unworn)
        self.unwashed.setChecked(saved.unwashed)
        self.stains.setChecked(saved.stains)
        self.odour.setChecked(saved.odour)
        self.damage.select(saved.damage)
        self.batch.setText(saved.batch)
        self.liability.select(saved.liability)
        self.override_reason.setText(saved.override_reason)
        if saved.photo_path:
            self.photo_path = saved.photo_path
            self.photo_label.setText(Path(saved.photo_path).name)
        self.on_liability_changed()

    def value(self) -> InspectionInput:
        from ..services.cases import InspectionInput

        chosen = self.liability.code()
        return InspectionInput(
            receipt_line_id=self.line.receipt_line_id,
            condition=Condition(
                tags_attached=self.tags.isChecked(),
                unworn=self.unworn.isChecked(),
                unwashed=self.unwashed.isChecked(),
                stains=self.stains.isChecked(),
                odour=self.odour.isChecked(),
                damage=self.damage.code(),
            ),
            batch=self.batch.text(),
            photo_path=self.photo_path,
            liability=chosen,
            override_reason=self.override_reason.text() if chosen != self._suggested else "",
        )


class InspectionView(View):
    """Signals:
    inspected(str, object): the case number and the sale, once the inspection is saved.
    """

    inspected = Signal(str, object)

    def __init__(self, desk: Desk) -> None:
        super().__init__(desk)
        self.case_no = ""
        self.sale: SaleView | None = None
        self.forms: list[LineInspection] = []
        self.title = heading(self.tr("Inspection and liability"))
        self.case_label = QLabel()
        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        self.next_button = QPushButton(self.tr("Next: decision (Ctrl+Enter)"))
        self.next_button.setObjectName("inspectionNext")
        self.next_button.clicked.connect(self.on_next_clicked)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.on_next_clicked)
        QShortcut(QKeySequence("Ctrl+Enter"), self, self.on_next_clicked)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("The case is saved as a draft; Esc goes back.")))
        row.addStretch(1)
        row.addWidget(self.next_button)
        for w in (self.title, self.case_label, self.banner, self.area):
            self.layout_.addWidget(w)
        self.layout_.addLayout(row)

    def start(self, case_no: str, sale: SaleView) -> None:
        from ..services.cases import case_detail

        self.case_no, self.sale = case_no, sale
        self.banner.clear_message()
        detail = case_detail(self.desk.require_db(), case_no)
        self.case_label.setText(
            self.tr("Case {0} · {1} · receipt {2}").format(
                case_no, tr_label(detail.category), detail.receipt_no
            )
        )
        inner = QWidget()
        lay = QVBoxLayout(inner)
        self.forms = []
        for ln in detail.lines:
            form = LineInspection(
                sale.line(ln.receipt_line_id),
                ln.qty,
                detail.category,
                self.desk.paths.photos,
                case_no,
            )
            if ln.inspection is not None:
                form.load(ln.inspection)
            lay.addWidget(form)
            self.forms.append(form)
        lay.addStretch(1)
        self.area.setWidget(inner)
        self.first_focus = self.forms[0].tags if self.forms else self.next_button

    @Slot()
    def on_next_clicked(self) -> None:
        if not self.case_no or not self.isEnabled():
            return
        from ..services.cases import InspectionProblem, record_inspection

        for f in self.forms:
            if f.override_reason.isEnabled() and not f.override_reason.text().strip():
                self.banner.show_message(
                    Level.ERROR, problem_text(InspectionProblem.OVERRIDE_REASON_MISSING)
                )
                f.override_reason.setFocus()
                return
        values = [f.value() for f in self.forms]
        desk, case_no, sale = self.desk, self.case_no, self.sale
        db, till, staff = desk.require_db(), desk.require_till(), desk.require_staff()
        self.run_action(
            lambda: record_inspection(db, till, staff, case_no, values),
            lambda _: self.inspected.emit(case_no, sale),
        )
