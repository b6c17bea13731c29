"""Shared helpers and hypothesis strategies: backends, dtypes, tolerances."""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
from hypothesis import strategies as st

DTYPES = [np.float32, np.float64]
BACKENDS = ["numpy", "torch"]

# Near machine precision: a few ulps of float32 and float64.
TOLERANCE = {
    np.float32: {"rtol": 2e-6, "atol": 2e-6},
    np.float64: {"rtol": 1e-12, "atol": 1e-12},
}


def tolerance(dtype: Any) -> dict[str, float]:
    """Return the rtol and atol used to compare with torch in `dtype`."""
    return TOLERANCE[np.dtype(dtype).type]


def to_backend(array: np.ndarray, backend: str) -> Any:
    """Return `array` as a NumPy array or a torch tensor (sharing memory)."""
    return torch.from_numpy(np.array(array)) if backend == "torch" else array


def torch_kwargs(kwargs: dict[str, Any], dtype: Any = None) -> dict[str, Any]:
    """Keyword arguments for torch: each NumPy array as a tensor (cast to `dtype`)."""
    return {
        k: torch.from_numpy(v if dtype is None else v.astype(dtype))
        if isinstance(v, np.ndarray)
        else v
        for k, v in kwargs.items()
    }


def backend_kwargs(kwargs: dict[str, Any], backend: str) -> dict[str, Any]:
    """Keyword arguments for clsloss on `backend`: each NumPy array converted."""
    return {
        k: to_backend(v, backend) if isinstance(v, np.ndarray) else v
        for k, v in kwargs.items()
    }


def to_numpy(array: Any) -> np.ndarray:
    """Return `array` (an array or a tensor, maybe requiring grad) as NumPy."""
    if isinstance(array, torch.Tensor):
        return array.detach().numpy()
    return np.asarray(array)


def assert_close(actual: Any, expected: Any, dtype: Any) -> None:
    """Assert `actual` equals `expected` to the tolerance of `dtype`, dtype included."""
    actual_np, expected_np = to_numpy(actual), to_numpy(expected)
    assert actual_np.dtype == np.dtype(dtype)
    assert actual_np.shape == expected_np.shape
    np.testing.assert_allclose(actual_np, expected_np, **tolerance(dtype))


dtypes = st.sampled_from(DTYPES)
backends = st.sampled_from(BACKENDS)


def logits(
    dtype: Any, shape: tuple[int, ...], scale: float = 20.0
) -> st.SearchStrategy[Any]:
    """Arrays of finite logits in [-scale, scale]."""
    from hypothesis.extra.numpy import arrays

    width = 32 if dtype is np.float32 else 64
    elements = st.floats(-scale, scale, width=width, allow_subnormal=False)
    return arrays(dtype, shape, elements=elements)


@st.composite
def classification_shapes(draw: st.DrawFn) -> tuple[int, ...]:
    """Input shapes of torch's losses: (C,), (N, C) or (N, C, d1, ..., dK)."""
    num_classes = draw(st.integers(1, 5))
    kind = draw(st.sampled_from(["unbatched", "batched", "spatial"]))
    if kind == "unbatched":
        return (num_classes,)
    batch = draw(st.integers(1, 4))
    if kind == "batched":
        return (batch, num_classes)
    spatial = draw(st.lists(st.integers(1, 3), min_size=1, max_size=2))
    return (batch, num_classes, *spatial)
