"""Signed personal links for people without an account (a party's contact, a municipality).

The token says who it is for and what it opens; whether it is still valid (deadline, round
closed, reused) is for the caller to check against the database, so a link can be withdrawn.
"""

from django.core import signing


class BadLink(Exception):
    """The token was altered, is not ours, or was made for another purpose."""


def make_token(purpose: str, **payload) -> str:
    return signing.dumps(payload, salt=f"regionplan.links.{purpose}", compress=True)


def read_token(purpose: str, token: str) -> dict:
    try:
        payload = signing.loads(token, salt=f"regionplan.links.{purpose}")
    except signing.BadSignature as error:
        raise BadLink(str(error)) from error
    if not isinstance(payload, dict):
        raise BadLink("not a link payload")
    return payload
