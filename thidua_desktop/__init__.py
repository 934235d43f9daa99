"""ThiĐua Desktop: the secretary's program for a Hội đồng Thi đua - Khen thưởng, over one SQLite file.

Layers, each importing only those before it: domain → store → services → ui (and cli beside ui);
see docs/architecture.md."""
__version__ = "0.1.0"
