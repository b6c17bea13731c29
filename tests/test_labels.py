"""Tests of clsloss.labels against torch."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from helpers import backends, to_backend, to_numpy
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

import clsloss


@given(
    labels=arrays(
        np.int64,
        array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=4),
        elements=st.integers(0, 6),
    ),
    extra=st.one_of(st.none(), st.integers(0, 3)),
    backend=backends,
)
def test_one_hot_matches_torch(
    labels: np.ndarray, extra: int | None, backend: str
) -> None:
    num_classes = None if extra is None else int(labels.max()) + 1 + extra
    expected = F.one_hot(
        torch.from_numpy(labels), -1 if num_classes is None else num_classes
    )
    got = clsloss.one_hot(to_backend(labels, backend), num_classes)
    assert to_numpy(got).dtype == np.int64
    np.testing.assert_array_equal(to_numpy(got), expected.numpy())


@given(
    labels=arrays(np.int64, st.integers(1, 6), elements=st.integers(0, 3)),
    epsilon=st.floats(0.0, 1.0),
    backend=backends,
)
def test_smoothed_targets_give_torch_label_smoothing(
    labels: np.ndarray, epsilon: float, backend: str
) -> None:
    rng = np.random.default_rng(labels.size)
    x = rng.normal(size=(labels.size, 4))
    expected = F.cross_entropy(
        torch.from_numpy(x), torch.from_numpy(labels), label_smoothing=epsilon
    )
    smoothed = clsloss.smooth_labels(
        to_backend(labels, backend), epsilon, num_classes=4
    )
    smoothed = np.asarray(to_numpy(smoothed), dtype=np.float64)
    np.testing.assert_allclose(
        F.cross_entropy(torch.from_numpy(x), torch.from_numpy(smoothed)).item(),
        expected.item(),
        rtol=1e-6,
    )
    np.testing.assert_allclose(smoothed.sum(axis=1), 1.0, rtol=1e-6)


def test_smooth_labels_of_probabilities_keeps_dtype_and_axis(backend: str) -> None:
    # Two classes on axis 0, three samples on axis 1.
    y = to_backend(
        np.array([[1.0, 0.0, 0.5], [0.0, 1.0, 0.5]], dtype=np.float32), backend
    )
    smoothed = to_numpy(clsloss.smooth_labels(y, 0.5, axis=0))
    assert smoothed.dtype == np.float32
    # By hand: (1 - 0.5) * y + 0.5 / 2.
    np.testing.assert_allclose(smoothed, [[0.75, 0.25, 0.5], [0.25, 0.75, 0.5]])


def test_smooth_labels_default_float_follows_the_library() -> None:
    assert clsloss.smooth_labels(np.array([0, 1]), 0.1).dtype == np.float64
    assert clsloss.smooth_labels(torch.tensor([0, 1]), 0.1).dtype == torch.float32


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: clsloss.one_hot(np.array([0.0, 1.0])),
            TypeError,
            r"labels holds class indices, which must have an integer dtype, got float64",
        ),
        (
            lambda: clsloss.one_hot(np.array([0, 3]), 3),
            ValueError,
            r"must lie in \[0, 3\), got values from 3 to 3",
        ),
        (
            lambda: clsloss.one_hot(np.array([], dtype=np.int64)),
            ValueError,
            r"num_classes must be given when labels is empty",
        ),
        (
            lambda: clsloss.one_hot(np.array([0]), 0),
            ValueError,
            r"num_classes must be at least 1, got 0",
        ),
        (
            lambda: clsloss.one_hot(np.array([0]), 2.0),
            TypeError,
            r"num_classes must be an int, got float",
        ),
        (lambda: clsloss.one_hot(np.array([True])), TypeError, r"integer dtype"),
        (
            lambda: clsloss.smooth_labels(np.array([0, 1]), 1.5),
            ValueError,
            r"epsilon must lie in \[0, 1\], got 1.5",
        ),
        (
            lambda: clsloss.smooth_labels(np.array([0, 1]), "0.1"),
            TypeError,
            r"epsilon must be a float in \[0, 1\], got str",
        ),
        (
            lambda: clsloss.smooth_labels(np.array([[1.0, 1.0]]), 0.1),
            ValueError,
            r"sum to 1",
        ),
    ],
)
def test_bad_labels_raise_a_clear_error(
    call: Any, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        call()


def test_empty_labels_with_num_classes_give_an_empty_one_hot() -> None:
    assert clsloss.one_hot(np.zeros((0,), dtype=np.int64), 3).shape == (0, 3)
