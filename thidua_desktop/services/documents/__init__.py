"""The documents the program writes: PDF machinery and fonts, workbook helpers, certificates, council and decision documents, lists for the Sở Nội vụ.

May import domain and store; never ui, never another services capability except through the data it is handed."""
