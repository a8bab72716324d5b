sentence = "Python is a great language for data"
words = sentence.split()
print(len(words), words[::-1], " ".join(reversed(words)))
print("-".join(words).lower())
print(max(words, key=len), sorted(words, key=len)[-2:])
acronym = "".join(w[0].upper() for w in words)
print(acronym)
print(" ".join(w[::-1] for w in words))
print(sentence[::-1])
