raw = "  \t padded text \n "
print(repr(raw.strip()), repr(raw.lstrip()), repr(raw.rstrip()))
print("xxhixx".strip("x"), "www.example.com".lstrip("w."), "file.txt.bak".rstrip(".bak"))
print("report_final.csv".removesuffix(".csv"), "prefix_name".removeprefix("prefix_"), "abc".removeprefix("z"))
print("--==title==--".strip("-="))
