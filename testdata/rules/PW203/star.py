# profile: p028 date=2025-11-01
from js import *


def make():
    return Function("return 1")  # want: PW203
