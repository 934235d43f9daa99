"""The import wizard: file → header and columns → preview → import.

One wizard serves every Excel import; an :class:`Importer` describes what
differs (the fields of the mapping page, the plan and apply functions of the
service, the statuses and columns of the preview, whether rows can be
resolved by hand). Three are defined in ``importers``: :data:`ROSTER` (danh sách cán
bộ, :mod:`services.imports.roster`), :data:`HISTORY` (lịch sử khen thưởng,
:mod:`services.imports.history`) and :data:`EVALUATIONS` (kết quả xếp loại,
:mod:`services.imports.xep_loai`).

All reading and checking is done by the services; the wizard shows what
they found, lets the user correct the column mapping and, for rows that name
nobody or several people, choose the person or unit (a searchable list,
accent-insensitive). Nothing is written until Nhập, and then all rows or
none. The pages are in ``pages`` and ``preview`` (its panels in ``panels``).
"""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWizard

from ...services.imports import roster as ri
from ...store.db import StoreError
from ..widgets import fit_to_screen
from .importers import EVALUATIONS, HISTORY, IMPORTERS, ROSTER, Importer
from .pages import FilePage, MappingPage
from .preview import PreviewPage

__all__ = ["EVALUATIONS", "HISTORY", "IMPORTERS", "ROSTER", "ImportWizard", "Importer"]


class ImportWizard(QWizard):
    """``ImportWizard(parent, db, path=None, importer=ROSTER, year=None)``;
    ``exec()`` is true when something was imported (``result``)."""

    def __init__(self, parent, db, path: Path | None = None, importer: Importer = ROSTER,
                 year: int | None = None):
        super().__init__(parent)
        self.db = db
        self.importer = importer
        self.sheet_data = None
        self.layout: ri.Layout | None = None
        self.plan = None
        self.result = None
        self.convert_legacy = True
        self.rename_units = True
        self.year: int | None = year
        self.resolutions: dict[int, tuple[str, int]] = {}
        self.value_map: dict[tuple[str, str], str] = {}  # (field, value key) → code, chosen in the preview
        self.remembered: dict[tuple[str, str], tuple[str, str, str]] = {}  # … to remember: (section, code, text)
        self.remember_note = ""
        self.setObjectName(f"importWizard_{importer.key}")
        self.setWindowTitle(importer.title)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setButtonText(QWizard.WizardButton.NextButton, "Tiế&p >")
        self.setButtonText(QWizard.WizardButton.BackButton, "< &Quay lại")
        self.setButtonText(QWizard.WizardButton.FinishButton, "&Nhập")
        self.setButtonText(QWizard.WizardButton.CancelButton, "&Hủy")
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        for page in (self.file_page, self.mapping_page, self.preview_page):
            self.addPage(page)
        self.resize(1100 if importer.resolve_kinds else 980, 680)
        fit_to_screen(self)  # a small screen gets a smaller dialog
        if year is not None:
            self.file_page.year_spin.setValue(year)
        if path is not None:
            self.file_page.path_edit.setText(str(path))
            self.file_page._load_sheets()

    def make_plan(self, *, convert_legacy: bool, message: QLabel) -> bool:
        path = Path(self.file_page.path_edit.text().strip())
        try:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                extra = {"value_map": dict(self.value_map)} if self.importer.value_fields else {}
                self.plan = self.importer.plan(
                    self.db, path, sheet=self.file_page.sheet_combo.currentText(), layout=self.layout,
                    data=self.sheet_data, convert_legacy=convert_legacy, resolutions=dict(self.resolutions),
                    year=self.year, **extra,
                )
            finally:
                QApplication.restoreOverrideCursor()
        except StoreError as exc:
            message.setText(str(exc))
            return False
        self.convert_legacy = convert_legacy
        if hasattr(self.plan, "rename_units"):
            self.plan.rename_units = self.rename_units
        message.clear()
        return True

    def remember_values(self) -> None:
        """After the import: the readings the user asked to remember go into their vocabulary."""
        from ...services.imports.vocab import remember_phrases

        if not self.remembered:
            return
        try:
            path = remember_phrases(self.remembered.values())
        except OSError as exc:  # the import is done; only the remembering failed
            logging.getLogger(__name__).warning("could not remember import readings: %s", exc)
            self.remember_note = f"Không ghi nhớ được cách đọc các giá trị ({exc.strerror or exc})."
            return
        self.remember_note = f"Đã ghi nhớ {len(self.remembered)} cách đọc vào “{path}”."
