from enum import Enum, auto

class Status(Enum):
    PENDING = "pending"
    ACTIVE = "active"
    CLOSED = "closed"

class Priority(Enum):
    LOW = auto()
    HIGH = auto()

print(Status.ACTIVE, Status.ACTIVE.value, Status("closed"), Status["PENDING"].name)
print([s.name for s in Status], Priority.HIGH.value)
print(Status.ACTIVE == Status.ACTIVE, Status.ACTIVE is Status("active"))
try:
    Status("missing")
except ValueError as e:
    print(e)
