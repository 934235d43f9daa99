"""Tabs Quyết định and Đề nghị cấp trên: decisions, the award book, proposals to the higher level.

May import domain, store, services, ui.certificates and the shared ui modules."""
