"""What the decision and proposal dialogs share."""
from __future__ import annotations

from ...domain.titles import Title
from ...store.db import StoreError
from ...store.rules import ruleset_for_year


def year_titles(dialog, *, agency_decides: bool) -> list[Title] | None:
    """The titles of the year in ``dialog.year`` that the agency's head decides (Quyết định) or not (Điều 80:
    proposed to the level that decides), after clearing ``dialog.title``; ``None`` once the dialog's error line
    says why the year has no rule set."""
    dialog.title.clear()
    try:
        rs = ruleset_for_year(dialog.db, dialog.year.value())
    except StoreError as exc:
        dialog.error.setText(str(exc))
        return None
    return [t for t in rs.titles if t.agency_decides == agency_decides]
