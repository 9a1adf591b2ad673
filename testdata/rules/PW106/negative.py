# profile: old date=2025-06-01
# profile: new date=2025-11-01
# profile: v314 date=2026-07-01 flags=python_workers_20260610
import sys
import threading
import multiprocessing
from typing import TYPE_CHECKING

try:
    import fcntl
except ImportError:
    fcntl = None

try:
    import pwd
except (ModuleNotFoundError, OSError):
    pwd = None

if sys.platform == "win32":
    import msvcrt

if TYPE_CHECKING:
    import curses

# import termios
TEXT = "import tty"

_lock = threading.Lock()
_local = threading.local()
CPUS = multiprocessing.cpu_count()


def run(Thread):
    # A parameter named like the class is not threading.Thread.
    return Thread(target=print)
