"""Giúp đỡ → Hướng dẫn sử dụng (F1): the guide of the yearly cycle (bundled
HTML in ``resources/help/``, offline and frozen alike), the keyboard
shortcuts read from the window's own actions (so the list never drifts from
the program), and where the data file, its backups and the logs really are."""
from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QStackedWidget,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..paths import log_file, resource_path, user_data_dir, user_templates_dir
from ..services.backup import backup_dir

GUIDE = ("help", "huong-dan.html")


def plain(text: str) -> str:
    """A command's text without its mnemonic mark."""
    return text.replace("&&", "\x00").replace("&", "").replace("\x00", "&")


def keys_text(action: QAction) -> str:
    return ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts() if not s.isEmpty())


def _page_title(widget: QWidget | None, stop: QWidget) -> str:
    """The title of the inner tab (a page of a QTabWidget) holding ``widget``, if any."""
    while widget is not None and widget is not stop:
        stack = widget.parentWidget()
        tabs = stack.parentWidget() if isinstance(stack, QStackedWidget) else None
        if isinstance(tabs, QTabWidget) and tabs is not stop:
            return plain(tabs.tabText(tabs.indexOf(widget)))
        widget = stack
    return ""


def shortcut_rows(window) -> list[tuple[str, str, str]]:
    """``(where, command, keys)`` for every command of the window that has a
    shortcut: the menus first, then each tab of ``window.tabs`` (and its inner pages)."""
    rows: list[tuple[str, str, str]] = []

    def walk(menu, title: str) -> None:
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu(), f"{title} → {plain(action.text())}")
            elif keys_text(action):
                rows.append((title, plain(action.text()), keys_text(action)))

    for top in window.menuBar().actions():
        if top.menu() is not None:
            walk(top.menu(), f"Menu {plain(top.text())}")
    for index in range(window.tabs.count()):
        tab, label = window.tabs.widget(index), window.tabs.tabText(index)
        for action in tab.findChildren(QAction):
            if not keys_text(action):
                continue
            owner = action.parent() if isinstance(action.parent(), QWidget) else None
            page = _page_title(owner, tab)
            where = f"Tab {plain(label)}" + (f" — {page}" if page else "")
            rows.append((where, plain(action.text()) or plain(action.toolTip()), keys_text(action)))
    return list(dict.fromkeys(rows))


def data_locations(window) -> list[tuple[str, Path]]:
    """Where things are, for this window's data file: the same functions the
    program writes with."""
    return [
        ("Tệp dữ liệu đang mở", Path(window.db_path).resolve()),
        ("Bản sao lưu của tệp này", backup_dir(window.db_path)),  # found by the file's UUID
        ("Nhật ký lỗi của chương trình", log_file()),
        ("Thư mục dữ liệu của chương trình", user_data_dir()),
        ("Mẫu giấy khen đã sửa", user_templates_dir()),
    ]


def guide_html() -> str:
    return resource_path(*GUIDE).read_text(encoding="utf-8")


def shortcuts_html(rows: list[tuple[str, str, str]]) -> str:
    out = ["<h2>Phím tắt</h2>",
           "<p>Danh sách lấy từ chính các lệnh của chương trình. Phím tắt của một tab dùng được khi tab đó "
           "đang mở; <b>Alt</b> + chữ gạch chân mở menu hoặc bấm nút.</p>",
           "<table border='1' cellspacing='0' cellpadding='4'>",
           "<tr><th align='left'>Ở đâu</th><th align='left'>Lệnh</th><th align='left'>Phím</th></tr>"]
    out += [f"<tr><td>{escape(w)}</td><td>{escape(c)}</td><td><b>{escape(k)}</b></td></tr>" for w, c, k in rows]
    out.append("</table>")
    return "\n".join(out)


def locations_html(locations: list[tuple[str, Path]]) -> str:
    out = ["<h2>Nơi lưu dữ liệu</h2>",
           "<p>Bấm vào một đường dẫn để mở thư mục. Hãy chép <b>tệp dữ liệu</b> (hoặc dùng Tệp → Sao lưu ra tệp "
           "khác…) khi chuyển sang máy khác; gửi <b>nhật ký lỗi</b> khi cần hỗ trợ.</p><table cellpadding='4'>"]
    for label, path in locations:
        folder = path if path.suffix == "" else path.parent
        url = QUrl.fromLocalFile(str(folder)).toString()
        out.append(f"<tr><td>{escape(label)}:</td><td><a href='{escape(url)}'>{escape(str(path))}</a></td></tr>")
    out.append("</table>")
    return "\n".join(out)


class HelpDialog(QDialog):
    """Three pages: Hướng dẫn, Phím tắt, Nơi lưu dữ liệu."""

    def __init__(self, window, page: str = "guide"):
        super().__init__(window)
        self.setObjectName("helpDialog")
        self.setWindowTitle("Hướng dẫn sử dụng ThiĐua Desktop")
        self.resize(860, 640)
        self.rows = shortcut_rows(window)
        self.locations = data_locations(window)
        self.pages = QTabWidget()
        self.browsers: dict[str, QTextBrowser] = {}
        for key, title, html in (("guide", "&Hướng dẫn", guide_html()),
                                 ("shortcuts", "&Phím tắt", shortcuts_html(self.rows)),
                                 ("locations", "&Nơi lưu dữ liệu", locations_html(self.locations))):
            browser = QTextBrowser()
            browser.setObjectName(f"help_{key}")
            browser.setOpenExternalLinks(True)
            browser.setHtml(html)
            self.browsers[key] = browser
            self.pages.addTab(browser, title)
        self.pages.setCurrentIndex(list(self.browsers).index(page))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        layout.addWidget(buttons)
