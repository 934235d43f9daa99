"""The council meeting from the data file to the rules and back, and what its documents show.

May import domain, store and services.documents; never ui."""
