# profile: old date=2025-06-01
# profile: new date=2025-11-01
# profile: v314 date=2026-07-01 flags=python_workers_20260610
import fcntl  # want: PW106
import os, termios  # want: PW106
import curses.ascii  # want: PW106
from tkinter import ttk  # want: PW106
from pwd import getpwnam  # want: PW106
import threading
import multiprocessing
from concurrent.futures import ThreadPoolExecutor
import asyncio


class Poller(threading.Thread):  # want: PW106
    pass


def work(items):
    pool = ThreadPoolExecutor(4)  # want: PW106
    t = threading.Thread(target=print)  # want: PW106
    p = multiprocessing.Pool(2)  # want: PW106
    return pool, t, p, os.getcwd()


async def offload(fn):
    import resource  # want: PW106
    return await asyncio.to_thread(fn), resource  # want: PW106
