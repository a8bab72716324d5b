from dataclasses import dataclass, asdict, astuple

@dataclass(order=True, frozen=True)
class Version:
    major: int
    minor: int = 0
    patch: int = 0

vs = [Version(1, 2), Version(1, 10, 1), Version(0, 9), Version(1, 2, 3)]
print(sorted(vs))
print(max(vs), asdict(vs[0]), astuple(vs[1]))
try:
    vs[0].major = 5
except Exception as e:
    print(type(e).__name__)
