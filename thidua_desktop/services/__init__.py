"""Whole jobs over the data file and other files: imports, documents, the council, decisions,
eligibility of a season, reports, tra cứu, Tổng quan, khối scoring, backups, demo data.

May import domain and store (and one capability another's public functions); never ui or Qt widgets."""
