"""A main module that forgot its entrypoint."""  # want: PW103
# profile: new date=2025-11-01 main=true
# profile: legacy date=2025-01-01 main=true
from workers import Response


async def handle(request):
    return Response("nobody calls me")


class Helper:
    async def fetch(self, request):
        return Response("not an entrypoint class")
