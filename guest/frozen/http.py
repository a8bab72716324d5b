"""HTTP for the sandbox: requests made by the host, only to the configured allowed_domains.

    import http
    r = http.get("https://api.example.com/items", params={"page": 2})
    r.status_code, r.headers["content-type"], r.json()

The host checks the method and URL against the allow-list before connecting, follows
redirects only to allowed targets, and caps time and response size; a refusal raises
PermissionError saying why. ``http_get(url)`` and ``http_post(url, body)`` are also
built-ins, returning the same Response (which also answers ``r["status"]``, ``r["body"]``).
"""

from _hlc import system as _system
from _hlc_io import _CHUNK

__all__ = ["request", "get", "post", "put", "patch", "delete", "head", "Response", "HTTPError",
           "RequestException"]


class RequestException(OSError):
    """Base of the errors of this module (and of `requests.exceptions`)."""


class HTTPError(RequestException):
    """Raised by Response.raise_for_status for 4xx and 5xx statuses."""

    def __init__(self, message, response=None):
        super().__init__(message)
        self.response = response


class Headers:
    """Response headers: a case-insensitive, read-only mapping (repeated headers joined by ', ')."""

    def __init__(self, pairs):
        self._items = {}
        for k, v in pairs:
            key = k.lower()
            self._items[key] = self._items[key] + ", " + v if key in self._items else v

    def __getitem__(self, key):
        return self._items[key.lower()]

    def get(self, key, default=None):
        return self._items.get(key.lower(), default)

    def __contains__(self, key):
        return key.lower() in self._items

    def __iter__(self):
        return iter(self._items)

    def __len__(self):
        return len(self._items)

    def keys(self):
        return self._items.keys()

    def values(self):
        return self._items.values()

    def items(self):
        return self._items.items()

    def __repr__(self):
        return repr(self._items)


_REASONS = {
    200: "OK", 201: "Created", 202: "Accepted", 204: "No Content", 301: "Moved Permanently",
    302: "Found", 304: "Not Modified", 400: "Bad Request", 401: "Unauthorized",
    403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 409: "Conflict",
    422: "Unprocessable Entity", 429: "Too Many Requests", 500: "Internal Server Error",
    502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
}


class Response:
    def __init__(self, method, reply, content):
        self.method = method
        self.status_code = self.status = reply["status"]
        self.reason = _REASONS.get(self.status_code, "")
        self.headers = Headers(reply["headers"])
        self.url = reply["url"]
        self.content = content
        self.ok = self.status_code < 400

    @property
    def text(self):
        return self.content.decode("utf-8")

    body = text

    def json(self):
        import json

        return json.loads(self.text)

    def raise_for_status(self):
        if self.status_code >= 400:
            kind = "Client" if self.status_code < 500 else "Server"
            raise HTTPError(
                "%d %s Error: %s for url: %s" % (self.status_code, kind, self.reason, self.url), self
            )
        return self

    def __getitem__(self, key):
        # Dict-style access for code written against `http_get(url)["body"]`.
        if key == "status":
            return self.status_code
        if key == "headers":
            return dict(self.headers.items())
        if key in ("body", "text"):
            return self.text
        raise KeyError(key)

    def __repr__(self):
        return "<Response [%d]>" % self.status_code


def _quote(s, safe=""):
    out = []
    for b in str(s).encode("utf-8"):
        c = chr(b)
        if c.isalpha() and b < 128 or c.isdigit() and b < 128 or c in "-._~" or c in safe:
            out.append(c)
        else:
            out.append("%%%02X" % b)
    return "".join(out)


def urlencode(params):
    pairs = params.items() if hasattr(params, "items") else params
    parts = []
    for k, v in pairs:
        values = v if isinstance(v, (list, tuple)) else [v]
        for item in values:
            parts.append(_quote(k) + "=" + _quote(item))
    return "&".join(parts)


def request(method, url, params=None, data=None, json=None, headers=None, timeout=None):
    """Sends one request through the host; returns a Response (any status; see raise_for_status)."""
    method = str(method).upper()
    if not isinstance(url, str):
        raise TypeError("url must be a str, not " + type(url).__name__)
    hdrs = {}
    for k, v in (headers or {}).items():
        hdrs[str(k)] = str(v)
    lower = [k.lower() for k in hdrs]
    if params:
        url = url + ("&" if "?" in url else "?") + urlencode(params)
    body = None
    if json is not None:
        import json as _json

        body = _json.dumps(json).encode("utf-8")
        if "content-type" not in lower:
            hdrs["Content-Type"] = "application/json"
    elif data is not None:
        if isinstance(data, (bytes, bytearray)):
            body = bytes(data)
        elif isinstance(data, str):
            body = data.encode("utf-8")
        elif isinstance(data, (dict, list, tuple)):
            body = urlencode(data).encode("utf-8")
            if "content-type" not in lower:
                hdrs["Content-Type"] = "application/x-www-form-urlencoded"
        else:
            raise TypeError("data must be bytes, str or a dict, not " + type(data).__name__)
    reply = _system("http.request", method=method, url=url, headers=hdrs, body=body)
    if "data" in reply:
        content = reply["data"]
    else:
        parts = []
        offset = 0
        while offset < reply["size"]:
            part = _system("blob.read", blob=reply["blob"], offset=offset, size=_CHUNK)
            if not part:
                break
            parts.append(part)
            offset += len(part)
        content = b"".join(parts)
    return Response(method, reply, content)


def get(url, params=None, **kwargs):
    return request("GET", url, params=params, **kwargs)


def post(url, data=None, json=None, **kwargs):
    return request("POST", url, data=data, json=json, **kwargs)


def put(url, data=None, json=None, **kwargs):
    return request("PUT", url, data=data, json=json, **kwargs)


def patch(url, data=None, json=None, **kwargs):
    return request("PATCH", url, data=data, json=json, **kwargs)


def delete(url, **kwargs):
    return request("DELETE", url, **kwargs)


def head(url, **kwargs):
    return request("HEAD", url, **kwargs)


def http_get(url, headers=None):
    """The built-in http_get(url): a GET through the allow-list."""
    return request("GET", url, headers=headers)


def http_post(url, body=None, headers=None):
    """The built-in http_post(url, body): a dict or list body is sent as JSON."""
    if isinstance(body, (dict, list)):
        return request("POST", url, json=body, headers=headers)
    return request("POST", url, data=body, headers=headers)
