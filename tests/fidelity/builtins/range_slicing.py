r = range(0, 20, 3)
print(list(r), len(r), r[2], r[-1], 9 in r, 10 in r, r.index(12))
print(list(range(10))[2:8:2], list(range(10))[::-3], list(range(10))[-2:])
print(range(5), range(1, 10, 2))
s = "abcdefghij"
print(s[1:-1:2], s[::-1], s[-3:], s[:3], s[100:], s[-100:2])
lst = list(range(10))
lst[2:5] = ["x"]
print(lst)
del lst[::2]
print(lst)
lst2 = list(range(6))
lst2[::2] = [0, 0, 0]
print(lst2)
