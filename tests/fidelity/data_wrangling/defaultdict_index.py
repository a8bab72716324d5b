from collections import defaultdict
events = [
    ("login", "u1"), ("view", "u2"), ("login", "u2"), ("purchase", "u1"),
    ("view", "u1"), ("logout", "u1"), ("view", "u3"),
]
by_user = defaultdict(list)
for event, user in events:
    by_user[user].append(event)
for user in sorted(by_user):
    print(user, "->", ", ".join(by_user[user]))
counts = defaultdict(int)
for event, _ in events:
    counts[event] += 1
print(dict(sorted(counts.items())))
