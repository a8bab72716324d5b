samples = ["abc", "ABC123", "123", "12.5", " ", "", "hello world", "Ünï", "٣", "²", "x_1"]
for s in samples:
    print(f"{s!r:<14}", s.isalpha(), s.isdigit(), s.isalnum(), s.isspace(), s.isdecimal(), s.isnumeric(), s.isidentifier())
