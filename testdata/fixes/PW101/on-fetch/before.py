# profile: new date=2025-11-01 main=true
"""Entry point."""
from workers import Response


async def on_fetch(request, env, ctx):
    """Answer with the configured greeting.

    Reads GREETING from the environment.
    """
    query = """
SELECT greeting
FROM settings"""
    row = await env.DB.prepare(query).first()
    ctx.wait_until(log(row))
    return Response(env.GREETING)


async def log(row):
    print(row)
