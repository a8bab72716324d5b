from collections import Counter
text = """the quick brown fox jumps over the lazy dog the fox barks
and the dog sleeps while the quick fox runs"""
words = text.split()
counts = Counter(words)
print(counts.most_common(3))
print(counts["fox"], counts["cat"])
letters = Counter(c for c in text if c.isalpha())
print(sorted(letters.items(), key=lambda kv: (-kv[1], kv[0]))[:5])
print(sum(counts.values()), len(counts))
