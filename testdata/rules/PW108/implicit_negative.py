# profile: implicit date=2026-03-01
from workers import WorkflowEntrypoint


class Orders(WorkflowEntrypoint):
    async def run(self, event, step):
        @step.do()
        async def load():
            return {"id": 1}

        @step.do(concurrent=True)
        async def charge(load, ctx):
            return load

        @step.do(name="ship")
        async def ship_it(charge):
            return charge

        @step.do("notify")
        async def notify(ship, load):
            return ship

        return await notify()


class Computed(WorkflowEntrypoint):
    async def run(self, event, step):
        @step.do(f"load-{event}")
        async def load():
            return 1

        @step.do()
        async def use(anything):
            # The first step's name is computed: it may be "anything".
            return anything

        return await use()


class NotAWorkflow:
    async def run(self, event, step):
        @step.do("x", depends=[])
        async def x(y):
            return y
