"""Give memory freed after loading a large registry back to the system.

Reading and validating 100,000 rows allocates several times the size of the
result, and neither glibc's malloc nor Arrow's pool returns freed pages on
its own; the server would keep that peak for its whole life. Arrow is
switched to the system allocator so that ``malloc_trim`` can return both.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc

import pyarrow as pa

_libc_name = ctypes.util.find_library("c")
_LIBC = ctypes.CDLL(_libc_name) if _libc_name else None


def use_system_allocator() -> None:
    """Make Arrow (pandas' string columns) allocate with malloc, so trimming reaches it."""
    pa.set_memory_pool(pa.system_memory_pool())


def release_free_memory() -> bool:
    """Collect garbage and return free heap pages to the OS; False where unsupported."""
    gc.collect()
    if _LIBC is None or not hasattr(_LIBC, "malloc_trim"):
        return False
    return bool(_LIBC.malloc_trim(0))
