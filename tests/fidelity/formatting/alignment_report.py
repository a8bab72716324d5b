rows = [
    ("Server", "Status", "CPU", "Mem"),
    ("web-01", "up", 0.43, 0.71),
    ("web-02", "degraded", 0.91, 0.88),
    ("db-01", "up", 0.37, 0.52),
]
widths = [max(len(str(r[i])) if not isinstance(r[i], float) else 6 for r in rows) for i in range(4)]
header, *data = rows
print(" | ".join(h.ljust(w) for h, w in zip(header, widths)))
print("-+-".join("-" * w for w in widths))
for name, status, cpu, mem in data:
    print(f"{name.ljust(widths[0])} | {status.ljust(widths[1])} | {cpu:>{widths[2]}.0%} | {mem:>{widths[3]}.1%}")
