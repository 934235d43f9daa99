"""The Khối thi đua tab's dialogs: the khối, a member agency, the score sheet
editor (a tree of criteria), the ranking with its ties and proposals, and the
order of a tie with who decided."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain import khoi as dk
from ...domain.khoi import Criterion, Khoi, Member, ScoreSheet
from ...services.khoi import service
from ...store import records
from ..widgets import EntryDialog, fit_combo


class KhoiDialog(EntryDialog):
    """Thêm / sửa khối: name, year, the quota of proposals and the rule for ties."""

    def __init__(self, parent, db, khoi: Khoi | None = None):
        super().__init__(parent, "Sửa khối thi đua" if khoi else "Thêm khối thi đua", (560, 360))
        self.db, self.khoi = db, khoi
        k = khoi or Khoi("", dt.date.today().year)
        self.name = QLineEdit(k.ten)
        self.name.setObjectName("khoiName")
        self.name.setPlaceholderText("ví dụ Khối các cơ quan tổng hợp")
        self.year = QSpinBox()
        self.year.setObjectName("khoiYear")
        self.year.setRange(1990, 2200)
        self.year.setValue(k.nam)
        self.co = QSpinBox()
        self.co.setObjectName("khoiCo")
        self.co.setRange(0, 50)
        self.co.setValue(k.so_co)
        self.bk = QSpinBox()
        self.bk.setObjectName("khoiBangKhen")
        self.bk.setRange(0, 50)
        self.bk.setValue(k.so_bang_khen)
        self.rule = fit_combo(QComboBox())
        self.rule.setObjectName("khoiRule")
        for code, label in dk.QUY_TAC_DONG_DIEM.items():
            self.rule.addItem(label, code)
        self.rule.setCurrentIndex(max(self.rule.findData(k.quy_tac_dong_diem), 0))
        self.note = QLineEdit(k.ghi_chu)
        self.met = QCheckBox("Đã &họp khối")
        self.met.setObjectName("khoiMet")
        self.met.setChecked(k.ngay_hop is not None)
        self.meeting = QDateEdit(QDate(*(k.ngay_hop or dt.date.today()).timetuple()[:3]))
        self.meeting.setObjectName("khoiMeeting")
        self.meeting.setCalendarPopup(True)
        self.meeting.setDisplayFormat("dd/MM/yyyy")
        self.meeting.setEnabled(self.met.isChecked())
        self.met.toggled.connect(self.meeting.setEnabled)
        self.place = QLineEdit(k.dia_diem_hop)
        self.place.setObjectName("khoiPlace")
        self.lay_out([("&Tên khối:", self.name), ("&Năm:", self.year), ("Số &Cờ thi đua đề nghị:", self.co),
                      ("Số &Bằng khen đề nghị:", self.bk), ("&Quy tắc khi đồng điểm:", self.rule),
                      (self.met, self.meeting), ("&Địa điểm họp:", self.place), ("&Ghi chú:", self.note)])

    def record(self) -> Khoi:
        q = self.meeting.date()
        return Khoi(self.name.text(), self.year.value(), self.co.value(), self.bk.value(), self.rule.currentData(),
                    self.note.text(), dt.date(q.year(), q.month(), q.day()) if self.met.isChecked() else None,
                    self.place.text(), id=self.khoi.id if self.khoi else None)

    def save(self) -> None:
        self.try_save(lambda: service.save_khoi(self.db, self.record()))


class MemberDialog(EntryDialog):
    """Thêm / sửa cơ quan thành viên; our own agency is linked to the collective of this file its rank feeds."""

    def __init__(self, parent, db, khoi_id: int, member: Member | None = None):
        super().__init__(parent, "Sửa cơ quan thành viên" if member else "Thêm cơ quan thành viên", (600, 330))
        self.db, self.khoi_id, self.member = db, khoi_id, member
        m = member or Member("")
        self.name = QLineEdit(m.ten)
        self.name.setObjectName("memberName")
        self.name.setPlaceholderText("ví dụ Sở Nội vụ")
        self.role = QComboBox()
        self.role.setObjectName("memberRole")
        for code, label in dk.VAI_TRO.items():
            self.role.addItem(label, code)
        self.role.setCurrentIndex(max(self.role.findData(m.vai_tro), 0))
        self.ours = QCheckBox("Đây là &cơ quan mình")
        self.ours.setObjectName("memberOurs")
        self.ours.setChecked(m.la_co_quan_minh)
        self.unit = fit_combo(QComboBox())
        self.unit.setObjectName("memberUnit")
        self.unit.addItem("— không gắn —", None)
        for u in records.list_units(db):
            self.unit.addItem(u.ten, u.id)
        self.unit.setCurrentIndex(max(self.unit.findData(m.unit_id), 0))
        self.unit.setToolTip("Tập thể trong tệp này (đăng ký Cờ thi đua) nhận thứ hạng của cơ quan mình trong khối")
        self.note = QLineEdit(m.ghi_chu)
        self.ours.toggled.connect(self.unit.setEnabled)
        self.unit.setEnabled(m.la_co_quan_minh)
        self.lay_out([("&Tên cơ quan:", self.name), ("&Vai trò:", self.role), ("", self.ours),
                      ("Thứ hạng vào hồ sơ của &đơn vị:", self.unit), ("&Ghi chú:", self.note)])

    def save(self) -> None:
        m = self.member
        record = Member(self.name.text(), self.role.currentData(), self.ours.isChecked(),
                        self.unit.currentData() if self.ours.isChecked() else None,
                        m.thu_tu if m else 0, self.note.text(), m.id if m else None)
        self.try_save(lambda: service.save_member(self.db, self.khoi_id, record))


# --- the score sheet editor ------------------------------------------------------------------------

COL_MUC, COL_TEXT, COL_LOAI, COL_DIEM, COL_EVIDENCE = range(5)


class SheetDialog(EntryDialog):
    """Soạn bảng chấm điểm: the criteria as a tree; saving makes the khối's next version."""

    def __init__(self, parent, db, khoi_id: int, sheet: ScoreSheet | None):
        super().__init__(parent, "Soạn bảng chấm điểm của khối", (980, 640))
        self.db, self.khoi_id = db, khoi_id
        sheet = sheet or ScoreSheet(())
        self.title = QLineEdit(sheet.ten)
        self.title.setObjectName("sheetTitle")
        self.rule = QComboBox()
        self.rule.setObjectName("sheetRule")
        for code, label in dk.CACH_TINH.items():
            self.rule.addItem(label, code)
        self.rule.setCurrentIndex(max(self.rule.findData(sheet.cach_tinh), 0))
        self.base = QDoubleSpinBox()
        self.base.setObjectName("sheetBase")
        self.base.setRange(1, 1000)
        self.base.setDecimals(2)
        self.base.setValue(float(sheet.diem_co_so))
        self.basis = QLineEdit(sheet.can_cu)
        self.tree = QTreeWidget()
        self.tree.setObjectName("sheetTree")
        self.tree.setColumnCount(5)
        self.tree.setHeaderLabels(["Mục", "Nội dung", "Loại", "Điểm chuẩn / tối đa", "Minh chứng cần có"])
        for col, width in enumerate((90, 400, 110, 110)):
            self.tree.setColumnWidth(col, width)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        parents: list[QTreeWidgetItem | None] = []
        for c, p in zip(sheet.criteria, sheet.parents()):
            item = self._item(c, parents[p] if p is not None else None)
            parents.append(item)
        self.tree.expandAll()
        row = QHBoxLayout()
        for text, slot, name in (("Thêm &mục", self.add_sibling, "sheetAdd"),
                                 ("Thêm mục c&on", self.add_child, "sheetAddChild"),
                                 ("&Xóa mục", self.remove, "sheetRemove"),
                                 ("&Lên", lambda: self.move(-1), "sheetUp"),
                                 ("Xuốn&g", lambda: self.move(1), "sheetDown"),
                                 ("Lùi &vào", self.indent, "sheetIndent"),
                                 ("Lùi &ra", self.outdent, "sheetOutdent")):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch()
        hint = QLabel("Mục con nằm dưới mục cha (Tiêu chuẩn 1 → 1.1 → a). Mục có mục con: điểm chuẩn bằng tổng các "
                      "mục con; với điểm cộng, điểm trừ thì là mức tối đa. Lưu thành phiên bản mới; điểm của các "
                      "mục giữ nguyên được chuyển sang, phiếu đã gửi theo phiên bản cũ sẽ không nhập được.")
        hint.setWordWrap(True)
        buttons = QWidget()
        buttons.setLayout(row)
        self.lay_out([("&Tên bảng:", self.title), ("&Cách tính tổng điểm:", self.rule),
                      ("Điểm cơ &sở (100 + cộng − trừ):", self.base), ("Că&n cứ:", self.basis)],
                     below=[self.tree, buttons, hint])

    def _item(self, c: Criterion, parent: QTreeWidgetItem | None, after: QTreeWidgetItem | None = None
              ) -> QTreeWidgetItem:
        """A line under ``parent`` (at the end, or right after ``after``), its Loại a combo."""
        item = QTreeWidgetItem([c.muc, c.noi_dung, "", dk.fmt(c.diem_chuan), c.minh_chung])
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        owner = parent or self.tree.invisibleRootItem()
        owner.insertChild(owner.indexOfChild(after) + 1 if after is not None else owner.childCount(), item)
        self.tree.setItemWidget(item, COL_LOAI, self._combo(c.loai))
        return item

    @staticmethod
    def _combo(loai: str) -> QComboBox:
        combo = QComboBox()
        for code, label in dk.LOAI.items():
            combo.addItem(label, code)
        combo.setCurrentIndex(max(combo.findData(loai), 0))
        return combo

    def _kinds(self, item: QTreeWidgetItem, out: dict | None = None) -> dict:
        """The Loại of ``item`` and every line under it (a moved item loses its combos)."""
        out = {} if out is None else out
        out[id(item)] = self._loai_of(item)
        for k in range(item.childCount()):
            self._kinds(item.child(k), out)
        return out

    def _put_back(self, item: QTreeWidgetItem, kinds: dict) -> None:
        self.tree.setItemWidget(item, COL_LOAI, self._combo(kinds.get(id(item), "cham")))
        item.setExpanded(True)
        for k in range(item.childCount()):
            self._put_back(item.child(k), kinds)

    def _relocate(self, item: QTreeWidgetItem, owner: QTreeWidgetItem, index: int) -> None:
        kinds = self._kinds(item)
        (item.parent() or self.tree.invisibleRootItem()).removeChild(item)
        owner.insertChild(index, item)
        self._put_back(item, kinds)
        self.tree.setCurrentItem(item)

    def move(self, step: int) -> None:
        """The chosen line (with its lines) one place up or down among its siblings."""
        item = self.tree.currentItem()
        if item is None:
            return
        owner = item.parent() or self.tree.invisibleRootItem()
        index = owner.indexOfChild(item) + step
        if 0 <= index < owner.childCount():
            self._relocate(item, owner, index)

    def indent(self) -> None:
        """The chosen line goes under the line above it (one level deeper)."""
        item = self.tree.currentItem()
        owner = (item.parent() or self.tree.invisibleRootItem()) if item is not None else None
        if item is None or owner.indexOfChild(item) == 0:
            return
        above = owner.child(owner.indexOfChild(item) - 1)
        self._relocate(item, above, above.childCount())

    def outdent(self) -> None:
        """The chosen line comes out of its parent, right after it (one level up)."""
        item = self.tree.currentItem()
        parent = item.parent() if item is not None else None
        if parent is None:
            return
        grand = parent.parent() or self.tree.invisibleRootItem()
        self._relocate(item, grand, grand.indexOfChild(parent) + 1)

    def _loai_of(self, item: QTreeWidgetItem | None) -> str:
        combo = self.tree.itemWidget(item, COL_LOAI) if item is not None else None
        return combo.currentData() if combo is not None else "cham"

    def add_sibling(self) -> None:
        current = self.tree.currentItem()
        parent = current.parent() if current is not None else None
        item = self._item(Criterion("", "", loai=self._loai_of(current)), parent, after=current)
        self.tree.setCurrentItem(item)
        self.tree.editItem(item, COL_TEXT)

    def add_child(self) -> None:
        current = self.tree.currentItem()
        if current is None:
            self.add_sibling()
            return
        item = self._item(Criterion("", "", loai=self._loai_of(current)), current)
        current.setExpanded(True)
        self.tree.setCurrentItem(item)
        self.tree.editItem(item, COL_TEXT)

    def remove(self) -> None:
        current = self.tree.currentItem()
        if current is not None:
            (current.parent() or self.tree.invisibleRootItem()).removeChild(current)

    def sheet(self) -> ScoreSheet:
        """The tree as a sheet; a number that cannot be one is a ValueError naming the line."""
        criteria: list[Criterion] = []

        def walk(item: QTreeWidgetItem, level: int) -> None:
            muc, text = item.text(COL_MUC), item.text(COL_TEXT)
            try:
                diem = dk.parse_score(item.text(COL_DIEM), f"Điểm chuẩn của mục {muc or text[:30]}")
            except dk.ScoreError as exc:
                raise ValueError(str(exc)) from None
            criteria.append(Criterion(muc, text, level, self._loai_of(item), diem, item.text(COL_EVIDENCE)))
            for k in range(item.childCount()):
                walk(item.child(k), level + 1)

        for i in range(self.tree.topLevelItemCount()):
            walk(self.tree.topLevelItem(i), 0)
        return ScoreSheet(tuple(criteria), self.rule.currentData(), Decimal(str(round(self.base.value(), 2))),
                          ten=self.title.text(), can_cu=self.basis.text())

    def save(self) -> None:
        try:
            sheet = self.sheet()
        except ValueError as exc:
            self.error.setText(str(exc))
            return
        self.try_save(lambda: service.save_sheet(self.db, self.khoi_id, sheet))


# --- ranking and ties ------------------------------------------------------------------------------

class TieDialog(EntryDialog):
    """Giải quyết đồng điểm: put a tied group in order, by the khối's rule or as voted, and say who decided."""

    def __init__(self, parent, db, view: service.KhoiView, group: tuple[int, ...]):
        super().__init__(parent, "Giải quyết đồng điểm", (560, 430))
        self.db, self.view, self.group = db, view, group
        total = view.results[group[0]].rank.total
        intro = QLabel(f"{len(group)} cơ quan cùng {dk.fmt(total)} điểm. Xếp thứ tự (trên cao hơn) theo quy tắc "
                       "của khối hoặc theo kết quả biểu quyết, và ghi ai quyết định.")
        intro.setWordWrap(True)
        self.order = QListWidget()
        self.order.setObjectName("tieOrder")
        self.order.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        for m in group:
            item = QListWidgetItem(view.names[m])
            item.setData(Qt.ItemDataRole.UserRole, m)
            self.order.addItem(item)
        self.how = QComboBox()
        self.how.setObjectName("tieHow")
        for code, label in dk.CACH_GIAI_QUYET.items():
            self.how.addItem(label, code)
        self.how.setCurrentIndex(1)
        self.who = QLineEdit("Hội nghị khối")
        self.who.setObjectName("tieWho")
        self.note = QLineEdit()
        self.note.setObjectName("tieNote")
        up, down = QPushButton("&Lên"), QPushButton("&Xuống")
        up.clicked.connect(lambda: self._move(-1))
        down.clicked.connect(lambda: self._move(1))
        moves = QHBoxLayout()
        moves.addWidget(up)
        moves.addWidget(down)
        moves.addStretch()
        box = QWidget()
        box.setLayout(moves)
        self.how.currentIndexChanged.connect(self._by_rule)
        self.lay_out([("&Cách giải quyết:", self.how), ("&Người quyết định:", self.who), ("&Ghi chú:", self.note)],
                     above=[intro, self.order, box])

    def _move(self, step: int) -> None:
        row = self.order.currentRow()
        if row < 0 or not 0 <= row + step < self.order.count():
            return
        item = self.order.takeItem(row)
        self.order.insertItem(row + step, item)
        self.order.setCurrentRow(row + step)

    def _by_rule(self, *_args) -> None:
        if self.how.currentData() != "quy_tac":
            self.error.setText("")
            return
        rule = self.view.khoi.quy_tac_dong_diem
        order = dk.order_by_rule(rule, self.group, {m: self.view.results[m].agreed for m in self.group})
        if order is None:
            self.error.setText("Khối chưa chọn quy tắc khi đồng điểm (Sửa khối…)." if not rule else
                               f"Quy tắc “{dk.QUY_TAC_DONG_DIEM[rule]}” không tách được các cơ quan này: "
                               "hãy ghi kết quả biểu quyết.")
            return
        self.error.setText("")
        self.who.setText("Khối trưởng")
        self.note.setText(dk.QUY_TAC_DONG_DIEM[rule])
        names = self.view.names
        self.order.clear()
        for m in order:
            item = QListWidgetItem(names[m])
            item.setData(Qt.ItemDataRole.UserRole, m)
            self.order.addItem(item)

    def chosen(self) -> tuple[int, ...]:
        return tuple(self.order.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.order.count()))

    def save(self) -> None:
        self.try_save(lambda: service.resolve_tie(self.db, self.view.khoi.id, self.chosen(),
                                                  cach=self.how.currentData(), nguoi_quyet_dinh=self.who.text(),
                                                  ghi_chu=self.note.text()))


class RankingDialog(QDialog):
    """Xếp hạng: members by agreed total, ties shown and resolved, the proposals by quota."""

    COLUMNS = ("Hạng", "Cơ quan", "Điểm chuẩn", "Cộng", "Trừ", "Tổng điểm", "Đồng điểm", "Đề nghị")

    def __init__(self, parent, db, khoi_id: int):
        super().__init__(parent)
        self.setWindowTitle("Xếp hạng các cơ quan trong khối")
        self.resize(980, 520)
        self.db, self.khoi_id = db, khoi_id
        self.changed = False
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName("rankingTable")
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate((50, 230, 80, 60, 60, 80, 260)):
            self.table.setColumnWidth(col, width)
        self.status = QLabel()
        self.status.setObjectName("rankingStatus")
        self.status.setWordWrap(True)
        self.resolve = QPushButton("&Giải quyết đồng điểm…")
        self.resolve.setObjectName("rankingResolve")
        self.resolve.clicked.connect(self.resolve_tie)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        row = QHBoxLayout()
        row.addWidget(self.resolve)
        row.addStretch()
        row.addWidget(close)
        layout.addLayout(row)
        self.load()

    def load(self) -> None:
        self.view = view = service.load_view(self.db, self.khoi_id)
        proposed = view.proposals()
        self.table.setRowCount(len(view.ranking))
        for r, row in enumerate(view.ranking):
            res = view.results[row.member_id]
            scored = res.scored
            what = ("Cờ thi đua" if row.member_id in proposed.co else
                    "Bằng khen" if row.member_id in proposed.bang_khen else "")
            cells = (str(row.rank or ""), res.member.ten,
                     *((dk.fmt(res.agreed.diem_chuan), dk.fmt(res.agreed.cong), dk.fmt(res.agreed.tru),
                        dk.fmt(res.agreed.tong)) if scored else ("", "", "", "")),
                     view.tie_text(row) if scored else "chưa chấm", what)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if row.open_tie:
                    item.setBackground(Qt.GlobalColor.yellow)
                self.table.setItem(r, c, item)
        ties = view.open_ties()
        lines = []
        if ties:
            lines.append("Đồng điểm chưa giải quyết: " + "; ".join(
                ", ".join(view.names[m] for m in g) for g in ties) + " — thứ hạng để bằng nhau, không tự phân định.")
        lines.append(proposed.blocked or (
            f"Đề nghị theo chỉ tiêu của khối ({view.khoi.so_co} Cờ, {view.khoi.so_bang_khen} Bằng khen): "
            + (", ".join(view.names[m] for m in (*proposed.co, *proposed.bang_khen)) or "chưa có")))
        self.status.setText("\n".join(lines))
        self.resolve.setEnabled(bool(ties))

    def resolve_tie(self) -> None:
        ties = self.view.open_ties()
        if not ties:
            return
        selected = self.table.currentRow()
        member = self.view.ranking[selected].member_id if 0 <= selected < len(self.view.ranking) else None
        group = next((g for g in ties if member in g), ties[0])
        dialog = TieDialog(self, self.db, self.view, group)
        if dialog.exec() and dialog.saved_id is not None:
            self.changed = True
            self.load()


def member_of(view: service.KhoiView, member_id: int | None) -> Member | None:
    return next((m for m in view.members if m.id == member_id), None)


