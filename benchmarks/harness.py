"""How the benchmarks measure and report, so that a ratio can be trusted.

A ratio against a bare-library baseline is the **median of at least**
:data:`MIN_RUNS` **alternating runs** in one process (app, baseline, app,
baseline …: both sides see the same load of a shared machine), each pair
giving one ratio; the lowest and highest of those ratios are reported too.
The same is done with the CPU time of each run (``cpu_ratio``): the process's
own work, which the other jobs of a shared machine disturb less than the wall
clock.
A workload without a baseline is timed the same number of times and its
median compared with its target in seconds. Every workload states its
target; :func:`table` prints pass/fail against it.
"""
from __future__ import annotations

import statistics
import time
from collections.abc import Callable

#: fewer runs than this and a ratio says more about the machine than the program
MIN_RUNS = 5


def timed(fn: Callable):
    """``(seconds, result)`` of one call."""
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def timed_cpu(fn: Callable) -> tuple[float, float]:
    """``(wall seconds, CPU seconds of this process)`` of one call."""
    cpu = time.process_time()
    wall, _ = timed(fn)
    return wall, time.process_time() - cpu


def _spread(times: list[float], key: str) -> dict:
    return {f"{key}_s": statistics.median(times), f"{key}_min_s": min(times), f"{key}_max_s": max(times)}


def against_baseline(app: Callable, baseline: Callable, *, runs: int, target_ratio: float) -> dict:
    """Run ``app`` and ``baseline`` alternately ``runs`` times each (app
    first); the medians, their spreads and the median of the pairs' ratios."""
    if runs < MIN_RUNS:
        raise ValueError(f"at least {MIN_RUNS} alternating runs (asked for {runs})")
    app_times, base_times, app_cpu, base_cpu = [], [], [], []
    for _ in range(runs):
        for fn, wall, cpu in ((app, app_times, app_cpu), (baseline, base_times, base_cpu)):
            w, c = timed_cpu(fn)
            wall.append(w)
            cpu.append(c)
    ratios = [a / b for a, b in zip(app_times, base_times, strict=True)]
    cpu_ratios = [a / max(b, 1e-9) for a, b in zip(app_cpu, base_cpu, strict=True)]
    return {
        **_spread(app_times, "app"), **_spread(base_times, "baseline"),
        "ratio": statistics.median(ratios), "ratio_min": min(ratios), "ratio_max": max(ratios),
        "app_cpu_s": statistics.median(app_cpu), "baseline_cpu_s": statistics.median(base_cpu),
        "cpu_ratio": statistics.median(cpu_ratios), "cpu_ratio_min": min(cpu_ratios),
        "cpu_ratio_max": max(cpu_ratios),
        "runs": runs, "target_ratio": target_ratio,
    }


def seconds(times: list[float], *, target_s: float | None) -> dict:
    """A workload without a baseline: the median of its runs against ``target_s`` (None: watched only)."""
    return {**_spread(times, "app"), "baseline_s": None, "ratio": None, "runs": len(times), "target_s": target_s}


def repeat(fn: Callable, runs: int) -> list[float]:
    """The times of ``runs`` calls of ``fn``."""
    return [timed(fn)[0] for _ in range(runs)]


def passed(r: dict) -> bool | None:
    """Does a result meet its target (None: no target)?"""
    if r.get("target_ratio") is not None and r.get("ratio") is not None:
        return r["ratio"] <= r["target_ratio"]
    if r.get("target_s") is not None:
        return r["app_s"] <= r["target_s"]
    return None


def table(results: dict[str, dict]) -> str:
    """The results as a text table: medians, min–max, target, pass/fail."""
    lines = [f"{'workload':38} {'runs':>4} {'app s (min–max)':>22} {'baseline s':>11} "
             f"{'ratio (min–max)':>19} {'CPU ratio (min–max)':>19}  {'target':>8}  result"]
    for name, r in results.items():
        app = f"{r['app_s']:.3f} ({r['app_min_s']:.3f}–{r['app_max_s']:.3f})" if "app_min_s" in r \
            else f"{r['app_s']:.3f}"
        base = f"{r['baseline_s']:.3f}" if r.get("baseline_s") is not None else "—"
        ratio = (f"{r['ratio']:.2f} ({r['ratio_min']:.2f}–{r['ratio_max']:.2f})"
                 if r.get("ratio") is not None else "—")
        cpu = (f"{r['cpu_ratio']:.2f} ({r['cpu_ratio_min']:.2f}–{r['cpu_ratio_max']:.2f})"
               if r.get("cpu_ratio") is not None else "—")
        target = (f"≤ {r['target_ratio']}×" if r.get("target_ratio") is not None else
                  f"≤ {r['target_s']} s" if r.get("target_s") is not None else "—")
        ok = passed(r)
        verdict = "pass" if ok else "FAIL" if ok is False else "—"
        lines.append(f"{name:38} {r.get('runs', 1):>4} {app:>22} {base:>11} {ratio:>19} {cpu:>19}  "
                     f"{target:>8}  {verdict}")
    return "\n".join(lines)
