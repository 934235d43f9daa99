"""Sửa → Hoàn tác / Làm lại of the main window: a change is the audit rows the
window's own connection wrote between two ``did_change(label)`` calls
(``store.undo``); the inverse comes from the audit log, checked before writing.

Part of :class:`~thidua_desktop.ui.main_window.MainWindow` (a mixin: it reads
the window's ``db``, ``perform``, ``reload_all``, ``welcome`` and its actions)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..store import audit
from ..store import undo as undo_log

#: how many changes Sửa → Hoàn tác can take back
UNDO_LEVELS = 50


@dataclass(frozen=True)
class UndoStep:
    """A change of the window: its name and the audit rows it wrote."""

    label: str
    ids: tuple[int, ...]
    also_undo: Callable[[], None] | None = None


class UndoMixin:
    """The undo and redo stacks of the window."""

    def _start_tracking(self) -> None:
        """Changes are known by the audit rows this window's connection writes
        (``store.undo``); a (re)opened file starts with empty stacks."""
        undo_log.track(self.db)
        self._mark = undo_log.last_written(self.db)
        self._undo_stack.clear()
        self._redo_stack.clear()

    def checkpoint(self) -> None:
        """What was written since the last change is not a step of its own
        (a print log line): no later undo takes it back."""
        self._mark = undo_log.last_written(self.db)

    def did_change(self, label: str, *, also_undo: Callable[[], None] | None = None) -> None:
        """Record a change made by this window: everything it wrote since the
        last change (the audit log's rows, cascades included) becomes the top
        step of Sửa → Hoàn tác “label” (the inverse comes from the audit log);
        ``also_undo`` restores what the log does not hold (the emblem image)
        and makes the step impossible to redo."""
        ids = undo_log.written_since(self.db, self._mark)
        self._mark = undo_log.last_written(self.db)
        if ids or also_undo is not None:
            self._undo_stack.append(UndoStep(label, ids, also_undo))
            del self._undo_stack[:-UNDO_LEVELS]
            self._redo_stack.clear()
        self._show_undo_state()
        self.statusBar().showMessage(f"Đã {label}.", 5000)

    def undo_labels(self) -> list[str]:
        """The steps Hoàn tác would take back, newest first."""
        return [step.label for step in reversed(self._undo_stack)]

    def redo_labels(self) -> list[str]:
        return [step.label for step in reversed(self._redo_stack)]

    def _show_undo_state(self) -> None:
        for action, stack, word in ((self.undo_action, self._undo_stack, "&Hoàn tác"),
                                    (self.redo_action, self._redo_stack, "&Làm lại")):
            action.setEnabled(bool(stack))
            action.setText(f"{word} “{stack[-1].label}”" if stack else word)

    def _step_back(self, source: list, target: list, done: str) -> bool:
        """Revert the top step of ``source``; its inverse goes onto ``target``.
        Refused (nothing written) when its rows were changed since."""
        if not source:
            return False
        step = source[-1]
        inverse: list[tuple[int, ...]] = []

        def write() -> None:
            with self.db.atomic():
                inverse.append(undo_log.revert(self.db, step.ids, step.label))
                if step.also_undo is not None:
                    step.also_undo()
                audit.note(self.db, f"{done[0].upper()}{done[1:]}: {step.label}")

        ok = self.perform(write)
        source.pop()  # refused: it cannot be taken back later either; the steps below stay
        self._mark = undo_log.last_written(self.db)
        if ok and step.also_undo is None:
            target.append(UndoStep(step.label, inverse[0]))
        self._show_undo_state()
        if ok:
            self.reload_all()
            self.welcome.refresh()
            self.statusBar().showMessage(f"Đã {done}: {step.label}.", 5000)
        return ok

    def undo(self) -> bool:
        return self._step_back(self._undo_stack, self._redo_stack, "hoàn tác")

    def redo(self) -> bool:
        return self._step_back(self._redo_stack, self._undo_stack, "làm lại")
