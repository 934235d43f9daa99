"""Tab “Hồ sơ thi đua”: each person's and unit's records — xếp loại, award history,
sáng kiến, kỷ luật — a page each. May import domain, store, services and the shared ui modules."""
