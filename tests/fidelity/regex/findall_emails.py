import re
text = "Contact ann@example.com, bob.smith@mail.co.uk or support@help.io for info. Not: x@y"
emails = re.findall(r"[\w.+-]+@[\w-]+\.[\w.]+", text)
print(emails)
print(re.findall(r"(\w+)@(\w+)", text))
