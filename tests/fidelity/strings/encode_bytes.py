data = "key=value&n=42"
b = data.encode()
print(b, type(b).__name__, len(b), b[0], b[:3], list(b[-2:]))
print(b.decode(), b.upper(), b.split(b"&"), b.hex())
print(bytes.fromhex("48656c6c6f").decode())
import base64
enc = base64.b64encode(b"hello world")
print(enc, base64.b64decode(enc))
print(b"abc" + b"def", b"x" * 3, b"a" in b"abc")
