import hashlib
print(hashlib.sha256(b"hello").hexdigest())
h = hashlib.sha256()
h.update(b"hel")
h.update(b"lo")
print(h.hexdigest()[:16], len(h.digest()))
print(hashlib.md5(b"hello").hexdigest())
