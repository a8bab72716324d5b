s = "the cat sat on the mat with the hat"
print(s.count("the"), s.find("mat"), s.rfind("the"), s.find("dog"), s.index("on"))
print(s.replace("the", "a"), s.replace("the", "a", 1), sep="\n")
print(s.startswith("the"), s.endswith(("hat", "cap")), s.startswith("cat", 4))
print("mat" in s, "dog" not in s)
print(s[4:7], s[-3:], s[::5])
