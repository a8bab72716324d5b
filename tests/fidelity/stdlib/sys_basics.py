import sys
print(sys.version_info >= (3, 8), sys.version_info[0])
print(sys.maxsize > 2 ** 31, type(sys.argv).__name__ if hasattr(sys, "argv") else "list")
sys.stdout.write("written directly\n")
print("to stdout", file=sys.stdout)
print(isinstance(sys.getrecursionlimit() if hasattr(sys, "getrecursionlimit") else 1000, int))
