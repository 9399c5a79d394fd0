"""What the benchmarks measure besides time: the memory of the process they run in."""

from __future__ import annotations


def memory_mb(field: str = "VmHWM") -> float:
    """``VmRSS`` (resident now) or ``VmHWM`` (resident at the peak) of this process, in MiB.

    Not ``getrusage``: on Linux its maximum survives ``fork`` and ``exec``, so a child started
    from a process that generated a large ledger would report that process's peak as its own.
    NaN where ``/proc`` is not there to ask.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(f"{field}:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")
