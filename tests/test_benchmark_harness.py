"""The benchmark harness measures as issue 17 asks: app and baseline
alternate, at least five runs each, the ratio is the median of the pairs'
ratios with its min and max, and every result is judged against its target.
(No timing is asserted: the clock is replaced.)"""
from __future__ import annotations

import pytest

from benchmarks import harness


@pytest.fixture
def clock(monkeypatch):
    """A clock that advances by the durations the called functions "take"."""
    now = [0.0]
    monkeypatch.setattr(harness.time, "perf_counter", lambda: now[0])
    monkeypatch.setattr(harness.time, "process_time", lambda: now[0] / 2)  # half the wall time on the CPU
    return now


def test_app_and_baseline_alternate_and_the_ratio_is_the_median_of_pairs(clock):
    calls = []
    app_times = iter([2.0, 3.0, 2.0, 9.0, 2.0])
    base_times = iter([1.0, 1.0, 2.0, 1.0, 1.0])

    def app():
        calls.append("app")
        clock[0] += next(app_times)

    def base():
        calls.append("base")
        clock[0] += next(base_times)

    r = harness.against_baseline(app, base, runs=5, target_ratio=1.5)
    assert calls == ["app", "base"] * 5
    # ratios 2, 3, 1, 9, 2 → median 2; not the ratio of the medians (2 / 1)
    assert (r["ratio"], r["ratio_min"], r["ratio_max"]) == (2.0, 1.0, 9.0)
    assert (r["app_s"], r["app_min_s"], r["app_max_s"]) == (2.0, 2.0, 9.0)
    assert (r["baseline_s"], r["runs"], r["target_ratio"]) == (1.0, 5, 1.5)
    # the CPU time side by side, paired the same way
    assert (r["cpu_ratio"], r["cpu_ratio_min"], r["cpu_ratio_max"]) == (2.0, 1.0, 9.0)
    assert (r["app_cpu_s"], r["baseline_cpu_s"]) == (1.0, 0.5)
    assert harness.passed(r) is False
    assert "2.00 (1.00–9.00)" in harness.table({"import": r}).splitlines()[1]


def test_fewer_than_five_runs_are_refused():
    with pytest.raises(ValueError, match="at least 5"):
        harness.against_baseline(lambda: None, lambda: None, runs=3, target_ratio=1.5)


def test_targets_in_seconds_and_the_table():
    fast = harness.seconds([0.2, 0.1, 0.3], target_s=0.25)
    slow = harness.seconds([0.4, 0.5, 0.6], target_s=0.25)
    watched = harness.seconds([1.0], target_s=None)
    assert (fast["app_s"], fast["app_min_s"], fast["app_max_s"]) == (0.2, 0.1, 0.3)
    assert (harness.passed(fast), harness.passed(slow), harness.passed(watched)) == (True, False, None)
    text = harness.table({"fast": fast, "slow": slow, "watched": watched})
    lines = text.splitlines()
    assert lines[1].split()[-1] == "pass" and lines[2].split()[-1] == "FAIL" and lines[3].split()[-1] == "—"
    assert "≤ 0.25 s" in lines[1] and "0.200 (0.100–0.300)" in lines[1]
