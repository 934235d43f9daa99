"""Word documents in the window: the "Văn bản Word…" choice on the tabs and Sửa → Mẫu văn bản Word….

May import services.documents.word, store and the shared ui modules (widgets); never another tab."""
