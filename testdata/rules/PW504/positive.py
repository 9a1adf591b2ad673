# profile: old date=2025-06-01
# profile: new date=2025-11-01
# profile: v314 date=2026-07-01 flags=python_workers_20260610 packages=workers-runtime-sdk
import psycopg2  # want: PW504
import asyncpg  # want[old,new]: PW504
from grpc import aio  # want: PW504
import uvloop as loop  # want: PW504
import zmq.asyncio  # want: PW504
