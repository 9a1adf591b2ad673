# A star import from the Worker's own package may bring Default in.
# profile: new date=2025-11-01 main=true
from js import Response
from app.entry import *
