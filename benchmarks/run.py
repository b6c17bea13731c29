"""Time clsloss against scipy.special and torch, side by side in one run.

Each pair is timed alternately (ours then theirs, theirs then ours, ...) so
that the machine's noise hits both alike; the table reports the fastest run
of each and their ratio. Peak memory is the largest extra allocation during one call,
in units of the input's size (tracemalloc sees NumPy's allocations; torch's
CPU allocator is read from its profiler).

Run with ``nox -s bench``; pass ``--quick`` for a smaller, faster run.
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np
import scipy.special
import torch
import torch.nn.functional as F

import clsloss

SHAPE = (4096, 1000)


def mean_time(function: Callable[[], Any], number: int) -> float:
    start = time.perf_counter()
    for _ in range(number):
        function()
    return (time.perf_counter() - start) / number


def compare(
    ours: Callable[[], Any], theirs: Callable[[], Any], repeats: int
) -> tuple[float, float]:
    """Best seconds per call of each, measured alternately."""
    ours(), theirs()  # warm up
    mine, reference = [], []
    for repeat in range(repeats):
        # Swap which goes first on every other round, so neither always runs
        # right after the other's allocations.
        if repeat % 2:
            reference.append(mean_time(theirs, 3))
            mine.append(mean_time(ours, 3))
        else:
            mine.append(mean_time(ours, 3))
            reference.append(mean_time(theirs, 3))
    # The minimum is the run least disturbed by the rest of the machine.
    return min(mine), min(reference)


def numpy_peak(function: Callable[[], Any], input_bytes: int) -> float:
    """Peak extra memory of one call, in input-sized arrays."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    function()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / input_bytes


def torch_peak(function: Callable[[], Any], input_bytes: int) -> float:
    """Peak extra memory of one call on torch's CPU allocator, in input-sized arrays."""
    with torch.profiler.profile(
        activities=[torch.profiler.ProfilerActivity.CPU], profile_memory=True
    ) as prof:
        function()
    # Running total of allocations (+) and frees (-) in event order.
    events = sorted(
        (e for e in prof.events() if e.cpu_memory_usage != 0),
        key=lambda e: e.time_range.start,
    )
    total = peak = 0
    for event in events:
        total += event.cpu_memory_usage
        peak = max(peak, total)
    return peak / input_bytes


def benchmark(
    dtype: Any, repeats: int, rng: np.random.Generator
) -> list[tuple[Any, ...]]:
    """Time every pair of functions on one (4096, 1000) input of `dtype`."""
    rows: list[tuple[Any, ...]] = []
    x = (rng.normal(size=SHAPE) * 4).astype(dtype)
    target = rng.integers(0, SHAPE[1], size=SHAPE[0])
    t = torch.from_numpy(x)
    t_target = torch.from_numpy(target)
    name = np.dtype(dtype).name
    numpy_pairs = {
        "softmax": (
            lambda: clsloss.softmax(x, axis=1),
            lambda: scipy.special.softmax(x, axis=1),
        ),
        "log_softmax": (
            lambda: clsloss.log_softmax(x, axis=1),
            lambda: scipy.special.log_softmax(x, axis=1),
        ),
        "logsumexp": (
            lambda: clsloss.logsumexp(x, axis=1),
            lambda: scipy.special.logsumexp(x, axis=1),
        ),
    }
    for label, (ours, theirs) in numpy_pairs.items():
        mine, reference = compare(ours, theirs, repeats)
        peaks = (numpy_peak(ours, x.nbytes), numpy_peak(theirs, x.nbytes))
        rows.append((f"{label} (NumPy)", name, "scipy.special", mine, reference, peaks))

    def forward_backward(loss: Callable[..., Any]) -> Callable[[], Any]:
        def run() -> None:
            leaf = t.clone().requires_grad_(True)
            loss(leaf, t_target).backward()

        return run

    torch_pairs = {
        "softmax (torch)": (
            lambda: clsloss.softmax(t, axis=1),
            lambda: torch.softmax(t, dim=1),
        ),
        "log_softmax (torch)": (
            lambda: clsloss.log_softmax(t, axis=1),
            lambda: torch.log_softmax(t, dim=1),
        ),
        "logsumexp (torch)": (
            lambda: clsloss.logsumexp(t, axis=1),
            lambda: torch.logsumexp(t, dim=1),
        ),
        "cross_entropy forward": (
            lambda: clsloss.cross_entropy(t, t_target),
            lambda: F.cross_entropy(t, t_target),
        ),
        "cross_entropy forward+backward": (
            forward_backward(clsloss.cross_entropy),
            forward_backward(F.cross_entropy),
        ),
        # torch has no focal loss: its fused cross-entropy is the floor to beat.
        "focal_loss fwd+bwd (vs CE)": (
            forward_backward(clsloss.focal_loss),
            forward_backward(F.cross_entropy),
        ),
        "multi_margin_loss fwd+bwd": (
            forward_backward(clsloss.multi_margin_loss),
            forward_backward(F.multi_margin_loss),
        ),
    }
    for label, (ours, theirs) in torch_pairs.items():
        mine, reference = compare(ours, theirs, repeats)
        peaks = (torch_peak(ours, x.nbytes), torch_peak(theirs, x.nbytes))
        rows.append((label, name, "torch", mine, reference, peaks))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    args = parser.parse_args()
    repeats = 3 if args.quick else 15
    rng = np.random.default_rng(0)
    rows = [
        row
        for dtype in (np.float32, np.float64)
        for row in benchmark(dtype, repeats, rng)
    ]
    print(f"Input shape {SHAPE}; best of {repeats} alternating runs of 3 calls each.")
    print(
        f"torch {torch.__version__} ({torch.get_num_threads()} threads), numpy {np.__version__}, scipy {scipy.__version__}"
    )
    header = (
        f"{'function':32} {'dtype':8} {'against':14} {'clsloss ms':>10} {'theirs ms':>10} "
        f"{'ratio':>6} {'clsloss mem':>11} {'theirs mem':>10}"
    )
    print(header)
    print("-" * len(header))
    for label, name, against, mine, reference, (peak, their_peak) in rows:
        print(
            f"{label:32} {name:8} {against:14} {mine * 1e3:10.2f} {reference * 1e3:10.2f} "
            f"{mine / reference:6.2f} {peak:10.2f}x {their_peak:9.2f}x"
        )
    print("ratio = clsloss time / reference time; mem = peak extra memory / input size")


if __name__ == "__main__":
    main()
