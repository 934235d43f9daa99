"""The window: Qt Widgets over the services — shared modules here, a package per tab or capability.

May import everything above it and PySide6; nothing imports it but the entry points."""
