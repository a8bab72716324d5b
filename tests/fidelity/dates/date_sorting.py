from datetime import date
events = [("launch", "2024-11-05"), ("review", "2024-02-29"), ("kickoff", "2023-12-01"), ("retro", "2024-02-28")]
parsed = [(name, date.fromisoformat(d)) for name, d in events]
for name, d in sorted(parsed, key=lambda e: e[1]):
    print(f"{d:%b %d, %Y}: {name}")
by_year = {}
for name, d in parsed:
    by_year.setdefault(d.year, []).append(name)
print(by_year)
print(date(2024, 2, 29).strftime("%A"), date.min.year, date.max.year)
