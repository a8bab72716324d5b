matrix = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
print([row[i] for row in matrix for i in range(len(row)) if i == 1])
print([[row[i] for row in matrix] for i in range(3)])
print([x for row in matrix for x in row if x % 2])
print([(i, j) for i in range(3) for j in range(i)])
pairs = [(a, b) for a in "xy" for b in (1, 2)]
print(pairs)
grid = [[0] * 3 for _ in range(2)]
grid[0][1] = 5
print(grid)
