"""Tab Kết quả bình xét: the council meeting from attendance to minutes.

May import domain, store, services and the shared ui modules."""
