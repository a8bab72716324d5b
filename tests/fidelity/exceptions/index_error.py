items = [1, 2, 3]
for fn in [lambda: items[5], lambda: "abc"[10], lambda: ()[0], lambda: [].pop(), lambda: items.index(9)]:
    try:
        fn()
    except (IndexError, ValueError) as e:
        print(type(e).__name__ + ":", e)
