"""The first screen of an empty data file (before any tab is shown)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from ..store import records

if TYPE_CHECKING:
    from .main_window import MainWindow


class WelcomePanel(QWidget):
    """The first screen of an empty file: the agency's details first (every
    document prints them), then demo data, a roster from Excel or nothing."""

    def __init__(self, window: "MainWindow"):
        super().__init__()
        self.window = window
        self.setObjectName("welcomePanel")
        layout = QVBoxLayout(self)
        layout.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = QLabel("<h1>Chào mừng đến với ThiĐua Desktop</h1>")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        step1 = QLabel("<b>Bước 1.</b> Thông tin cơ quan — in trên tiêu đề, ngày tháng và chữ ký của mọi văn bản, "
                       "giấy khen (cơ quan chủ quản, tên cơ quan, địa danh, người ký).")
        step1.setWordWrap(True)
        step1.setFixedWidth(560)
        self.org_status = QLabel()
        self.org_status.setObjectName("welcomeOrgStatus")
        self.org_status.setWordWrap(True)
        self.org_status.setFixedWidth(560)
        self.org_button = QPushButton("Nhập thông tin &cơ quan…")
        self.org_button.setObjectName("welcomeOrg")
        self.org_button.setMinimumSize(360, 44)
        self.org_button.clicked.connect(window.edit_org_settings)
        step2 = QLabel("<b>Bước 2.</b> Tệp dữ liệu này còn trống. Bạn có thể tạo dữ liệu mẫu để làm quen, "
                       "hoặc nhập ngay danh sách cán bộ của cơ quan từ tệp Excel.")
        step2.setWordWrap(True)
        step2.setFixedWidth(560)
        for widget in (step1, self.org_status):
            layout.addWidget(widget, alignment=Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.org_button, alignment=Qt.AlignmentFlag.AlignCenter)
        layout.addSpacing(16)
        layout.addWidget(step2, alignment=Qt.AlignmentFlag.AlignCenter)
        for name, label, slot in (
            ("welcomeDemo", "Tạo dữ liệu &mẫu", window.create_demo),
            ("welcomeImport", "&Nhập danh sách cán bộ từ Excel…", window.import_staff),
            ("welcomeEmpty", "&Bắt đầu với tệp trống", window.show_tabs),
        ):
            button = QPushButton(label)
            button.setObjectName(name)
            button.setMinimumSize(360, 44)
            button.clicked.connect(lambda _checked=False, s=slot: s())
            layout.addWidget(button, alignment=Qt.AlignmentFlag.AlignCenter)
        self.refresh()

    def refresh(self) -> None:
        """Show whether the agency's details are complete."""
        settings = records.get_settings(self.window.db)
        missing = settings.missing_for_documents()
        if missing:
            self.org_status.setText(f"<span style='color:#b00020'>Chưa nhập: {', '.join(missing)}.</span> "
                                    "Chưa có thì không xuất được văn bản, danh sách nào.")
            self.org_button.setText("Nhập thông tin &cơ quan…")
        else:
            where = ", ".join(filter(None, (settings.co_quan, settings.dia_danh)))
            signer = " — ".join(filter(None, (settings.chuc_danh_thu_truong, settings.ten_thu_truong)))
            self.org_status.setText(f"✓ {where}" + (f"; người ký: {signer}" if signer else ""))
            self.org_button.setText("Sửa thông tin &cơ quan…")
