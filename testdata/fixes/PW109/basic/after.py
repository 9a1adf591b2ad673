# profile: new date=2025-11-01
from workers import Response
import workers
import workers as cw
import workers


def respond():
    return Response("a"), workers.Response("b"), cw.Response("c"), workers.Response("d")
