"""Tab Cán bộ: units and the staff list (model/view).

May import domain, store, services and the shared ui modules."""
