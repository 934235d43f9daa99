"""The eligibility of a campaign's registrations checked in a background thread."""
from __future__ import annotations

import sqlite3

from PySide6.QtCore import QObject, Signal

from ...services.eligibility import SeasonData, check_registrations
from ...store.db import StoreError, open_readonly


class EligibilityJob(QObject):
    """Checks a campaign's registrations in a background thread, on its own
    read-only connection; the tab stays usable meanwhile."""

    done = Signal(int, object, object)  # generation, {id: RowCheck}, SeasonData
    failed = Signal(int, str)

    def __init__(self, path, campaign_id: int, generation: int):
        super().__init__()
        self.path, self.campaign_id, self.generation = path, campaign_id, generation

    def run(self) -> None:
        try:
            db = open_readonly(self.path)
            try:
                data = SeasonData.load(db)
                checks = check_registrations(db, self.campaign_id, data=data)
            finally:
                db.close()
        except (StoreError, sqlite3.Error) as exc:
            self.failed.emit(self.generation, str(exc))
            return
        self.done.emit(self.generation, checks, data)
