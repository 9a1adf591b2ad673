# profile: p028 date=2025-11-01
import js
from mylib import create_proxy


def register(f):
    js.setTimeout(create_proxy(f), 1)
