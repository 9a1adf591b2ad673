# profile: old date=2025-06-01
# profile: new date=2026-01-10
import random
import secrets
import uuid
from random import Random

import numpy as np
from workers import Response

RNG = Random(42)
SEEDED = random.Random(x=1234)
SYSTEM = random.SystemRandom()
GEN = np.random.default_rng(7)
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_DNS, "example.com")
SAME = secrets.compare_digest("a", "a")
LAZY = lambda: random.random()

# random.random() in a comment
DOC = "random.random() in a string"


def roll():
    return random.randint(1, 6)


class Handlers:
    async def fetch(self, request):
        token = secrets.token_urlsafe()
        return Response(f"{roll()} {token} {uuid.uuid4()} {LAZY()}")


def shadow(random):
    # A local variable named like the module.
    return random.random()


if __name__ == "__main__":
    print(random.random())
