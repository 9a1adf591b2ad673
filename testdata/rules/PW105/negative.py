# profile: old date=2025-06-01
# profile: new date=2025-11-01
# profile: v314 date=2026-07-01 flags=python_workers_20260610 packages=workers-runtime-sdk
import socket
import urllib.parse

import httpx
from workers import fetch

# requests.get(url) in a comment is not code
DOC = "call requests.get(url) for sync HTTP"


async def handle(url, requests):
    # `requests` is a parameter here, not the module.
    r = requests.get(url)
    async with httpx.AsyncClient() as client:
        s = await client.get(url)
    t = await fetch(url)
    return r, s, t, urllib.parse.quote(url), socket.gethostname
