# profile: new date=2025-11-01 main=true
# profile: flagged date=2025-06-01 flags=python_no_global_handlers main=true
# profile: lib date=2025-11-01
from workers import Response, handler


async def on_fetch(request, env):  # want: PW101
    return Response("hello")


async def on_scheduled(controller, env, ctx):  # want: PW101
    pass


@handler
async def on_queue(batch, env, ctx):  # want: PW101
    pass


@handler
async def respond(request, env):  # want: PW101
    return Response("decorated, so meant as a handler")


def test():  # want[new,flagged]: PW101
    pass
