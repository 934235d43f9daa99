"""Word documents from the tabs, and the dialog of the Word templates (the user's copies, where they live, reset).

* :func:`offer_documents` — the kinds that fit what a tab has selected (a
  meeting, a decision, a proposal), chosen in a list; a kind whose number is
  recorded (the decision's) is offered a second time with the number left blank
  for the văn thư; then a .docx is written through the window's ``perform``.
* :class:`WordTemplatesDialog` — every kind with the template in use (bundled,
  or her own copy and where it is), "Sửa mẫu trong Word" (her copy made when
  needed, then opened), "Mở thư mục", "Về mẫu gốc".
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...paths import user_docx_templates_dir
from ...services.documents.word import kinds as word_kinds
from ..widgets import action_buttons, confirm

__all__ = ["WordTemplatesDialog", "offer_documents"]

BLANK = " (để trống số cho văn thư)"


def offer_documents(owner: QWidget, window, needs: str, ref: int | None, stem: str) -> Path | None:
    """Ask which document of those made from ``needs`` to write for ``ref``, and where; write it."""
    from ...services.documents.word.documents import write_document

    if ref is None:
        window.statusBar().showMessage(f"Chọn {word_kinds.NEEDS[needs]} trước khi lập văn bản.", 8000)
        return None
    choices: list[tuple[str, word_kinds.DocumentKind, bool]] = []
    for kind in word_kinds.kinds():
        if kind.needs == needs:
            choices.append((kind.name, kind, False))
            if needs in ("decision", "proposal") and kind.ky_hieu:
                choices.append((kind.name + BLANK, kind, True))
    if not choices:
        return None
    name, ok = QInputDialog.getItem(owner, "Văn bản Word", "Loại văn bản:", [c[0] for c in choices], 0, False)
    if not ok:
        return None
    _, kind, blank = next(c for c in choices if c[0] == name)
    chosen, _ = QFileDialog.getSaveFileName(owner, kind.name, str(Path.home() / f"{kind.key}-{stem}.docx"),
                                            "Văn bản Word (*.docx)")
    if not chosen:
        return None
    path = Path(chosen if chosen.lower().endswith(".docx") else chosen + ".docx")
    if window.perform(lambda: write_document(window.db, kind.key, ref, path, blank=blank)):
        window.statusBar().showMessage(f"Đã lưu {path}", 8000)
        return path
    return None


class WordTemplatesDialog(QDialog):
    """Sửa → Mẫu văn bản Word…: the templates in use, her copies, reset."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Mẫu văn bản Word")
        self.resize(760, 460)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Mỗi loại văn bản được lập từ một mẫu Word. Bấm “Sửa mẫu trong Word” để có bản của riêng bạn (sửa câu "
            "chữ, bố cục rồi lưu lại trong Word); chương trình dùng bản đó thay cho mẫu gốc. Giữ nguyên các trường "
            "dạng {{ ten_truong }}; trường nào dữ liệu không có sẽ được báo trước khi ghi tệp.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.folder = QLabel(f"Bản của bạn lưu tại: {user_docx_templates_dir()}")
        self.folder.setWordWrap(True)
        layout.addWidget(self.folder)
        self.list = QListWidget()
        self.list.setObjectName("wordTemplates")
        layout.addWidget(self.list, 1)
        self.actions, row = action_buttons(self, "word_template", (
            ("edit", "&Sửa mẫu trong Word", "", self.edit),
            ("folder", "Mở &thư mục", "", self.open_folder),
            ("reset", "&Về mẫu gốc", "", self.reset),
        ))
        layout.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.list.currentRowChanged.connect(lambda _row: self._enable())
        self.refresh()

    def refresh(self) -> None:
        current = max(self.list.currentRow(), 0)
        self.list.clear()
        for kind in word_kinds.kinds():
            mine = word_kinds.user_path(kind)
            where = f"bản của bạn: {mine}" if mine.is_file() else f"mẫu gốc: {kind.template}"
            item = QListWidgetItem(f"{kind.key} — {kind.name}\n    ({where})")
            item.setData(256, kind.key)
            self.list.addItem(item)
        self.list.setCurrentRow(min(current, self.list.count() - 1))
        self._enable()

    def kind(self) -> word_kinds.DocumentKind | None:
        item = self.list.currentItem()
        return word_kinds.get_kind(item.data(256)) if item is not None else None

    def _enable(self) -> None:
        kind = self.kind()
        self.actions["edit"].setEnabled(kind is not None)
        self.actions["reset"].setEnabled(kind is not None and word_kinds.user_path(kind).is_file())

    def edit(self) -> None:
        kind = self.kind()
        if kind is None:
            return
        path = word_kinds.copy_for_editing(kind)
        self.refresh()
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def open_folder(self) -> None:
        folder = user_docx_templates_dir()
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def reset(self) -> None:
        kind = self.kind()
        if kind is None or not confirm(self, "Về mẫu gốc", f"Bỏ bản đã sửa của mẫu “{kind.name}” và dùng lại mẫu "
                                       "gốc của chương trình?"):
            return
        word_kinds.reset_template(kind)
        self.refresh()
