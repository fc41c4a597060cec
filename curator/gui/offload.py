"""Pure-Python work on a whole document in a process of its own instead of a worker thread.

A thread running Python holds the GIL, and every Python call the UI thread makes meanwhile (each
table cell a repaint asks for, each slot) waits for it: the evidence of a 400,000-character
document (0.4 s of Python) held the UI thread 160 ms at a time though it ran on a worker. In a
process it holds nothing of ours; the worker thread that waits for it releases the GIL. One
spawned process, started on first use, gone with ``close()`` or with the app. Qt-free.
"""

from curator.korean.service import SpawnedWorker

OFFLOAD = SpawnedWorker()  # ``OFFLOAD.call(fn, *args)``: fn a module-level function over plain data
