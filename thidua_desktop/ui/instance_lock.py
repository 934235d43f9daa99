"""One window per data file, on this PC or any PC sharing the folder.

A ``QLockFile`` next to the data file (``thidua.sqlite.lock``) holds the
process id, the computer's name and who opened it. A second window on the
same file is refused with a message naming them. A lock left by a crash is
recovered: Qt removes it when its process no longer runs on this computer;
a lock from another computer cannot be checked from here, so the message
says which computer holds it and how to free it if that computer is off.
"""
from __future__ import annotations

import getpass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLockFile


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment (a service account)
        return "?"


class DataFileLock:
    def __init__(self, db_path: Path | str):
        self.path = Path(str(db_path) + ".lock")
        self._lock = QLockFile(str(self.path))
        self._lock.setStaleLockTime(0)  # stale only when its process is gone, never by age

    def acquire(self) -> str | None:
        """Take the lock; ``None`` on success, else why not (Vietnamese)."""
        # QLockFile records the application name: put the user in it for the message of others.
        name = QCoreApplication.applicationName()
        QCoreApplication.setApplicationName(f"ThiĐua Desktop — {_user()}")
        try:
            if self._lock.tryLock(200):
                return None
        finally:
            QCoreApplication.setApplicationName(name)
        if self._lock.error() == QLockFile.LockError.PermissionError:
            return None  # a read-only folder: nobody can write here either, SQLite guards the reads
        info = self._lock.getLockInfo()  # PySide: (pid, host, app), or with a leading ok flag
        if isinstance(info, tuple) and len(info) == 4:
            ok, pid, host, who = info
        elif isinstance(info, tuple) and len(info) == 3:
            ok, (pid, host, who) = bool(info[1] or info[2]), info
        else:
            ok, pid, host, who = False, 0, "", ""
        holder = who.replace("ThiĐua Desktop — ", "") if ok else "?"
        where = f"máy “{host}”" if ok and host else "một máy khác"
        return (
            f"Tệp dữ liệu này đang được mở ở {where} (người dùng {holder}, tiến trình {pid if ok else '?'}). "
            "Mỗi tệp chỉ mở ở một cửa sổ để không ghi đè lên nhau. Hãy đóng chương trình ở đó rồi mở lại.\n\n"
            f"Nếu máy đó đã tắt hoặc chương trình đã thoát bất thường, hãy xóa tệp “{self.path.name}” "
            "nằm cạnh tệp dữ liệu rồi mở lại."
        )

    def release(self) -> None:
        if self._lock.isLocked():
            self._lock.unlock()
