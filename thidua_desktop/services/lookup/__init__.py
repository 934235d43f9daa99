"""Tra cứu: find a person or a unit by name (accents optional) and build their whole record — titles, xếp loại,
sáng kiến, kỷ luật, registrations, proposals, certificates, what comes next — and export it as a trích lục.

May import domain, store, services.eligibility and services.documents; never ui.
"""
