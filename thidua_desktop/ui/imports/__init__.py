"""The import wizard: file → header and columns → preview → import.

May import domain, store, services and the shared ui modules."""
