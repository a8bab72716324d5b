def attempt(x):
    log = []
    try:
        log.append("try")
        result = 10 / x
    except ZeroDivisionError:
        log.append("except")
        result = None
    else:
        log.append("else")
    finally:
        log.append("finally")
    return result, log

print(attempt(2))
print(attempt(0))

def early():
    try:
        return "from try"
    finally:
        print("finally runs first")
print(early())
