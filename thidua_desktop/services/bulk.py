"""Helpers for jobs that make hundreds of thousands of objects at once."""
from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

_gc_lock = threading.Lock()
_gc_pauses = 0
_gc_was_enabled = False


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block. Loading and checking a
    season, building a workbook of 50,000 rows or a demo agency make hundreds
    of thousands of small objects that live on; every collection their
    allocations trigger rescans them all (a third of the time of a full
    eligibility recompute). Reference counting still frees what is dropped.
    Nested and concurrent blocks (the UI's background check) are counted."""
    global _gc_pauses, _gc_was_enabled
    with _gc_lock:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled:
                if not gc.get_freeze_count():
                    # What the block made and kept goes to the oldest generation at once: the young
                    # generations' collections would otherwise scan every object of it on the way there.
                    gc.freeze()
                    gc.unfreeze()
                gc.enable()
