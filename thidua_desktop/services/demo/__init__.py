"""Demo data: a realistic, deterministic agency to try the program on (``build_demo`` into an empty file).
A service: may import the domain, the store and other services (council, decisions, khoi) it fills through."""
from .build import DemoDataExistsError, DemoSummary, build_demo
from .names import _person_name  # noqa: F401 — the benchmarks' names

__all__ = ["DemoDataExistsError", "DemoSummary", "build_demo"]
