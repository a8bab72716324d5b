scores = [95, 82, 67, 58, 74, 100]
grades = ["A" if s >= 90 else "B" if s >= 80 else "C" if s >= 70 else "F" for s in scores]
print(grades)
print(["even" if n % 2 == 0 else "odd" for n in range(5)])
labels = [f"{s}{'*' if s == max(scores) else ''}" for s in scores]
print(labels)
print([x or "empty" for x in ["a", "", None, 0, "b"]])
print([x and x.upper() for x in ["a", "", "c"]])
