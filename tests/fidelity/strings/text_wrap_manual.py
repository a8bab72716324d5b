text = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua."
width = 30
lines, current = [], ""
for word in text.split():
    if current and len(current) + 1 + len(word) > width:
        lines.append(current)
        current = word
    else:
        current = f"{current} {word}" if current else word
lines.append(current)
for l in lines:
    print(f"|{l:<{width}}|")
import textwrap
print(textwrap.wrap(text, 40))
print(textwrap.shorten(text, 30))
