latencies_ms = [12, 45, 7, 230, 88, 19, 150, 33, 61, 5, 410, 72, 28, 95]
buckets = [(0, 25), (25, 50), (50, 100), (100, 250), (250, 1000)]
hist = {f"{lo}-{hi}": 0 for lo, hi in buckets}
for v in latencies_ms:
    for lo, hi in buckets:
        if lo <= v < hi:
            hist[f"{lo}-{hi}"] += 1
            break
for label, n in hist.items():
    print(f"{label:>9} | {'#' * n} {n}")
s = sorted(latencies_ms)
p50 = s[len(s) // 2]
p90 = s[int(len(s) * 0.9)]
print(f"p50={p50}ms p90={p90}ms mean={sum(s) / len(s):.1f}ms")
