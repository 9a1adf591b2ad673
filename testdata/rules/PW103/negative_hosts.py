# A Worker that only hosts a Durable Object for other Workers.
# profile: new date=2025-11-01 main=true
from workers import DurableObject, Response


class Counter(DurableObject):
    async def fetch(self, request):
        return Response("1")
