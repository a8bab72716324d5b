"""`requests` for the sandbox: the common subset of the requests API over the guest's `http`
module, so code written for requests runs unchanged. Requests are made by the host, only to
the configured allowed_domains (a refused one raises PermissionError saying why).

    import requests
    r = requests.get("https://api.example.com/items", params={"page": 2}, timeout=10)
    r.raise_for_status(); r.json()

Provided: get, post, put, patch, delete, head, request, Session (headers and params merged
into each request), Response (status_code, ok, reason, headers, text, content, json(),
raise_for_status(), url) and requests.exceptions (RequestException, HTTPError,
ConnectionError, Timeout). Not provided: streaming, auth helpers, cookies, files=, proxies.
"""

import builtins as _builtins
import http as _http

from . import exceptions
from .exceptions import ConnectionError, HTTPError, RequestException, Timeout

Response = _http.Response

__all__ = ["request", "get", "post", "put", "patch", "delete", "head", "Session", "Response",
           "RequestException", "HTTPError", "ConnectionError", "Timeout", "exceptions"]


def _translate(fn, *args, **kwargs):
    # The host's network failures arrive as the built-in ConnectionError / TimeoutError; code
    # written for requests catches requests' own classes (or RequestException).
    try:
        return fn(*args, **kwargs)
    except _builtins.TimeoutError as e:
        raise Timeout(str(e))
    except _builtins.ConnectionError as e:
        raise ConnectionError(str(e))


def request(method, url, params=None, data=None, json=None, headers=None, timeout=None, **kwargs):
    """Sends one request (any status is returned; see Response.raise_for_status)."""
    _unsupported(kwargs)
    return _translate(_http.request, method, url, params=params, data=data, json=json, headers=headers, timeout=timeout)


def _unsupported(kwargs):
    for name in kwargs:
        if name in ("allow_redirects", "verify", "stream", "cert", "proxies", "cookies", "auth", "files"):
            if name in ("allow_redirects", "verify") and kwargs[name] in (True, None):
                continue
            raise TypeError("requests in the sandbox does not support %s=" % name)
        raise TypeError("request() got an unexpected keyword argument '%s'" % name)


def get(url, params=None, **kwargs):
    return request("GET", url, params=params, **kwargs)


def post(url, data=None, json=None, **kwargs):
    return request("POST", url, data=data, json=json, **kwargs)


def put(url, data=None, **kwargs):
    return request("PUT", url, data=data, **kwargs)


def patch(url, data=None, **kwargs):
    return request("PATCH", url, data=data, **kwargs)


def delete(url, **kwargs):
    return request("DELETE", url, **kwargs)


def head(url, **kwargs):
    return request("HEAD", url, **kwargs)


class Session:
    """Default headers and params for every request; usable as a context manager."""

    def __init__(self):
        self.headers = {}
        self.params = {}

    def request(self, method, url, params=None, headers=None, **kwargs):
        merged_headers = dict(self.headers)
        merged_headers.update(headers or {})
        merged_params = dict(self.params)
        merged_params.update(params or {})
        return request(method, url, params=merged_params or None, headers=merged_headers, **kwargs)

    def get(self, url, **kwargs):
        return self.request("GET", url, **kwargs)

    def post(self, url, data=None, json=None, **kwargs):
        return self.request("POST", url, data=data, json=json, **kwargs)

    def put(self, url, data=None, **kwargs):
        return self.request("PUT", url, data=data, **kwargs)

    def patch(self, url, data=None, **kwargs):
        return self.request("PATCH", url, data=data, **kwargs)

    def delete(self, url, **kwargs):
        return self.request("DELETE", url, **kwargs)

    def head(self, url, **kwargs):
        return self.request("HEAD", url, **kwargs)

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
