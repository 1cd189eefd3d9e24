"""PINs and passwords kept only as slow, salted hashes (scrypt, from Python's hashlib).

A stored hash reads `scrypt$n$r$p$salt$hash` (salt and hash in URL-safe base64), so the cost
can be raised later: `needs_rehash()` says when a hash was made with weaker settings, and the
next successful sign-in stores a new one. The parameters (n=2**14, r=8, p=1: 16 MiB and some
tens of milliseconds a try) are the interactive-login figures scrypt's author recommends.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

SCHEME = "scrypt"
KEY_BYTES = 32
SALT_BYTES = 16


@dataclass(frozen=True, slots=True)
class Cost:
    """scrypt's cost parameters."""

    n: int = 2**14
    r: int = 8
    p: int = 1


CURRENT = Cost()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _derive(secret: str, salt: bytes, cost: Cost) -> bytes:
    return hashlib.scrypt(
        secret.encode("utf-8"),
        salt=salt,
        n=cost.n,
        r=cost.r,
        p=cost.p,
        maxmem=128 * cost.n * cost.r * (cost.p + 2),
        dklen=KEY_BYTES,
    )


def hash_secret(secret: str, cost: Cost = CURRENT) -> str:
    """A new salted hash of the PIN or password, to store instead of it."""
    salt = secrets.token_bytes(SALT_BYTES)
    key = _derive(secret, salt, cost)
    return f"{SCHEME}${cost.n}${cost.r}${cost.p}${_b64(salt)}${_b64(key)}"


def _parse(stored: str) -> tuple[Cost, bytes, bytes] | None:
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != SCHEME:
        return None
    try:
        cost = Cost(int(parts[1]), int(parts[2]), int(parts[3]))
        return cost, _unb64(parts[4]), _unb64(parts[5])
    except ValueError:
        return None


def verify_secret(secret: str, stored: str) -> bool:
    """Whether `secret` is the one `stored` was made from (an empty or unreadable hash: no)."""
    parsed = _parse(stored)
    if parsed is None:
        return False
    cost, salt, key = parsed
    if not (2 <= cost.n <= 2**20 and cost.n & (cost.n - 1) == 0 and 1 <= cost.r <= 32):
        return False
    return hmac.compare_digest(_derive(secret, salt, cost), key)


def needs_rehash(stored: str) -> bool:
    """Whether a hash was made with other settings than today's."""
    parsed = _parse(stored)
    return parsed is None or parsed[0] != CURRENT


def token_digest(token: str) -> str:
    """How a sign-in token is stored (the token itself is random, so a fast hash suffices)."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def new_token() -> str:
    """A fresh random sign-in token."""
    return secrets.token_urlsafe(32)
