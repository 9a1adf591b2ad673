# profile: implicit date=2026-03-01
from workers import WorkflowEntrypoint


class Orders(WorkflowEntrypoint):
    async def run(self, event, step):
        @step.do("load")
        async def load():
            return {"id": 1}

        @step.do("charge", depends=[load])  # want: PW108
        async def charge(order):  # want: PW108
            return order

        @step.do("ship", [charge])  # want: PW108
        async def ship(charge, ctx):
            return charge

        @step.do("notify")
        async def notify(ship, load, shipment):  # want: PW108
            return ship

        return await notify()
