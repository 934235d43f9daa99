"""Tab Đăng ký: registrations, their eligibility, and the units' returned workbooks.

May import domain, store, services and the shared ui modules."""
