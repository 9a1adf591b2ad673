"""A Workflow with implicit step dependencies (compatibility date 2026-02-25
or newer): each step names the earlier steps it needs as parameters."""

from js import Object
from pyodide.ffi import to_js
from workers import Response, WorkerEntrypoint, WorkflowEntrypoint


class OrderWorkflow(WorkflowEntrypoint):
    async def run(self, event, step):
        order_id = event["payload"]["order_id"]

        @step.do()
        async def load_order():
            return {"id": order_id, "total": 4200, "email": "buyer@example.com"}

        @step.do(config={"retries": {"limit": 3, "delay": "10 seconds", "backoff": "exponential"}})
        async def charge(load_order):
            return {"order": load_order["id"], "charged": load_order["total"]}

        @step.do("send receipt")
        async def send_receipt(load_order, charge, ctx):
            return f"receipt for {charge['order']} sent to {load_order['email']}"

        await step.sleep("settle", "1 minute")
        return await send_receipt()


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        if request.method != "POST":
            return Response("POST an order id", status=405)
        body = await request.json()
        options = to_js({"params": {"order_id": body["order_id"]}}, dict_converter=Object.fromEntries)
        instance = await self.env.ORDERS.create(options)
        return Response.json({"instance": instance.id}, status=202)
