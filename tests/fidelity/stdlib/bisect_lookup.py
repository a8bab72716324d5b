import bisect
grades = [60, 70, 80, 90]
letters = "FDCBA"
for score in [55, 60, 75, 89, 90, 100]:
    print(score, letters[bisect.bisect(grades, score)])
sorted_list = [1, 3, 5, 7]
bisect.insort(sorted_list, 4)
print(sorted_list, bisect.bisect_left(sorted_list, 5), bisect.bisect_right(sorted_list, 5))
