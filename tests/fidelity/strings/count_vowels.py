text = "Programming in Python is fun and educational"
vowels = "aeiou"
counts = {v: text.lower().count(v) for v in vowels}
print(counts, sum(counts.values()))
print(sum(1 for c in text if c.lower() in vowels))
consonants = [c for c in text.lower() if c.isalpha() and c not in vowels]
print(len(consonants), "".join(sorted(set(consonants))))
freq = {}
for ch in text.replace(" ", "").lower():
    freq[ch] = freq.get(ch, 0) + 1
print(sorted(freq.items(), key=lambda x: (-x[1], x[0]))[:4])
