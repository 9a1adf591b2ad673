# profile: new date=2025-11-01 main=true
# profile: legacy date=2025-01-01 main=true
from workers import DurableObject, Request, Response, WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):  # want[legacy]: PW110
        data = await request.json()
        name = data.name  # want[new]: PW107
        if data.items():
            pass
        return Response(f"{name} {(await request.json()).email}")  # want[new]: PW107

    async def on_fetch(self, request):  # want[new]: PW110
        body = await request.json()
        return Response(body.title)  # want[legacy]: PW107


class Room(DurableObject):
    async def fetch(self, req):  # want[legacy]: PW110
        payload = await req.json()
        return Response(payload.message)  # want[new]: PW107


async def parse(request: Request):
    data = await request.json()
    return data.user.id  # want: PW107
