"""Password hashing with pwdlib's argon2id; hashing runs in a thread so the event loop keeps serving."""

from __future__ import annotations

import asyncio

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher


class Passwords:
    def __init__(self, *, time_cost: int = 3, memory_kib: int = 65536, parallelism: int = 4) -> None:
        self._hash = PasswordHash(
            (Argon2Hasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism),)
        )
        # Verifying against this when the account does not exist makes "unknown e-mail" and
        # "wrong password" take the same time, so login timing does not reveal accounts.
        self._dummy = self._hash.hash("resugrow-timing-equaliser")

    async def hash(self, password: str) -> str:
        return await asyncio.to_thread(self._hash.hash, password)

    async def verify(self, password: str, hashed: str | None) -> tuple[bool, str | None]:
        """(matches, new hash when the stored one uses outdated parameters)."""
        target = hashed if hashed is not None else self._dummy
        ok, updated = await asyncio.to_thread(self._hash.verify_and_update, password, target)
        if hashed is None:
            return False, None
        return ok, updated
