"""A Worker pinned to a compatibility date before 2025-08-14, where
module-level handlers are how Python Workers receive requests."""

import json
import random

from workers import Response, handler

GREETINGS = ["hello", "hi", "hey"]
rng = random.Random(7)


@handler
async def on_fetch(request, env):
    if request.method == "POST":
        data = await request.json()
        return Response(json.dumps({"received": data.get("name", "anonymous")}))
    return Response(random.choice(GREETINGS))
