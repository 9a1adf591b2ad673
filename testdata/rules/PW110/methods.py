# profile: new date=2025-11-01 main=true
# profile: legacy date=2025-01-01 main=true
from workers import DurableObject, Response, WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def on_fetch(self, request):  # want[new]: PW110
        return Response("hello")

    async def on_scheduled(self, controller, env, ctx):  # want: PW110
        pass

    async def queue(self, batch, env, ctx):
        pass


class Chat(DurableObject):
    async def fetch(self, request):  # want[legacy]: PW110
        return Response("")

    async def on_webSocketMessage(self, ws, message):  # want[new]: PW110
        pass

    async def alarm(self):  # want[legacy]: PW110
        pass
