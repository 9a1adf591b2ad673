# profile: legacy date=2025-01-01 main=true
# profile: new date=2025-11-01 main=true
from workers import Response, WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def scheduled(self, controller, env, ctx):
        await on_scheduled_cleanup(controller)


async def on_scheduled_cleanup(controller):
    """A helper whose name merely starts like a handler."""


def fetch_json(url):
    return url


class Api(WorkerEntrypoint):
    async def test(self):
        return Response("an RPC method named test")
