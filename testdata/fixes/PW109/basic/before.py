# profile: new date=2025-11-01
from cloudflare.workers import Response
import cloudflare.workers
import cloudflare.workers as cw
from cloudflare import workers


def respond():
    return Response("a"), cloudflare.workers.Response("b"), cw.Response("c"), workers.Response("d")
