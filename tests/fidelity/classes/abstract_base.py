from abc import ABC, abstractmethod

class Notifier(ABC):
    @abstractmethod
    def send(self, msg):
        ...

    def broadcast(self, msgs):
        return [self.send(m) for m in msgs]

class Email(Notifier):
    def send(self, msg):
        return f"email: {msg}"

print(Email().broadcast(["hi", "bye"]))
try:
    Notifier()
except TypeError as e:
    print("TypeError:", e)
