# profile: legacy date=2025-01-01 main=true
# profile: new date=2025-11-01 main=true
from workers import Response, WorkerEntrypoint, handler


class Default(WorkerEntrypoint):
    async def on_fetch(self, request):  # want[new]: PW110
        return Response("the class is the default export")

    async def fetch(self, request):  # want[legacy]: PW110
        return Response("only one of these names is called")


async def on_fetch(request, env):  # want: PW102
    return Response("dropped")


@handler
async def on_scheduled(controller, env, ctx):  # want: PW102
    pass


def test():  # want: PW102
    pass
