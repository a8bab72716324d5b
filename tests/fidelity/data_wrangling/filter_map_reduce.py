from functools import reduce
transactions = [
    {"type": "credit", "amount": 500},
    {"type": "debit", "amount": 120},
    {"type": "debit", "amount": 60},
    {"type": "credit", "amount": 75},
    {"type": "debit", "amount": 300},
]
debits = list(filter(lambda t: t["type"] == "debit", transactions))
amounts = list(map(lambda t: t["amount"], debits))
print(amounts)
print(reduce(lambda a, b: a + b, amounts, 0))
balance = reduce(lambda acc, t: acc + (t["amount"] if t["type"] == "credit" else -t["amount"]), transactions, 0)
print("balance:", balance)
print(any(t["amount"] > 400 for t in transactions), all(t["amount"] > 50 for t in transactions))
