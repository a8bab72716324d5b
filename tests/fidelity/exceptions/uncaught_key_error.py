inventory = {"apples": 3}
print("checking stock")
print(inventory["pears"])
