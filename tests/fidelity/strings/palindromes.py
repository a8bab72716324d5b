candidates = ["Racecar", "A man, a plan, a canal: Panama", "hello", "Was it a car or a cat I saw?", "No 'x' in Nixon", ""]
for c in candidates:
    cleaned = "".join(ch.lower() for ch in c if ch.isalnum())
    print(f"{c[:20]!r:<24} {cleaned == cleaned[::-1]}")
def longest_pal(s):
    best = ""
    for i in range(len(s)):
        for j in range(i + len(best) + 1, len(s) + 1):
            sub = s[i:j]
            if sub == sub[::-1]:
                best = sub
    return best
print(longest_pal("forgeeksskeegfor"), longest_pal("abacdfgdcaba"))
