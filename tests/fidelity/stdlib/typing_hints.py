from typing import List, Dict, Optional, Tuple, Any, Union, Callable

def summarize(values: List[float], label: Optional[str] = None) -> Dict[str, Any]:
    return {"label": label or "data", "n": len(values), "mean": sum(values) / len(values)}

def pair(a: int, b: int) -> Tuple[int, int]:
    return (min(a, b), max(a, b))

def apply(f: Callable[[int], int], x: Union[int, str]) -> int:
    return f(int(x))

print(summarize([1.0, 2.0, 4.5]))
print(pair(9, 3), apply(lambda v: v * 2, "21"))
def modern(xs: list[int], d: dict[str, int] | None = None) -> tuple[int, ...]:
    return tuple(xs)
print(modern([1, 2]))
