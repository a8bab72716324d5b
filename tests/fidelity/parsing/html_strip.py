html = "<div class='card'><h1>Title &amp; More</h1><p>First <b>bold</b> para.</p><p>Second&nbsp;para</p></div>"
out = []
inside = False
for ch in html:
    if ch == "<":
        inside = True
    elif ch == ">":
        inside = False
        out.append(" ")
    elif not inside:
        out.append(ch)
text = " ".join("".join(out).split())
text = text.replace("&amp;", "&").replace("&nbsp;", " ")
print(text)
tags = []
i = 0
while True:
    i = html.find("<", i)
    if i == -1:
        break
    j = html.find(">", i)
    tag = html[i + 1:j].split()[0]
    if not tag.startswith("/"):
        tags.append(tag)
    i = j
print(tags)
