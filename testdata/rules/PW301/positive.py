# profile: old date=2025-06-01
# profile: new date=2026-01-10
import os
import random
import secrets
import uuid
from random import randint as r

import numpy as np

SEED = random.random()  # want: PW301
TOKEN = secrets.token_hex(16)  # want: PW301
INSTANCE = uuid.uuid4().hex  # want: PW301
SALT = os.urandom(16)  # want: PW301
PICK = r(1, 6)  # want: PW301
random.seed(42)  # want: PW301
RNG = random.Random()  # want: PW301
NOISE = np.random.rand(3)  # want: PW301
GEN = np.random.default_rng()  # want: PW301


class Config:
    jitter = random.uniform(0.5, 1.5)  # want: PW301


def handler(request, nonce=uuid.uuid1()):  # want: PW301
    return nonce


@functools_cache(key=random.getrandbits(8))  # want: PW301
def cached():
    return 1


def functools_cache(key):
    return lambda f: f
