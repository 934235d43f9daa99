"""Word documents (.docx) from docxtpl templates the secretary may edit: render, check fields, the NĐ 30 parts, the kinds.

May import domain, store, the other services packages (council, decisions) for their data, and documents.output; never ui."""
