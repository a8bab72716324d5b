import re
prices = "USD100 EUR200 USD350 GBP50"
print(re.findall(r"(?<=USD)\d+", prices))
print(re.findall(r"\d+(?= )", prices))
print(re.findall(r"\b(?!USD)[A-Z]{3}", prices))
print(re.sub(r"(\d)(?=(\d{3})+$)", r"\1,", "1234567"))
