"""The rules and values of emulation and commendation, in pure Python: text, records, rule sets,
eligibility, votes, council, decisions, certificates, khối scoring, report forms.

May import the standard library only (and ``paths`` to find the shipped rule sets): no Qt, no SQL."""
