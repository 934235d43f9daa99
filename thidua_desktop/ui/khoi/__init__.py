"""Tab Khối thi đua: khối and member agencies, the score sheet editor, scoring grid, ranking and ties.

May import domain, store, services (services.khoi above all) and the shared ui modules; nothing imports it but main_window.
"""
