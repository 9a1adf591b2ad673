# The default export may be imported from another module of the Worker.
# profile: new date=2025-11-01 main=true
from app import Default

__all__ = ["Default"]
