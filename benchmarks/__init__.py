"""Benchmarks: ``uv run python -m benchmarks [--json out.json]``."""
