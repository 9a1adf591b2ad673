# profile: old date=2025-06-01
# profile: new date=2025-11-01
# profile: v314 date=2026-07-01 flags=python_workers_20260610 packages=workers-runtime-sdk
import json

import httpx
import numpy as np
import pydantic
from cryptography.fernet import Fernet

from .psycopg2 import connect

try:
    import uvloop
except ImportError:
    uvloop = None

# import psycopg2
DSN = "import psycopg2"
