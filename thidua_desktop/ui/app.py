"""``thidua-desktop``: start the window on a data file.

``--screenshot out.png [--tab staff|campaigns|…] [--dialog print|template|calibration]``
opens the real window offscreen, waits for it to load, saves a screenshot
(of the window, or of one of the Quyết định tab's dialogs for its first
decision, preview rendered) and exits 0. An unhandled error in that mode
prints to stderr and exits non-zero: no crash dialog waits for a click.
"""
from __future__ import annotations

import argparse
import logging
import logging.handlers
import os
import sys
import traceback
from pathlib import Path

from ..paths import APP_NAME, ORG_NAME, default_db_path, log_file

log = logging.getLogger("thidua")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="thidua-desktop", description="ThiĐua Desktop")
    parser.add_argument("--db", metavar="TỆP", help="tệp dữ liệu (mặc định: trong thư mục dữ liệu người dùng)")
    parser.add_argument("--screenshot", metavar="PNG", help="chụp cửa sổ ra tệp PNG rồi thoát")
    from .main_window import TAB_KEYS

    parser.add_argument("--tab", choices=TAB_KEYS, help="tab mở sẵn")
    parser.add_argument("--dialog", choices=("print", "template", "calibration"),
                        help="cùng --screenshot: chụp hộp thoại in giấy khen, sửa mẫu hoặc hiệu chỉnh máy in")
    parser.add_argument("file", nargs="?", help="tệp dữ liệu (khi mở bằng cách bấm đúp)")
    return parser.parse_args(argv)


def setup_logging() -> Path:
    path = log_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def install_translations(app) -> bool:
    """Qt's own texts in Vietnamese (Có / Không, Hủy, "Xem chi tiết…", the
    line-edit menu, Qt's file dialog, the wizard's buttons): PySide6 ships no
    qtbase_vi.qm, so ours is bundled (``resources/i18n/qtbase_vi.ts``).
    Installed once per application; true when it is in place."""
    from PySide6.QtCore import QTranslator

    from ..paths import resource_path

    if getattr(app, "_thidua_translator", None) is not None:
        return True
    translator = QTranslator(app)
    if not translator.load(str(resource_path("i18n", "qtbase_vi.qm"))):
        log.warning("Không nạp được bản dịch tiếng Việt của Qt")
        return False
    app.installTranslator(translator)
    app._thidua_translator = translator  # kept alive with the application
    return True


#: unhandled errors seen while no one can click a dialog (``--screenshot``)
unattended_errors: list[str] = []


def install_excepthook(log_path: Path, *, interactive: bool = True) -> None:
    """Unhandled errors end in a Vietnamese dialog with the log's path, never a
    silent exit. Not ``interactive`` (``--screenshot``): no dialog, which nobody
    could close; the error goes to stderr and the run ends with a non-zero code."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    from ..store.db import user_message

    def hook(exc_type, exc, tb):
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        fault = user_message(exc)  # the environment's fault (a locked file, a full disk), not a bug
        if fault is not None:
            log.warning("Lỗi môi trường: %s\n%s", fault, details)
        else:
            log.error("Lỗi không lường trước:\n%s", details)
        if not interactive:
            unattended_errors.append(details)
            print(f"Lỗi chương trình:\n{fault or details}", file=sys.stderr, flush=True)
            return
        if QApplication.instance() is None or os.environ.get("THIDUA_NO_CRASH_DIALOG"):
            sys.__excepthook__(exc_type, exc, tb)
            return
        if fault is not None:
            QMessageBox.warning(QApplication.activeWindow(), "Không thực hiện được", fault)
            return
        box = QMessageBox(QMessageBox.Icon.Critical, "Lỗi chương trình",
                          "Chương trình gặp lỗi không lường trước. Dữ liệu đã lưu không bị ảnh hưởng.\n\n"
                          f"Chi tiết đã ghi vào nhật ký:\n{log_path}")
        box.setDetailedText(details)
        copy = box.addButton("Sao chép chi tiết", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Ok)
        box.exec()
        if box.clickedButton() is copy:
            QApplication.clipboard().setText(details)

    sys.excepthook = hook


def open_data_file(path: Path, *, interactive: bool = True):
    """Open the data file; when it is damaged or not ours and a healthy backup
    exists, offer to restore the newest one (the bad file is kept, byte for
    byte, in the backup folder). Declining leaves everything as it was."""
    from PySide6.QtWidgets import QMessageBox

    from ..services.backup import check_not_emptied, make_pre_migration_backup, newest_good_backup, restore
    from ..store.db import CorruptFileError, ForeignFileError, open_database

    try:
        check_not_emptied(path)  # an emptied file with good backups is damaged, not new
        return open_database(path, before_migrate=make_pre_migration_backup)
    except (CorruptFileError, ForeignFileError) as exc:
        good = (getattr(exc, "backup", None) or newest_good_backup(path)) if interactive else None
        if good is None:
            raise
        answer = QMessageBox.question(
            None, "Tệp dữ liệu không mở được",
            f"{exc}\n\nCó bản sao lưu tốt gần nhất lúc {good.created:%H:%M ngày %d/%m/%Y} "
            f"({good.kind_label.lower()}). Khôi phục dữ liệu từ bản này?\n\n"
            "Tệp hiện tại được giữ nguyên trong thư mục sao lưu; chọn “Không” thì không thay đổi gì.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            raise
        kept = restore(good.path, path)
        log.warning("Đã khôi phục %s từ %s; tệp hỏng giữ ở %s", path, good.path, kept)
        return open_database(path, before_migrate=make_pre_migration_backup)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv if argv is not None else sys.argv[1:])
    if args.screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication, QMessageBox

    from ..store.db import StoreError
    from .instance_lock import DataFileLock
    from .main_window import MainWindow

    QCoreApplication.setOrganizationName(ORG_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationDisplayName("ThiĐua Desktop")
    install_translations(app)
    from PySide6.QtGui import QIcon

    from ..paths import resource_path

    app.setWindowIcon(QIcon(str(resource_path("icons", "thidua.png"))))
    log_path = setup_logging()
    install_excepthook(log_path, interactive=not args.screenshot)

    path = Path(args.db or args.file or default_db_path())
    lock = DataFileLock(path)
    if (held := lock.acquire()) is not None:
        log.warning("Tệp %s đang mở ở nơi khác", path)
        if args.screenshot:
            print(f"Lỗi: {held}", file=sys.stderr)
        else:
            QMessageBox.warning(None, "Tệp dữ liệu đang được mở", held)
        return 2
    try:
        db = open_data_file(path, interactive=not args.screenshot)
    except StoreError as exc:
        log.warning("Không mở được %s: %s", path, exc)
        lock.release()
        if args.screenshot:
            print(f"Lỗi: {exc}", file=sys.stderr)
        else:
            QMessageBox.critical(None, "Không mở được tệp dữ liệu", str(exc))
        return 2
    app.aboutToQuit.connect(lock.release)

    window = MainWindow(path, db)
    window.auto_backup(warn=not args.screenshot)
    if args.tab:
        window.select_tab(args.tab)
    if args.screenshot:
        code = take_screenshot(app, window, Path(args.screenshot), args.dialog)
        if unattended_errors:
            print(f"Lỗi: {len(unattended_errors)} lỗi chương trình khi chụp (chi tiết ở trên và trong {log_path})",
                  file=sys.stderr)
            return code or 1
        return code
    window.show()
    return app.exec()


def take_screenshot(app, window, out: Path, dialog_name: str | None = None) -> int:
    import time

    window.resize(1280, 800)
    window.show()
    for _ in range(5):
        app.processEvents()
    if unattended_errors:  # the window did not come up as it should: no picture of it
        window.close()
        return 1
    target = window
    if dialog_name:
        window.select_tab("decisions")
        target = window.decision_tab.dialog(dialog_name)
        if target is None:
            print("Lỗi: chưa có quyết định nào để mở hộp thoại", file=sys.stderr)
            return 2
        target.show()
        for _ in range(20):  # the PDF preview renders its pages in a worker thread
            app.processEvents()
            time.sleep(0.05)
    out.parent.mkdir(parents=True, exist_ok=True)
    ok = target.grab().save(str(out))
    if target is not window:
        target.close()
    window.close()
    if not ok:
        print(f"Lỗi: không ghi được ảnh {out}", file=sys.stderr)
        return 2
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
