"""A frozen module the tests import to check that freezing works (it costs a few bytes)."""

FROZEN = True


def answer():
    return 42
