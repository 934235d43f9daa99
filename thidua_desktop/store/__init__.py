"""The data file: opening, migrations, the audit log and undo, and one module of queries per kind
of record, returning domain records.

May import domain and sqlite-utils; never services, ui or Qt."""
