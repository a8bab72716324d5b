class InsufficientFunds(Exception):
    pass

class Account:
    interest_rate = 0.02

    def __init__(self, owner, balance=0.0):
        self.owner = owner
        self.balance = balance
        self.history = []

    def deposit(self, amount):
        if amount <= 0:
            raise ValueError("deposit must be positive")
        self.balance += amount
        self.history.append(("deposit", amount))
        return self

    def withdraw(self, amount):
        if amount > self.balance:
            raise InsufficientFunds(f"{self.owner} has only {self.balance:.2f}")
        self.balance -= amount
        self.history.append(("withdraw", amount))
        return self

    def __repr__(self):
        return f"Account({self.owner!r}, balance={self.balance:.2f})"

a = Account("ana", 100)
a.deposit(50).withdraw(30)
print(a, a.history)
try:
    a.withdraw(1000)
except InsufficientFunds as e:
    print("error:", e)
try:
    a.deposit(-5)
except ValueError as e:
    print("error:", e)
print(Account.interest_rate, a.interest_rate)
