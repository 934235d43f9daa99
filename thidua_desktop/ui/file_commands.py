"""The commands of the Tệp menu that move data in and out of the file: demo
data, the Excel imports, the exports of lists and unit workbooks, backups and
restore — each a dialog over a service, run through the window's ``perform``
(errors shown, nothing half-written) and recorded with ``did_change``.

Part of :class:`~thidua_desktop.ui.main_window.MainWindow` (a mixin)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox

from ..store import records
from ..store.db import StoreError
from ..store.rules import ruleset_for_year
from .widgets import confirm


class FileCommandsMixin:
    """Tệp → Nhập …, Xuất …, Sao lưu, Khôi phục; Sửa → Tạo dữ liệu mẫu."""

    # --- commands ----------------------------------------------------------------
    def create_demo(self) -> None:
        from ..services.demo import build_demo

        if not self._is_empty():
            QMessageBox.information(
                self, "Dữ liệu mẫu", "Tệp này đã có dữ liệu. Dữ liệu mẫu chỉ tạo được trên tệp trống."
            )
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            ok = self.perform(lambda: build_demo(self.db))
        finally:
            QApplication.restoreOverrideCursor()
        if ok:
            self.did_change("tạo dữ liệu mẫu")
            self.reload_all()
            self.show_tabs()

    def import_staff(self) -> None:
        from .imports.wizard import ImportWizard

        wizard = ImportWizard(self, self.db)
        if wizard.exec():
            self.did_change("nhập danh sách cán bộ")
            self.reload_all()
            self.show_tabs()
            self.select_tab("staff")

    def import_history(self) -> bool:
        """Tệp → Nhập lịch sử khen thưởng từ Excel; true when something was imported."""
        from .imports.wizard import HISTORY

        return self._import_records(HISTORY)

    def import_evaluations(self, year: int | None = None) -> bool:
        """Tệp → Nhập kết quả xếp loại từ Excel (``year``: preset year for the whole sheet)."""
        from .imports.wizard import EVALUATIONS

        return self._import_records(EVALUATIONS, year)

    def _import_records(self, importer, year: int | None = None) -> bool:
        from .imports.wizard import ImportWizard

        wizard = ImportWizard(self, self.db, importer=importer, year=year)
        if not wizard.exec():
            return False
        self.did_change(importer.done)
        self.reload_all()
        self.show_tabs()
        note = f" {wizard.remember_note}" if wizard.remember_note else ""
        self.statusBar().showMessage(f"Đã nhập: {wizard.result.describe()}.{note}", 8000)
        return True

    def export_staff(self) -> None:
        from ..services.documents.staff_xlsx import export_staff

        path, _ = QFileDialog.getSaveFileName(
            self, "Xuất danh sách cán bộ", str(Path.home() / "danh-sach-can-bo.xlsx"), "Excel (*.xlsx)"
        )
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        if self.perform(lambda: export_staff(self.db, Path(path))):
            self.statusBar().showMessage(f"Đã xuất danh sách cán bộ ra {path}", 8000)

    def export_registrations(self) -> None:
        """The summary of the campaign shown in the Đăng ký tab."""
        from ..services.documents.registration_xlsx import export_registration_summary

        campaign = self.tab("registrations").campaign()
        if campaign is None:
            QMessageBox.information(self, "Xuất bảng tổng hợp", "Chưa có phong trào thi đua nào.")
            return
        from .registrations.summary_dialog import SummaryOptionsDialog

        options = SummaryOptionsDialog(self, self.db, campaign.nam_ket_thuc or campaign.nam_bat_dau)
        if not options.exec():
            return
        default = Path.home() / f"tong-hop-dang-ky-{campaign.nam_bat_dau}.xlsx"
        path, _ = QFileDialog.getSaveFileName(self, "Xuất bảng tổng hợp đăng ký", str(default), "Excel (*.xlsx)")
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        count: list[int] = []
        if self.perform(lambda: count.append(export_registration_summary(self.db, campaign.id, Path(path),
                                                                         **options.options()))):
            self.statusBar().showMessage(f"Đã xuất {count[0]} cá nhân, tập thể ra {path}", 8000)

    def export_unit_templates(self) -> None:
        from ..services.imports.unit_workbooks import export_unit_templates

        campaign = self.tab("registrations").campaign()
        if campaign is None:
            QMessageBox.information(self, "Phiếu đăng ký", "Chưa có phong trào thi đua nào.")
            return
        if not records.list_units(self.db):
            QMessageBox.information(
                self, "Phiếu đăng ký",
                "Chưa có đơn vị nào: mỗi đơn vị nhận một phiếu với danh sách cán bộ của mình. "
                "Hãy nhập danh sách cán bộ trước (Tệp → Nhập danh sách cán bộ từ Excel…).")
            return
        folder = QFileDialog.getExistingDirectory(self, "Chọn thư mục để lưu phiếu đăng ký", str(Path.home()))
        if not folder:
            return
        paths: list = []
        if self.perform(lambda: paths.extend(export_unit_templates(self.db, campaign.id, Path(folder)))):
            where = paths[0].parent if paths else Path(folder)
            note = ("\n\nThư mục đã chọn có phiếu của lần xuất trước (có thể đơn vị đã điền và gửi lại), "
                    "nên các phiếu mới được để trong thư mục con mới, không ghi đè.") if where != Path(folder) else ""
            QMessageBox.information(self, "Phiếu đăng ký",
                                    f"Đã xuất {len(paths)} phiếu (mỗi đơn vị một tệp) vào:\n{where}{note}")

    def import_unit_templates(self) -> None:
        """Each returned workbook is previewed row by row, then applied on its own:
        all or nothing per file. The whole import is one undo step."""
        from ..services.imports import unit_workbooks as ut
        from .registrations.unit_workbook_dialog import TemplateImportDialog

        campaign = self.tab("registrations").campaign()
        if campaign is None:
            QMessageBox.information(self, "Phiếu đăng ký", "Chưa có phong trào thi đua nào.")
            return
        files, _ = QFileDialog.getOpenFileNames(self, "Chọn các phiếu đăng ký đơn vị gửi lại", str(Path.home()),
                                                "Excel (*.xlsx);;Mọi tệp (*)")
        report: list[str] = []
        changed = False
        for name in files:
            plan = None

            def make_plan(name=name):
                nonlocal plan
                plan = ut.plan_template_import(self.db, campaign.id, Path(name))

            if not self.perform(make_plan) or plan is None:
                report.append(f"{Path(name).name}: không đọc được.")
                continue
            try:
                titles = {t.code: t.name for t in ruleset_for_year(self.db, plan.year).titles}
            except StoreError:
                titles = {}
            dialog = TemplateImportDialog(self, plan, titles)
            if not dialog.exec():
                why = f"có {len(plan.errors)} dòng lỗi" if plan.errors else "bỏ qua"
                report.append(f"{Path(name).name}: {why}, chưa ghi gì.")
                continue
            result: list = []
            if self.perform(lambda: result.append(ut.apply_template_import(self.db, plan,
                                                                           decisions=dialog.decisions))):
                r = result[0]
                changed = changed or bool(r.created_ids or r.removed_rows)
                report.append(f"{Path(name).name}: {r.created} đăng ký mới, bỏ {r.removed}, giữ {r.kept}.")
        if changed:
            self.did_change("nhập phiếu đăng ký của đơn vị")
            self.reload_all()
        if report:
            QMessageBox.information(self, "Nhập phiếu đăng ký", "\n".join(report))

    def backup_now(self) -> None:
        """Sao lưu ngay: a verified ``manual`` copy in the backup folder."""
        from ..services.backup import backup_now

        result: list[Path] = []
        if self.perform(lambda: result.append(backup_now(self.db_path))):
            self.backup_label.hide()
            QMessageBox.information(self, "Sao lưu", f"Đã sao lưu và kiểm tra bản sao:\n{result[0]}")

    def backup_to_file(self) -> None:
        """Sao lưu ra tệp khác (a USB stick, a shared folder)."""
        from ..services.backup import backup_now

        default = Path.home() / f"{self.db_path.stem}-sao-luu-{dt.date.today():%Y-%m-%d}.sqlite"
        path, _ = QFileDialog.getSaveFileName(self, "Sao lưu ra tệp", str(default), "Tệp dữ liệu (*.sqlite)")
        if not path:
            return
        result: list[Path] = []
        if self.perform(lambda: result.append(backup_now(self.db_path, Path(path)))):
            QMessageBox.information(self, "Sao lưu", f"Đã sao lưu và kiểm tra bản sao:\n{result[0]}")

    def choose_backup(self) -> Path | None:
        """Pick one of this file's backups (newest first) or any other file."""
        from ..services.backup import backup_dir, list_backups

        backups = list_backups(self.db_path)
        other = "Chọn tệp khác…"
        labels = [
            f"{b.created:%d/%m/%Y %H:%M:%S} — {b.kind_label} — {b.size / 1_048_576:.1f} MB"
            for b in backups
        ] + [other]
        label, ok = QInputDialog.getItem(
            self, "Khôi phục dữ liệu", "Chọn bản sao lưu (mới nhất ở trên):", labels, 0, False
        )
        if not ok:
            return None
        if label != other:
            return backups[labels.index(label)].path
        path, _ = QFileDialog.getOpenFileName(
            self, "Chọn bản sao lưu để khôi phục", str(backup_dir(self.db_path)),
            "Tệp dữ liệu (*.sqlite *.db);;Mọi tệp (*)",
        )
        return Path(path) if path else None

    def restore_backup(self, source: Path | None = None) -> None:
        from ..services.backup import make_pre_migration_backup, restore
        from ..store.db import open_database

        source = source or self.choose_backup()
        if source is None:
            return
        if not confirm(
            self, "Khôi phục dữ liệu",
            f"Thay toàn bộ dữ liệu hiện tại bằng bản sao lưu:\n{source}\n\n"
            "Tệp hiện tại sẽ được giữ lại trong thư mục sao lưu trước khi thay.",
        ):
            return
        self.db.close()
        kept: list[Path | None] = []
        ok = self.perform(lambda: kept.append(restore(source, self.db_path)))
        # Reopen whatever is there now: the restored data, or the untouched old file.
        try:
            self.db = open_database(self.db_path, before_migrate=make_pre_migration_backup)
        except StoreError as exc:
            QMessageBox.critical(self, "Không mở được tệp dữ liệu", str(exc))
            self.close()
            return
        self._start_tracking()
        self._show_undo_state()
        self._show_file_state()
        self.reload_all()
        if ok:
            self.statusBar().showMessage("Đã khôi phục dữ liệu.", 8000)
            self.show_tabs()
            where = f"Tệp cũ được giữ tại:\n{kept[0]}" if kept[0] else ""
            QMessageBox.information(self, "Khôi phục dữ liệu", f"Đã khôi phục.\n{where}")
