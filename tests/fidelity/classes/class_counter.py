class Widget:
    count = 0
    registry = []

    def __init__(self, name):
        Widget.count += 1
        self.id = Widget.count
        self.name = name
        Widget.registry.append(self)

    def __repr__(self):
        return f"<Widget #{self.id} {self.name}>"

for n in ["knob", "dial", "slider"]:
    Widget(n)
print(Widget.count, Widget.registry)
w = Widget.registry[1]
print(w.__dict__)
print(getattr(w, "name"), getattr(w, "color", "n/a"))
setattr(w, "color", "red")
print(vars(w))
