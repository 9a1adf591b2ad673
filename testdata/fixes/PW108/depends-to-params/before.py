# profile: implicit date=2026-03-01
from workers import WorkflowEntrypoint


class Orders(WorkflowEntrypoint):
    async def run(self, event, step):
        @step.do("load")
        async def load():
            return {"id": 1}

        @step.do(name="pay")
        async def charge(order, ctx):
            return order["id"]

        @step.do("ship", depends=[load, charge], concurrent=True)
        async def ship(order, receipt):
            return order, receipt

        return await ship()
