"""services.bulk.gc_paused: no cyclic collection inside the block; what the
block made and kept goes to the oldest generation at its end (no young
collection scans it on the way); cycles dropped later are still collected."""
from __future__ import annotations

import gc
import weakref

from thidua_desktop.services.bulk import gc_paused


class Node:
    def __init__(self):
        self.other = self  # a reference cycle


def test_a_pause_ends_with_its_objects_in_the_oldest_generation_still_collectable():
    gc.collect()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():  # nested: still paused at the inner end
            kept = [Node() for _ in range(2000)]
        assert not gc.isenabled()
        probe = weakref.ref(kept[0])
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    assert any(kept[0] is o for o in gc.get_objects(generation=2))
    del kept
    gc.collect()
    assert probe() is None


def test_objects_frozen_by_someone_else_stay_frozen():
    gc.collect()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with gc_paused():
            made = [Node() for _ in range(10)]
        assert gc.get_freeze_count() == frozen and gc.isenabled() and made
    finally:
        gc.unfreeze()
