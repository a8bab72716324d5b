def handle(cmd):
    match cmd.split():
        case ["go", direction]:
            return f"moving {direction}"
        case ["pick", "up", item]:
            return f"picked {item}"
        case ["quit" | "exit"]:
            return "bye"
        case []:
            return "empty"
        case _:
            return f"unknown: {cmd!r}"

for c in ["go north", "pick up lamp", "exit", "", "dance now"]:
    print(handle(c))
