md = """| name  | score | passed |
|-------|------:|:------:|
| alice |    91 | yes    |
| bob   |    67 | no     |
| carol |    78 | yes    |"""
lines = [l.strip() for l in md.splitlines()]
header = [c.strip() for c in lines[0].strip("|").split("|")]
records = []
for line in lines[2:]:
    cells = [c.strip() for c in line.strip("|").split("|")]
    rec = dict(zip(header, cells))
    rec["score"] = int(rec["score"])
    rec["passed"] = rec["passed"] == "yes"
    records.append(rec)
print(records)
print("mean:", sum(r["score"] for r in records) / len(records))
print([r["name"] for r in records if r["passed"]])
