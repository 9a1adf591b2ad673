"""A chat room per URL path: a Durable Object that accepts hibernatable
WebSockets and broadcasts every message to the room."""

from urllib.parse import urlparse

from js import WebSocketPair
from workers import DurableObject, Response, WorkerEntrypoint


class ChatRoom(DurableObject):
    async def fetch(self, request):
        client, server = WebSocketPair.new().object_values()
        self.ctx.acceptWebSocket(server)
        return Response(None, status=101, web_socket=client)

    async def webSocketMessage(self, ws, message):
        for peer in self.ctx.getWebSockets():
            if peer != ws:
                peer.send(message)

    async def webSocketClose(self, ws, code, reason, was_clean):
        ws.close(code, "room closed")

    async def webSocketError(self, ws, error):
        print(f"websocket error: {error}")


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        if request.headers.get("Upgrade") != "websocket":
            return Response("expected a WebSocket upgrade", status=426)
        room = urlparse(request.url).path.strip("/") or "lobby"
        stub = self.env.ROOMS.getByName(room)
        return await stub.fetch(request)
