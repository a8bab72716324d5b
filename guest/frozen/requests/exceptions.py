"""requests.exceptions for the sandbox: the same hierarchy roots as requests (all are OSError)."""

from http import HTTPError, RequestException

__all__ = ["RequestException", "HTTPError", "ConnectionError", "Timeout"]


class ConnectionError(RequestException):
    """The host could not connect (refused, DNS, TLS...)."""


class Timeout(RequestException):
    """The request took longer than the host's time limit."""
