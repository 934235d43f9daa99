"""Where things live: bundled resources and the user's data folder.

One helper for a checkout and a frozen (PyInstaller) bundle alike; never the
current directory.
"""
from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

APP_NAME = "ThiDua Desktop"
ORG_NAME = "ThiDua"
DB_FILENAME = "thidua.sqlite"


def app_root() -> Path:
    """The folder holding ``resources/`` and ``forms/``."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parent.parent


def resource_path(*parts: str) -> Path:
    return app_root().joinpath("resources", *parts)


def form_path(name: str) -> Path:
    return app_root() / "forms" / name


def user_data_dir() -> Path:
    """The per-user data folder (``%APPDATA%\\ThiDua\\ThiDua Desktop`` on Windows).

    ``THIDUA_DATA_DIR`` overrides it (tests, portable installs). Without Qt
    (the CLI) the same location is derived by hand so both agree.
    """
    override = os.environ.get("THIDUA_DATA_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / ORG_NAME / APP_NAME


def user_templates_dir() -> Path:
    """The user's own certificate templates (edited copies of the bundled ones)."""
    return user_data_dir() / "templates"


def user_docx_templates_dir() -> Path:
    """The user's own Word templates (copies of the bundled ones she edits in Word)."""
    return user_templates_dir() / "docx"


def default_db_path() -> Path:
    return user_data_dir() / DB_FILENAME


def backups_root() -> Path:
    return user_data_dir() / "backups"


def backup_dir_for(db_path: Path, file_uuid: str | None = None) -> Path:
    """Backups of a data file sit in the user's data folder, one sub-folder per
    file: named by the file's own UUID when it has one (so a moved file, or a
    USB stick under another drive letter, still finds them), else — files of
    earlier versions — by a hash of its path. ``services.backup`` finds both."""
    resolved = Path(db_path).resolve()
    stem = resolved.stem or "thidua"
    if file_uuid:
        return backups_root() / f"{stem}-{file_uuid}"
    digest = hashlib.sha1(str(resolved).encode("utf-8")).hexdigest()[:8]
    return backups_root() / f"{stem}-{digest}"


def log_dir() -> Path:
    return user_data_dir() / "logs"


def log_file() -> Path:
    """The program's log (rotated: ``thidua.log.1`` … beside it)."""
    return log_dir() / "thidua.log"
