import copy
orig = {"a": [1, 2], "b": {"c": [3]}}
shallow = copy.copy(orig)
deep = copy.deepcopy(orig)
orig["a"].append(99)
orig["b"]["c"].append(100)
print(shallow)
print(deep)
lst = [[0] * 2] * 2
lst[0][0] = 1
print(lst)
fixed = [row[:] for row in [[0, 0]] * 2]
fixed[0][0] = 1
print(fixed, orig.copy() == orig, list(orig.items())[0])
