import heapq
nums = [5, 1, 8, 3, 9, 2, 7]
print(heapq.nlargest(3, nums), heapq.nsmallest(2, nums))
h = []
for n in nums:
    heapq.heappush(h, n)
print([heapq.heappop(h) for _ in range(4)])
tasks = [(3, "write"), (1, "plan"), (2, "code")]
heapq.heapify(tasks)
print(heapq.heappop(tasks), tasks[0])
people = [{"n": "a", "age": 30}, {"n": "b", "age": 25}, {"n": "c", "age": 35}]
print(heapq.nlargest(2, people, key=lambda p: p["age"]))
print(list(heapq.merge([1, 4, 7], [2, 5, 8])))
