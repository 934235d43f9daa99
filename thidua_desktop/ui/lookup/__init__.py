"""Tra cứu (Ctrl+K): the search and record window over services.lookup, and the context menu / double-click that
open it from a person or unit in the tabs' lists.

May import services, store (read-only queries through services), domain and the shared ui modules; no tab module.
"""
