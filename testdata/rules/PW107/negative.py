# profile: new date=2025-11-01 main=true
from workers import Response, WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        data = await request.json()
        name = data.get("name")
        keys = list(data.keys())
        text = data.__class__.__name__
        # data.name in a comment
        doc = "data.name in a string"
        raw = await request.js_object.json()
        return Response(f"{name} {keys} {text} {doc} {raw.name}")

    async def other(self, request, data):
        # `data` is a parameter, not the parsed body.
        return data.name


class Api(WorkerEntrypoint):
    async def fetch(self, request):
        data = await request.json()
        data = Model(**data)
        return Response(data.name)


class Model:
    def __init__(self, **kw):
        self.name = kw.get("name")


async def on_fetch_helper(request, env):
    # An undecorated module function receives whatever it is passed.
    body = await request.json()
    return body.name
