# profile: explicit date=2025-10-01
from workers import WorkflowEntrypoint


class Orders(WorkflowEntrypoint):
    async def run(self, event, step):
        @step.do("load")
        async def load():
            return {"id": 1}

        @step.do("charge")
        async def charge(load):  # want: PW108
            return load

        @step.do("ship", depends=[load, charge])  # want: PW108
        async def ship(charge, ctx):
            return charge

        @step.do("notify", depends=[ship])
        async def notify(ship, ctx):
            return ship

        @step.do("audit", [load])
        async def audit(load):
            return load

        return await notify()
