results = {"passed": 187, "failed": 9, "skipped": 4}
total = sum(results.values())
for k, v in results.items():
    print(f"{k:>8}: {v:4d} ({v / total:.1%})")
print(f"{0.5:%} {1/3:.2%} {0.0001:.3%} {2:.0%}")
print("{:.1%}".format(0.9876))
print(f"success rate: {results['passed'] / total * 100:.2f}%")
