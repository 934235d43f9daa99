"""One window per data file, on this PC or any PC sharing the folder.

The lock itself is :class:`thidua_desktop.store.lockfile.FileLock` (plain
Python, shared with the CLI, whose writing commands refuse to run while the
window holds it): ``thidua.sqlite.lock`` next to the data file names the
process, the computer and the Windows user. A second window on the same
file is refused with a message naming them. A lock left by a crash on this
computer is taken over; a lock from another computer cannot be checked from
here, so the message says which computer holds it and how to free it if
that computer is off.
"""
from __future__ import annotations

from pathlib import Path

from ..store.lockfile import WINDOW, FileLock


class DataFileLock:
    def __init__(self, db_path: Path | str):
        self._lock = FileLock(db_path, WINDOW)
        self.path = self._lock.path

    def acquire(self) -> str | None:
        """Take the lock; ``None`` on success, else why not (Vietnamese)."""
        holder = self._lock.acquire()
        if holder is None:
            return None
        return (
            f"Tệp dữ liệu này đang được mở bởi {holder.describe()}. "
            "Mỗi tệp chỉ mở ở một nơi để không ghi đè lên nhau. Hãy đóng chương trình ở đó rồi mở lại.\n\n"
            f"Nếu máy đó đã tắt hoặc chương trình đã thoát bất thường, hãy xóa tệp “{self.path.name}” "
            "nằm cạnh tệp dữ liệu rồi mở lại."
        )

    def release(self) -> None:
        self._lock.release()
