words = ["banana", "Apple", "cherry", "apple", "Banana", "date"]
print(sorted(words))
print(sorted(words, key=str.lower))
print(sorted(words, key=lambda w: (w.lower(), w)))
print(sorted(set(w.lower() for w in words)))
print("apple".casefold() == "APPLE".casefold(), "a" * 3 == "aaa")
print([w for w in words if w.lower().startswith(("a", "b"))])
