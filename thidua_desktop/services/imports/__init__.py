"""Excel imports: reading real-world sheets and finding their layout, the roster, award history, xếp loại, the units' returned registration workbooks and the vocabulary of old spreadsheets.

May import domain, store, services.bulk and services.documents (for the workbooks it writes); never ui."""
