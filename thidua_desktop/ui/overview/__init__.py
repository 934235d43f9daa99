"""Tổng quan, the first tab: where the year stands and a link to each place to act (facts from services.overview).

May import services, store (through services), domain and the shared ui modules.
"""
