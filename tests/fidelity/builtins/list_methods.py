lst = [3, 1, 4]
lst.append(1)
lst.extend([5, 9])
lst.insert(0, 2)
print(lst, lst.count(1), lst.index(4))
lst.remove(1)
print(lst, lst.pop(), lst.pop(0), lst)
lst.reverse()
print(lst, lst * 2, lst + [0], [0] * 3)
lst.clear()
print(lst, len(lst))
nums = [1, 2, 3]
copy = nums[:]
copy.append(4)
print(nums, copy, nums == [1, 2, 3], nums < [1, 2, 4])
