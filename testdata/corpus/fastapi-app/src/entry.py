"""FastAPI served through the SDK's ASGI adapter."""

from fastapi import FastAPI, HTTPException, Request
from models import Item, total
from workers import WorkerEntrypoint, asgi

app = FastAPI()


@app.get("/")
async def root(request: Request):
    env = request.scope["env"]
    return {"message": env.GREETING}


@app.post("/items")
async def create_item(item: Item):
    return {"name": item.name, "price": item.price, "tags": item.tags}


@app.post("/cart")
async def cart(items: list[Item]):
    return {"count": len(items), "total": total(items)}


@app.post("/echo")
async def echo(request: Request):
    payload = await request.json()
    if "message" not in payload:
        raise HTTPException(status_code=422, detail="message is required")
    return {"echo": payload["message"], "keys": sorted(payload.keys())}


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        return await asgi.fetch(app, request.js_object, self.env)
