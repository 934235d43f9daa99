"""Decisions, the award book, and proposals to the level that decides with the decisions that come back.

May import domain, store, services.council and services.documents; never ui."""
