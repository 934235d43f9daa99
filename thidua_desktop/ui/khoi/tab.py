"""Tab Khối thi đua: the khối of a year and its member agencies (left), the
chosen member's scoring grid — self-score vs appraisal line by line, the
difference highlighted, evidence and a note per line — and its agreed total
(right); the score sheet, the member workbooks, the ranking and the summary."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from ...domain import khoi as dk
from ...domain.khoi import LineScore
from ...services.khoi import service
from ...store import khoi as store
from ...store.db import StoreError
from ..documents.word import offer_documents
from ..fast_table import FastFilterProxy, FastTableModel
from ..widgets import action_buttons, confirm, fit_combo, master_detail, table_view
from .dialogs import KhoiDialog, MemberDialog, RankingDialog, SheetDialog, member_of

DIFFERENT = QBrush(QColor("#f8d7a9"))
HEADING = QBrush(QColor("#e7eef7"))


class MemberModel(FastTableModel):
    # the total and the rank come before the long columns: in sight at 1024×768
    COLUMNS = (("hang", "Hạng"), ("ten", "Cơ quan"), ("thong_nhat", "Thống nhất"), ("tu_cham", "Tự chấm"),
               ("lech", "Dòng lệch"), ("vai_tro", "Vai trò"))

    def sort_key(self, row, field):
        if field == "hang":
            return (row["hang"] is None, row["hang"] or 0, row["thu_tu"])
        return super().sort_key(row, field)

    def role_data(self, row, field, role):
        if role == Qt.ItemDataRole.BackgroundRole and field == "hang" and row["dong_diem"]:
            return QBrush(QColor("#fff3b0"))
        if role == Qt.ItemDataRole.ToolTipRole and row["dong_diem"]:
            return row["dong_diem"]
        return None


class ScoreModel(QAbstractTableModel):
    """One member's lines: Tự chấm, Thẩm định, Minh chứng and Ghi chú are edited
    here and kept as typed until Lưu điểm; headings show what their lines add up to."""

    COLUMNS = ("Mục", "Nội dung", "Điểm chuẩn", "Tự chấm", "Thẩm định", "Chênh lệch", "Minh chứng", "Ghi chú")
    EDITABLE = {3, 4, 6, 7}

    def __init__(self, parent=None):
        super().__init__(parent)
        self.sheet: dk.ScoreSheet | None = None
        self.saved: dict[int, LineScore] = {}
        self.lines: dict[int, LineScore] = {}
        self.leaves: set[int] = set()
        self.problem = ""

    def load(self, sheet: dk.ScoreSheet | None, lines: dict[int, LineScore]) -> None:
        self.beginResetModel()
        self.sheet = sheet
        self.saved = dict(lines)
        self.lines = dict(lines)
        self.leaves = set(sheet.leaves()) if sheet is not None else set()
        self.endResetModel()

    def changed(self) -> dict[int, LineScore]:
        return {i: s for i, s in self.lines.items() if s != self.saved.get(i, LineScore())}

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() or self.sheet is None else len(self.sheet.criteria)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.COLUMNS[section]
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in self.EDITABLE and index.row() in self.leaves:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def _values(self):
        own = dk.line_values(self.sheet, {i: s.tu_cham for i, s in self.lines.items()})
        agreed = dk.line_values(self.sheet, {i: s.tham_dinh for i, s in self.lines.items()})
        return own, agreed

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.sheet is None:
            return None
        i, col = index.row(), index.column()
        c = self.sheet.criteria[i]
        s = self.lines.get(i, LineScore())
        leaf = i in self.leaves
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == 0:
                return c.muc
            if col == 1:
                return "    " * max(c.level, 0) + c.noi_dung + ("" if c.loai == "cham" or not leaf
                                                               else f" ({dk.LOAI[c.loai].lower()})")
            if col == 2:
                return dk.fmt(c.diem_chuan)
            if col in (3, 4):
                if leaf:
                    return dk.fmt(s.tu_cham if col == 3 else s.tham_dinh)
                own, agreed = self._values()
                return dk.fmt((own if col == 3 else agreed)[i])
            if col == 5:
                return dk.fmt(s.difference) if leaf and s.difference else ""
            if col == 6:
                return s.minh_chung
            if col == 7:
                return s.ghi_chu
        if role == Qt.ItemDataRole.BackgroundRole:
            if leaf and s.difference and col in (3, 4, 5):
                return DIFFERENT
            if not leaf:
                return HEADING
        if role == Qt.ItemDataRole.FontRole and not leaf:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and col == 1:
            return c.noi_dung + (f"\nMinh chứng cần có: {c.minh_chung}" if c.minh_chung else "")
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (0, 2, 3, 4, 5):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not (self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        i, col = index.row(), index.column()
        s = self.lines.get(i, LineScore())
        if col in (3, 4):
            try:
                score = dk.parse_score(value, "Điểm")
            except dk.ScoreError as exc:
                self.problem = f"Mục {self.sheet.criteria[i].muc}: {exc}"
                return False
            if problem := self.sheet.score_problem(i, score):
                self.problem = problem
                return False
            s = LineScore(score, s.tham_dinh, s.minh_chung, s.ghi_chu) if col == 3 else \
                LineScore(s.tu_cham, score, s.minh_chung, s.ghi_chu)
        elif col == 6:
            s = LineScore(s.tu_cham, s.tham_dinh, str(value), s.ghi_chu)
        else:
            s = LineScore(s.tu_cham, s.tham_dinh, s.minh_chung, str(value))
        self.problem = ""
        self.lines[i] = s
        self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))
        return True

    def fill_appraisal(self) -> int:
        """Lines with a self-score and no appraisal take the self-score (the khối agrees); returns how many."""
        n = 0
        for i in self.leaves:
            s = self.lines.get(i, LineScore())
            if s.tu_cham is not None and s.tham_dinh is None:
                self.lines[i] = LineScore(s.tu_cham, s.tu_cham, s.minh_chung, s.ghi_chu)
                n += 1
        if n:
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))
        return n


class KhoiTab(QWidget):
    def __init__(self, window):
        super().__init__()
        self.window = window
        self.view: service.KhoiView | None = None
        self._shown_member: int | None = None  # whose lines the grid holds
        self.khoi_combo = fit_combo(QComboBox(), 40)
        self.khoi_combo.setObjectName("khoiCombo")
        self.members = MemberModel(self)
        self.member_proxy = FastFilterProxy(self)
        self.member_proxy.setSourceModel(self.members)
        self.list = table_view("khoiMembers", self.member_proxy, (36, 146, 74, 60, 62), empty=lambda: (
            "Chưa có khối thi đua nào — bấm “Thêm khối…” (Ctrl+N), rồi thêm các cơ quan thành viên."
            if self.khoi_combo.count() == 0 else
            "Khối chưa có cơ quan thành viên — bấm “Thêm cơ quan…”."))
        self.list.selectionModel().currentRowChanged.connect(lambda *_: self.show_member())
        self.list.doubleClicked.connect(lambda *_: self.edit_member())
        self.scores = ScoreModel(self)
        self.grid = table_view("khoiScores", self.scores, (38, 270, 56, 58, 62, 58, 150), editable=True,
                               empty=lambda: (
                                   "Khối chưa có bảng chấm điểm — “Nhập bảng chấm điểm…” từ tệp Excel của khối "
                                   "hoặc “Soạn bảng chấm điểm…”." if self.view is not None and self.view.sheet is None
                                   else "Chọn một cơ quan ở danh sách bên trái."))
        self.scores.dataChanged.connect(self._show_totals)
        self.agreed = QLabel()
        self.agreed.setObjectName("khoiAgreed")
        self.agreed.setWordWrap(True)
        self.agreed.setStyleSheet("font-weight: bold;")
        self.status = QLabel()
        self.status.setObjectName("khoiStatus")
        self.status.setWordWrap(True)
        self.actions, buttons = action_buttons(self, "khoi", (
            ("new", "Thêm khối…", QKeySequence.StandardKey.New, self.new_khoi),
            ("edit", "Sửa khối…", None, self.edit_khoi),
            ("delete", "Xóa khối", None, self.delete_khoi),
            ("add_member", "Thêm &cơ quan…", QKeySequence("Ctrl+Shift+N"), self.add_member),
            ("edit_member", "Sửa cơ quan…", None, self.edit_member),
            ("delete_member", "Xóa cơ quan", None, self.delete_member),
            ("import_sheet", "&Nhập bảng chấm điểm…", None, self.import_sheet),
            ("edit_sheet", "S&oạn bảng chấm điểm…", None, self.edit_sheet),
            ("export", "&Xuất phiếu chấm điểm…", None, self.export_workbooks),
            ("import", "Nhập &phiếu đã chấm…", None, self.import_workbooks),
            ("save", "&Lưu điểm", QKeySequence.StandardKey.Save, self.save_scores),
            ("fill", "Thẩm định đồng ý tự chấm", None, self.fill_appraisal),
            ("ranking", "Xếp &hạng, đồng điểm…", QKeySequence("Ctrl+Shift+H"), self.show_ranking),
            ("summary", "Xuất &bảng tổng hợp…", None, self.export_summary),
            ("word", "Văn bản &Word…", QKeySequence("Ctrl+Alt+W"),  # biên bản họp khối, tờ trình của khối
             lambda: offer_documents(self, self.window, "khoi", self.khoi_id(),
                                     f"khoi-{self.view.khoi.nam}" if self.view else "khoi")),
        ))
        top = QHBoxLayout()
        top.addWidget(QLabel("Khối thi đua:", buddy=self.khoi_combo))
        top.addWidget(self.khoi_combo, 1)
        split = master_detail(self.list, (self.grid, self.agreed), "khoi", (420, 780))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.khoi_combo.currentIndexChanged.connect(lambda *_: self.load_khoi())

    @property
    def db(self):
        return self.window.db

    def printable_list(self):
        """Tệp → In danh sách: the members with their totals and ranks, as the list shows them."""
        from ..list_print import PrintableList

        title = f"Kết quả chấm điểm {self.view.khoi.ten} năm {self.view.khoi.nam}" if self.view else "Khối thi đua"
        return PrintableList(title, self.list)

    # --- loading -----------------------------------------------------------------------------------
    def khoi_id(self) -> int | None:
        return self.khoi_combo.currentData()

    def reload(self, select_khoi: int | None = None) -> None:
        current = select_khoi or self.khoi_id()
        self.khoi_combo.blockSignals(True)
        self.khoi_combo.clear()
        for row in store.list_khoi(self.db):
            self.khoi_combo.addItem(f"{row['ten']} — năm {row['nam']} ({row['so_thanh_vien']} cơ quan)", row["id"])
        self.khoi_combo.setCurrentIndex(max(self.khoi_combo.findData(current), 0))
        self.khoi_combo.blockSignals(False)
        self.load_khoi()

    def load_khoi(self, select_member: int | None = None) -> None:
        self._keep_typed()
        keep = select_member or self.member_id()
        kid = self.khoi_id()
        self.view = service.load_view(self.db, kid) if kid is not None else None
        rows = []
        if self.view is not None:
            for m in self.view.members:
                res = self.view.results[m.id]
                rows.append({"id": m.id, "thu_tu": m.thu_tu, "hang": res.rank.rank,
                             "ten": m.ten + (" (cơ quan mình)" if m.la_co_quan_minh else ""),
                             "vai_tro": dk.VAI_TRO[m.vai_tro],
                             "tu_cham": dk.fmt(res.self_totals.tong) if res.scored else "",
                             "thong_nhat": dk.fmt(res.agreed.tong) if res.scored else "",
                             "lech": str(res.differences or ""), "dong_diem": self.view.tie_text(res.rank)})
        self.members.load(rows)
        view_row = self.members.view_row_of(keep) if keep is not None else None
        self.list.selectRow(view_row if view_row is not None else 0)
        self.show_member()
        self._show_state()

    def member_id(self) -> int | None:
        index = self.list.currentIndex()
        return self.member_proxy.ids([index.row()])[0] if index.isValid() else None

    def _keep_typed(self) -> bool:
        """Scores typed for the member on screen are saved before the grid shows another one (never dropped)."""
        mid, changed = self._shown_member, self.scores.changed()
        if mid is None or not changed:
            return False
        self.scores.saved = dict(self.scores.lines)  # once, whatever happens next
        if not self.window.perform(lambda: service.save_scores(self.db, mid, changed)):
            return False
        self.window.did_change("lưu điểm khối thi đua")
        return True

    def show_member(self) -> None:
        mid = self.member_id()
        if mid != self._shown_member and self._keep_typed():
            QTimer.singleShot(0, self.load_khoi)  # the list's totals and ranks, once this selection is done
        self._shown_member = mid
        view = self.view
        res = view.results.get(mid) if view is not None and mid is not None else None
        self.scores.load(view.sheet if res is not None else None, dict(res.lines) if res is not None else {})
        self.grid.empty_hint.refresh()
        self._show_totals()

    def _show_totals(self, *_args) -> None:
        sheet = self.scores.sheet
        if sheet is None:
            self.agreed.setText("")
            return
        lines = self.scores.lines
        own, agreed = dk.self_totals(sheet, lines), dk.agreed_totals(sheet, lines)
        pending = len(self.scores.changed())
        self.agreed.setText(f"Tự chấm: {dk.fmt(own.tong)} điểm ({own.scored}/{own.lines} mục). "
                            f"{agreed.sentence()}." + (f"  — {pending} dòng chưa lưu" if pending else ""))
        if self.scores.problem:
            self.status.setText(self.scores.problem)

    def _show_state(self) -> None:
        view = self.view
        has_khoi, has_sheet = view is not None, view is not None and view.sheet is not None
        has_member = self.member_id() is not None
        for key in ("edit", "delete", "add_member", "import_sheet", "edit_sheet"):
            self.actions[key].setEnabled(has_khoi)
        for key in ("edit_member", "delete_member"):
            self.actions[key].setEnabled(has_member)
        for key in ("export", "import", "ranking", "summary", "word"):
            self.actions[key].setEnabled(has_sheet and bool(view.members))
        for key in ("save", "fill"):
            self.actions[key].setEnabled(has_sheet and has_member)
        if view is None:
            self.status.setText("Khối thi đua (cụm thi đua) của tỉnh: chấm điểm theo bảng chấm điểm của khối, "
                                "xếp hạng và đề nghị Cờ thi đua, Bằng khen.")
            return
        parts = [f"Bảng chấm điểm phiên bản {view.sheet.phien_ban}, {dk.CACH_TINH[view.sheet.cach_tinh].lower()}"
                 if has_sheet else "Chưa có bảng chấm điểm"]
        if ties := view.open_ties():
            parts.append(f"{len(ties)} nhóm đồng điểm chưa giải quyết (Xếp hạng, đồng điểm…)")
        if (ours := view.ours()) is not None and ours.rank.rank is not None:
            fed = " — vào hồ sơ thi đua của đơn vị" if ours.member.unit_id else ""
            parts.append(f"{ours.member.ten} xếp thứ {ours.rank.rank}{fed}")
        self.status.setText("; ".join(parts) + ".")

    # --- unsaved scores ------------------------------------------------------------------------------
    def unsaved_work(self) -> str:
        n = len(self.scores.changed())
        return f"{n} dòng điểm khối thi đua" if n else ""

    def save_unsaved_work(self) -> bool:
        return self.save_scores()

    # --- actions -------------------------------------------------------------------------------------
    def _after(self, label: str, select_khoi: int | None = None) -> None:
        self.window.did_change(label)
        self.window.reload_all()
        self.reload(select_khoi)

    def new_khoi(self) -> None:
        dialog = KhoiDialog(self, self.db)
        if dialog.exec() and dialog.saved_id is not None:
            self._after("thêm khối thi đua", dialog.saved_id)

    def edit_khoi(self) -> None:
        if self.view is not None:
            dialog = KhoiDialog(self, self.db, self.view.khoi)
            if dialog.exec() and dialog.saved_id is not None:
                self._after("sửa khối thi đua")

    def delete_khoi(self) -> None:
        view = self.view
        if view is None or not confirm(self, "Xóa khối", f"Xóa “{view.khoi.ten}” năm {view.khoi.nam} cùng các "
                                                         "cơ quan thành viên, bảng chấm điểm và điểm đã chấm?"):
            return
        if self.window.perform(lambda: service.delete_khoi(self.db, view.khoi.id)):
            self._after("xóa khối thi đua")

    def add_member(self) -> None:
        if self.view is not None:
            dialog = MemberDialog(self, self.db, self.view.khoi.id)
            if dialog.exec() and dialog.saved_id is not None:
                self._after("thêm cơ quan thành viên")
                self.load_khoi(dialog.saved_id)

    def edit_member(self) -> None:
        member = member_of(self.view, self.member_id()) if self.view is not None else None
        if member is not None:
            dialog = MemberDialog(self, self.db, self.view.khoi.id, member)
            if dialog.exec() and dialog.saved_id is not None:
                self._after("sửa cơ quan thành viên")

    def delete_member(self) -> None:
        member = member_of(self.view, self.member_id()) if self.view is not None else None
        if member is None or not confirm(self, "Xóa cơ quan", f"Xóa “{member.ten}” khỏi khối cùng điểm đã chấm?"):
            return
        if self.window.perform(lambda: service.delete_member(self.db, member.id)):
            self._after("xóa cơ quan thành viên")

    def import_sheet(self) -> None:
        from ...services.khoi.sheet_import import read_score_sheet

        if self.view is None:
            return
        path, _ = QFileDialog.getOpenFileName(self, "Bảng chấm điểm của khối", str(Path.home()),
                                              "Bảng tính Excel (*.xlsx);;Mọi tệp (*)")
        if not path:
            return
        try:
            read = read_score_sheet(path)
        except StoreError as exc:
            QMessageBox.warning(self, "Không đọc được bảng chấm điểm", str(exc))
            return
        if not read.ok:
            QMessageBox.warning(self, "Bảng chấm điểm chưa dùng được", "Chưa ghi gì:\n" + "\n".join(
                read.all_problems()[:15]))
            return
        if self.window.perform(lambda: service.save_sheet(self.db, self.view.khoi.id, read.sheet)):
            self._after("nhập bảng chấm điểm")
            QMessageBox.information(self, "Bảng chấm điểm", f"Đã nhập {len(read.sheet.criteria)} mục, "
                                    f"phiên bản {self.view.sheet.phien_ban}: {dk.CACH_TINH[read.sheet.cach_tinh]}. "
                                    "Xem lại và sửa nếu cần ở “Soạn bảng chấm điểm…”.")

    def edit_sheet(self) -> None:
        if self.view is not None:
            dialog = SheetDialog(self, self.db, self.view.khoi.id, self.view.sheet)
            if dialog.exec() and dialog.saved_id is not None:
                self._after("soạn bảng chấm điểm")

    def export_workbooks(self) -> None:
        from ...services.khoi.workbooks import export_member_workbooks

        if self.view is None:
            return
        folder = QFileDialog.getExistingDirectory(self, "Chọn thư mục để lưu phiếu chấm điểm", str(Path.home()))
        if not folder:
            return
        paths: list = []
        if self.window.perform(lambda: paths.extend(export_member_workbooks(self.db, self.view.khoi.id, folder))):
            QMessageBox.information(self, "Phiếu chấm điểm", f"Đã xuất {len(paths)} phiếu (mỗi cơ quan một tệp) "
                                    f"vào:\n{paths[0].parent if paths else folder}")

    def import_workbooks(self) -> None:
        """Each returned workbook is checked whole and written only without an error; one undo step."""
        from ...services.khoi import workbooks

        if self.view is None:
            return
        paths, _ = QFileDialog.getOpenFileNames(self, "Phiếu chấm điểm các cơ quan gửi lại", str(Path.home()),
                                                "Bảng tính Excel (*.xlsx);;Mọi tệp (*)")
        if not paths:
            return
        done, refused = [], []
        for path in paths:
            try:
                plan = workbooks.plan_member_workbook(self.db, self.view.khoi.id, path)
                if not plan.ok:
                    refused.append(f"{Path(path).name} ({plan.member_name}): " + "; ".join(plan.errors[:5]))
                    continue
                if self.window.perform(lambda p=plan: workbooks.apply_member_workbook(self.db, p)):
                    done.append(f"{plan.member_name}: {plan.scored} mục")
            except StoreError as exc:
                refused.append(str(exc))
        if done:
            self._after("nhập phiếu chấm điểm")
        text = (f"Đã nhập {len(done)} phiếu:\n" + "\n".join(done) if done else "Chưa nhập phiếu nào.")
        if refused:
            text += f"\n\nKhông nhập {len(refused)} phiếu (không ghi gì từ các phiếu này):\n" + "\n".join(refused)
        QMessageBox.information(self, "Nhập phiếu chấm điểm", text)

    def save_scores(self) -> bool:
        mid, changed = self.member_id(), self.scores.changed()
        if mid is None or not changed:
            return True
        if not self.window.perform(lambda: service.save_scores(self.db, mid, changed)):
            return False
        self._after("lưu điểm khối thi đua")
        return True

    def fill_appraisal(self) -> None:
        n = self.scores.fill_appraisal()
        self.status.setText(f"{n} mục lấy điểm tự chấm làm điểm thẩm định; bấm Lưu điểm để ghi." if n else
                            "Mục nào có điểm tự chấm cũng đã có điểm thẩm định.")

    def show_ranking(self) -> None:
        if self.view is None:
            return
        if not self.save_scores():
            return
        dialog = RankingDialog(self, self.db, self.view.khoi.id)
        dialog.exec()
        if dialog.changed:
            self._after("giải quyết đồng điểm")

    def export_summary(self) -> None:
        from ...services.khoi.summary import export_summary

        if self.view is None:
            return
        default = Path.home() / f"tong-hop-cham-diem-khoi-{self.view.khoi.nam}.xlsx"
        path, _ = QFileDialog.getSaveFileName(self, "Lưu bảng tổng hợp", str(default), "Bảng tính Excel (*.xlsx)")
        if path and self.window.perform(lambda: export_summary(self.db, self.view.khoi.id, path)):
            QMessageBox.information(self, "Bảng tổng hợp", f"Đã lưu bảng tổng hợp:\n{path}")
