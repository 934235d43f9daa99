"""Backups of a data file: which copies are made, kept and restored (``policy``) and how a copy is
written safely (``files``). A service: imports the store and the paths, nothing of the ui."""
from .files import STALE_TMP_SECONDS, BackupError
from .policy import (
    DEFAULT_KEEP,
    KINDS,
    SUFFIX,
    BackupInfo,
    EmptiedFileError,
    auto_backup,
    backup_dir,
    backup_dirs,
    backup_now,
    check_not_emptied,
    is_emptied,
    list_backups,
    make_pre_migration_backup,
    newest_good_backup,
    restore,
)

__all__ = [
    "DEFAULT_KEEP", "KINDS", "STALE_TMP_SECONDS", "SUFFIX", "BackupError", "BackupInfo", "EmptiedFileError",
    "auto_backup", "backup_dir", "backup_dirs", "backup_now", "check_not_emptied", "is_emptied", "list_backups",
    "make_pre_migration_backup", "newest_good_backup", "restore",
]
