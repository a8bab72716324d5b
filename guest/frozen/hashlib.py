"""hashlib for the guest: md5, sha1, sha224, sha256, sha384, sha512 with CPython's interface
(update, digest, hexdigest, copy, name, digest_size, block_size; new(); file_digest()),
in pure Python; sha256 digests of whole inputs use the C implementation when one exists."""

try:
    from micropython import const
except ImportError:

    def const(x):
        return x


try:
    import uhashlib as _c
except ImportError:
    _c = None

__all__ = ["md5", "sha1", "sha224", "sha256", "sha384", "sha512", "new", "algorithms_available",
           "algorithms_guaranteed", "file_digest"]

algorithms_guaranteed = {"md5", "sha1", "sha224", "sha256", "sha384", "sha512"}
algorithms_available = set(algorithms_guaranteed)

_M32 = const(0xFFFFFFFF)


def _data(b):
    if isinstance(b, str):
        raise TypeError("Strings must be encoded before hashing")
    return bytes(b)


class _Hash:
    def __init__(self, data=b"", usedforsecurity=True):
        self._h = list(self._IV)
        self._buf = b""
        self._n = 0
        if data:
            self.update(data)

    def update(self, data):
        data = self._buf + _data(data)
        self._n += len(data) - len(self._buf)
        bs = self.block_size
        end = len(data) - len(data) % bs
        for i in range(0, end, bs):
            self._block(data[i:i + bs])
        self._buf = data[end:]

    def copy(self):
        c = object.__new__(type(self))
        c._h = list(self._h)
        c._buf = self._buf
        c._n = self._n
        return c

    def _final(self):
        bs = self.block_size
        lenbytes = 16 if bs == 128 else 8
        bits = self._n * 8
        pad = b"\x80" + b"\0" * ((bs - lenbytes - 1 - self._n) % bs)
        if self._LITTLE:
            tail = bits.to_bytes(lenbytes, "little")
        else:
            tail = bits.to_bytes(lenbytes, "big")
        c = self.copy()
        c.update(pad + tail)
        return c._h

    def digest(self):
        h = self._final()
        w = self._WORD
        order = "little" if self._LITTLE else "big"
        return b"".join(x.to_bytes(w, order) for x in h)[:self.digest_size]

    def hexdigest(self):
        return self.digest().hex()


def _rol(x, n):
    return ((x << n) | (x >> (32 - n))) & _M32


_MD5_S = (7, 12, 17, 22) * 4 + (5, 9, 14, 20) * 4 + (4, 11, 16, 23) * 4 + (6, 10, 15, 21) * 4
_MD5_K = None


class md5(_Hash):
    name = "md5"
    digest_size = 16
    block_size = 64
    _IV = (0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476)
    _LITTLE = True
    _WORD = 4

    def _block(self, b):
        global _MD5_K
        if _MD5_K is None:
            import math
            _MD5_K = [int(abs(math.sin(i + 1)) * 4294967296) & _M32 for i in range(64)]
        K = _MD5_K
        S = _MD5_S
        X = [int.from_bytes(b[i:i + 4], "little") for i in range(0, 64, 4)]
        a, bb, c, d = self._h
        for i in range(64):
            if i < 16:
                f = (bb & c) | (~bb & d)
                g = i
            elif i < 32:
                f = (d & bb) | (~d & c)
                g = (5 * i + 1) & 15
            elif i < 48:
                f = bb ^ c ^ d
                g = (3 * i + 5) & 15
            else:
                f = c ^ (bb | (~d & _M32))
                g = (7 * i) & 15
            f = (f + a + K[i] + X[g]) & _M32
            a = d
            d = c
            c = bb
            bb = (bb + _rol(f, S[i])) & _M32
        h = self._h
        h[0] = (h[0] + a) & _M32
        h[1] = (h[1] + bb) & _M32
        h[2] = (h[2] + c) & _M32
        h[3] = (h[3] + d) & _M32


class sha1(_Hash):
    name = "sha1"
    digest_size = 20
    block_size = 64
    _IV = (0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0)
    _LITTLE = False
    _WORD = 4

    def _block(self, b):
        w = [int.from_bytes(b[i:i + 4], "big") for i in range(0, 64, 4)]
        for i in range(16, 80):
            w.append(_rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1))
        a, bb, c, d, e = self._h
        for i in range(80):
            if i < 20:
                f = (bb & c) | (~bb & d)
                k = 0x5A827999
            elif i < 40:
                f = bb ^ c ^ d
                k = 0x6ED9EBA1
            elif i < 60:
                f = (bb & c) | (bb & d) | (c & d)
                k = 0x8F1BBCDC
            else:
                f = bb ^ c ^ d
                k = 0xCA62C1D6
            t = (_rol(a, 5) + (f & _M32) + e + k + w[i]) & _M32
            e = d
            d = c
            c = _rol(bb, 30)
            bb = a
            a = t
        h = self._h
        for i, v in enumerate((a, bb, c, d, e)):
            h[i] = (h[i] + v) & _M32


_K256 = (
    0x428A2F98, 0x71374491, 0xB5C0FBCF, 0xE9B5DBA5, 0x3956C25B, 0x59F111F1, 0x923F82A4, 0xAB1C5ED5,
    0xD807AA98, 0x12835B01, 0x243185BE, 0x550C7DC3, 0x72BE5D74, 0x80DEB1FE, 0x9BDC06A7, 0xC19BF174,
    0xE49B69C1, 0xEFBE4786, 0x0FC19DC6, 0x240CA1CC, 0x2DE92C6F, 0x4A7484AA, 0x5CB0A9DC, 0x76F988DA,
    0x983E5152, 0xA831C66D, 0xB00327C8, 0xBF597FC7, 0xC6E00BF3, 0xD5A79147, 0x06CA6351, 0x14292967,
    0x27B70A85, 0x2E1B2138, 0x4D2C6DFC, 0x53380D13, 0x650A7354, 0x766A0ABB, 0x81C2C92E, 0x92722C85,
    0xA2BFE8A1, 0xA81A664B, 0xC24B8B70, 0xC76C51A3, 0xD192E819, 0xD6990624, 0xF40E3585, 0x106AA070,
    0x19A4C116, 0x1E376C08, 0x2748774C, 0x34B0BCB5, 0x391C0CB3, 0x4ED8AA4A, 0x5B9CCA4F, 0x682E6FF3,
    0x748F82EE, 0x78A5636F, 0x84C87814, 0x8CC70208, 0x90BEFFFA, 0xA4506CEB, 0xBEF9A3F7, 0xC67178F2,
)


def _ror(x, n):
    return ((x >> n) | (x << (32 - n))) & _M32


class sha256(_Hash):
    name = "sha256"
    digest_size = 32
    block_size = 64
    _IV = (0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A, 0x510E527F, 0x9B05688C, 0x1F83D9AB, 0x5BE0CD19)
    _LITTLE = False
    _WORD = 4

    def __init__(self, data=b"", usedforsecurity=True):
        _Hash.__init__(self)
        self._fast = None
        if data:
            if _c is not None and self.name == "sha256":
                # a whole input: the C digest, unless updated or copied later
                self._fast = _data(data)
            else:
                self.update(data)

    def _slow(self):
        if self._fast is not None:
            d = self._fast
            self._fast = None
            _Hash.update(self, d)

    def update(self, data):
        self._slow()
        _Hash.update(self, data)

    def copy(self):
        self._slow()
        c = _Hash.copy(self)
        c._fast = None
        return c

    def digest(self):
        if self._fast is not None:
            return _c.sha256(self._fast).digest()
        return _Hash.digest(self)

    def _block(self, b):
        w = [int.from_bytes(b[i:i + 4], "big") for i in range(0, 64, 4)]
        for i in range(16, 64):
            x = w[i - 15]
            y = w[i - 2]
            s0 = _ror(x, 7) ^ _ror(x, 18) ^ (x >> 3)
            s1 = _ror(y, 17) ^ _ror(y, 19) ^ (y >> 10)
            w.append((w[i - 16] + s0 + w[i - 7] + s1) & _M32)
        a, bb, c, d, e, f, g, h = self._h
        K = _K256
        for i in range(64):
            s1 = _ror(e, 6) ^ _ror(e, 11) ^ _ror(e, 25)
            ch = (e & f) ^ (~e & g)
            t1 = (h + s1 + ch + K[i] + w[i]) & _M32
            s0 = _ror(a, 2) ^ _ror(a, 13) ^ _ror(a, 22)
            maj = (a & bb) ^ (a & c) ^ (bb & c)
            t2 = (s0 + maj) & _M32
            h = g
            g = f
            f = e
            e = (d + t1) & _M32
            d = c
            c = bb
            bb = a
            a = (t1 + t2) & _M32
        H = self._h
        for i, v in enumerate((a, bb, c, d, e, f, g, h)):
            H[i] = (H[i] + v) & _M32


class sha224(sha256):
    name = "sha224"
    digest_size = 28
    _IV = (0xC1059ED8, 0x367CD507, 0x3070DD17, 0xF70E5939, 0xFFC00B31, 0x68581511, 0x64F98FA7, 0xBEFA4FA4)


_M64 = 0xFFFFFFFFFFFFFFFF
_K512 = None


def _k512():
    # the first 64 bits of the fractional parts of the cube roots of the first 80 primes
    global _K512
    if _K512 is None:
        primes = []
        n = 2
        while len(primes) < 80:
            if all(n % p for p in primes):
                primes.append(n)
            n += 1
        ks = []
        for p in primes:
            # integer cube root of p * 2**192, then keep the low 64 bits
            x = p << 192
            r = 1 << ((x.bit_length() + 2) // 3)
            while True:
                y = (2 * r + x // (r * r)) // 3
                if y >= r:
                    break
                r = y
            while r * r * r > x:
                r -= 1
            ks.append(r & _M64)
        _K512 = ks
    return _K512


def _ror64(x, n):
    return ((x >> n) | (x << (64 - n))) & _M64


class sha512(_Hash):
    name = "sha512"
    digest_size = 64
    block_size = 128
    _IV = (0x6A09E667F3BCC908, 0xBB67AE8584CAA73B, 0x3C6EF372FE94F82B, 0xA54FF53A5F1D36F1,
           0x510E527FADE682D1, 0x9B05688C2B3E6C1F, 0x1F83D9ABFB41BD6B, 0x5BE0CD19137E2179)
    _LITTLE = False
    _WORD = 8

    def _block(self, b):
        K = _k512()
        w = [int.from_bytes(b[i:i + 8], "big") for i in range(0, 128, 8)]
        for i in range(16, 80):
            x = w[i - 15]
            y = w[i - 2]
            s0 = _ror64(x, 1) ^ _ror64(x, 8) ^ (x >> 7)
            s1 = _ror64(y, 19) ^ _ror64(y, 61) ^ (y >> 6)
            w.append((w[i - 16] + s0 + w[i - 7] + s1) & _M64)
        a, bb, c, d, e, f, g, h = self._h
        for i in range(80):
            s1 = _ror64(e, 14) ^ _ror64(e, 18) ^ _ror64(e, 41)
            ch = (e & f) ^ ((~e & _M64) & g)
            t1 = (h + s1 + ch + K[i] + w[i]) & _M64
            s0 = _ror64(a, 28) ^ _ror64(a, 34) ^ _ror64(a, 39)
            maj = (a & bb) ^ (a & c) ^ (bb & c)
            t2 = (s0 + maj) & _M64
            h = g
            g = f
            f = e
            e = (d + t1) & _M64
            d = c
            c = bb
            bb = a
            a = (t1 + t2) & _M64
        H = self._h
        for i, v in enumerate((a, bb, c, d, e, f, g, h)):
            H[i] = (H[i] + v) & _M64


class sha384(sha512):
    name = "sha384"
    digest_size = 48
    _IV = (0xCBBB9D5DC1059ED8, 0x629A292A367CD507, 0x9159015A3070DD17, 0x152FECD8F70E5939,
           0x67332667FFC00B31, 0x8EB44A8768581511, 0xDB0C2E0D64F98FA7, 0x47B5481DBEFA4FA4)


_BY_NAME = {"md5": md5, "sha1": sha1, "sha224": sha224, "sha256": sha256, "sha384": sha384, "sha512": sha512}


def new(name, data=b"", **kwargs):
    try:
        cls = _BY_NAME[name.lower().replace("-", "")]
    except KeyError:
        raise ValueError("unsupported hash type " + name)
    return cls(data)


def file_digest(fileobj, digest):
    h = new(digest) if isinstance(digest, str) else digest()
    while True:
        chunk = fileobj.read(65536)
        if not chunk:
            break
        h.update(chunk)
    return h


def pbkdf2_hmac(hash_name, password, salt, iterations, dklen=None):
    import hmac
    h = _BY_NAME[hash_name]
    dklen = dklen or h.digest_size
    out = b""
    i = 1
    while len(out) < dklen:
        u = hmac.new(password, salt + i.to_bytes(4, "big"), h).digest()
        acc = int.from_bytes(u, "big")
        for _ in range(iterations - 1):
            u = hmac.new(password, u, h).digest()
            acc ^= int.from_bytes(u, "big")
        out += acc.to_bytes(h.digest_size, "big")
        i += 1
    return out[:dklen]
