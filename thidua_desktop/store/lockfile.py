"""Who has a data file open: the ``<file>.lock`` beside it, in plain Python.

The window holds the lock while it is open; a writing CLI command holds it
while it writes and refuses to start while someone else holds it. Both use
this module (no Qt here), so either sees the other.

The lock file is text, one value a line, starting as Qt's ``QLockFile``
writes it (``pid``, program, computer) so that the locks left by earlier
versions of the window are read too; then ``user=`` the OS user (Windows
account) and ``started=`` the time. A lock is *stale* — left by a crash —
when it names this computer and its process no longer runs; a stale lock is
taken over. A lock of another computer cannot be checked from here: it
counts as held, and the message says how to free it if that computer is off.
"""
from __future__ import annotations

import datetime as dt
import getpass
import os
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

WINDOW = "ThiĐua Desktop"
COMMAND_LINE = "thidua (dòng lệnh)"


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment (a service account)
        return "?"


def host_name() -> str:
    try:
        return socket.gethostname()
    except OSError:
        return ""


def lock_path(db_path: Path | str) -> Path:
    return Path(str(db_path) + ".lock")


@dataclass(frozen=True)
class LockHolder:
    pid: int
    program: str
    host: str
    user: str = ""
    started: str = ""

    @property
    def here(self) -> bool:
        return bool(self.host) and self.host.lower() == host_name().lower()

    def describe(self) -> str:
        """“cửa sổ ThiĐua Desktop trên máy “PC-01” (người dùng thuky, tiến trình 123)”."""
        what = "lệnh thidua" if self.program == COMMAND_LINE else "chương trình ThiĐua Desktop"
        where = f"máy “{self.host}”" if self.host else "một máy khác"
        who = self.user or "không rõ"
        return f"{what} trên {where} (người dùng {who}, tiến trình {self.pid or '?'})"


def read_lock(db_path: Path | str) -> LockHolder | None:
    """The holder named in the lock file of ``db_path``, or ``None`` without one."""
    try:
        raw = lock_path(db_path).read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        return None
    except OSError:
        return LockHolder(0, "", "")  # there but unreadable: held by someone
    lines = raw.decode("utf-8", errors="replace").split("\n")
    try:
        pid = int(lines[0].strip())
    except (ValueError, IndexError):
        pid = 0
    program = lines[1].strip() if len(lines) > 1 else ""
    host = lines[2].strip() if len(lines) > 2 else ""
    extra = dict(line.split("=", 1) for line in lines[3:] if "=" in line)
    return LockHolder(pid, program, host, extra.get("user", "").strip(), extra.get("started", "").strip())


def _process_runs(pid: int) -> bool:
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        # os.kill would terminate the process on Windows: ask the kernel instead.
        import ctypes

        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return ctypes.GetLastError() == 5  # access denied: it runs, as another user
        try:
            code = ctypes.c_ulong()
            if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
                return True
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return True
    return True


def is_stale(holder: LockHolder) -> bool:
    return holder.here and holder.pid > 0 and not _process_runs(holder.pid)


def current_holder(db_path: Path | str) -> LockHolder | None:
    """Who holds ``db_path`` now (a stale lock counts as nobody)."""
    holder = read_lock(db_path)
    if holder is None or is_stale(holder):
        return None
    return holder


class FileLock:
    """The lock of one data file, for this process."""

    def __init__(self, db_path: Path | str, program: str = WINDOW):
        self.path = lock_path(db_path)
        self.program = program
        self.held = False

    def _contents(self) -> bytes:
        started = dt.datetime.now().isoformat(timespec="seconds")
        return (f"{os.getpid()}\n{self.program}\n{host_name()}\nuser={os_user()}\nstarted={started}\n"
                ).encode("utf-8")

    def acquire(self) -> LockHolder | None:
        """Take the lock: ``None`` on success (or where no lock can be written:
        a read-only folder, where nobody can write the data file either), else
        who holds it."""
        for _ in range(3):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                holder = read_lock(self.path.with_suffix(""))
                if holder is None:
                    continue  # gone meanwhile: try again
                if not is_stale(holder):
                    return holder
                try:
                    self.path.unlink()  # left by a crash on this computer
                except FileNotFoundError:
                    pass
                except OSError:
                    return holder
                continue
            except OSError:
                return None  # read-only folder or media
            try:
                os.write(fd, self._contents())
            finally:
                os.close(fd)
            self.held = True
            return None
        return read_lock(self.path.with_suffix("")) or LockHolder(0, "", "")

    def release(self) -> None:
        if not self.held:
            return
        self.held = False
        holder = read_lock(self.path.with_suffix(""))
        if holder is not None and holder.pid == os.getpid() and holder.here:
            try:
                self.path.unlink()
            except OSError:
                pass

    def __enter__(self) -> FileLock:
        return self

    def __exit__(self, *exc) -> None:
        self.release()
