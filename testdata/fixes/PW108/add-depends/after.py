# profile: explicit date=2025-10-01
from workers import WorkflowEntrypoint


class Orders(WorkflowEntrypoint):
    async def run(self, event, step):
        @step.do("load")
        async def load():
            return {"id": 1}

        @step.do("charge", depends=[load])
        async def charge(load):
            return load

        @step.do(depends=[load, charge])
        async def ship(load, charge, ctx):
            return charge

        return await ship()
