"""Tests of clsloss.activations against torch, mpmath and their invariants."""

from __future__ import annotations

from typing import Any

import mpmath
import numpy as np
import pytest
import torch
from helpers import (
    assert_close,
    backends,
    dtypes,
    logits,
    to_backend,
    to_numpy,
)
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes

import clsloss

mpmath.mp.dps = 50


@st.composite
def logits_and_axis(draw: st.DrawFn, scale: float = 20.0) -> tuple[np.ndarray, int]:
    dtype = draw(dtypes)
    shape = draw(array_shapes(min_dims=1, max_dims=4, min_side=1, max_side=5))
    axis = draw(st.integers(-len(shape), len(shape) - 1))
    return draw(logits(dtype, shape, scale)), axis


ACTIVATIONS_WITH_AXIS = {
    "softmax": (clsloss.softmax, lambda t, axis: torch.softmax(t, dim=axis)),
    "log_softmax": (
        clsloss.log_softmax,
        lambda t, axis: torch.log_softmax(t, dim=axis),
    ),
    "logsumexp": (clsloss.logsumexp, lambda t, axis: torch.logsumexp(t, dim=axis)),
}
ELEMENTWISE = {
    "sigmoid": (clsloss.sigmoid, torch.sigmoid),
    "log_sigmoid": (clsloss.log_sigmoid, torch.nn.functional.logsigmoid),
}


@pytest.mark.parametrize("name", ACTIVATIONS_WITH_AXIS)
@given(case=logits_and_axis(), backend=backends)
def test_activation_along_axis_matches_torch(
    name: str, case: Any, backend: str
) -> None:
    x, axis = case
    ours, theirs = ACTIVATIONS_WITH_AXIS[name]
    assert_close(
        ours(to_backend(x, backend), axis=axis),
        theirs(torch.from_numpy(x), axis),
        x.dtype,
    )


@pytest.mark.parametrize("name", ELEMENTWISE)
@given(case=logits_and_axis(scale=200.0), backend=backends)
def test_elementwise_activation_matches_torch(
    name: str, case: Any, backend: str
) -> None:
    x, _ = case
    ours, theirs = ELEMENTWISE[name]
    assert_close(ours(to_backend(x, backend)), theirs(torch.from_numpy(x)), x.dtype)


def test_output_kind_follows_input(backend: str) -> None:
    x = to_backend(np.array([[1.0, 2.0]], dtype=np.float32), backend)
    for function in (
        clsloss.softmax,
        clsloss.log_softmax,
        clsloss.sigmoid,
        clsloss.log_sigmoid,
    ):
        assert type(function(x)) is type(x)
        assert function(x).dtype == x.dtype


def test_logsumexp_keepdims_keeps_the_axis() -> None:
    x = np.zeros((2, 3, 4))
    assert clsloss.logsumexp(x, axis=1, keepdims=True).shape == (2, 1, 4)
    assert clsloss.logsumexp(x, axis=1).shape == (2, 4)


# --- mpmath references at 50 digits -------------------------------------------------


def mp_logsumexp(row: np.ndarray) -> mpmath.mpf:
    return mpmath.log(mpmath.fsum(mpmath.exp(mpmath.mpf(float(v))) for v in row))


EXTREME = [
    (np.float32, 1e4),
    (np.float64, 1e300),
]


@pytest.mark.parametrize(("dtype", "scale"), EXTREME)
def test_logsumexp_and_log_softmax_are_exact_at_extreme_logits(
    dtype: Any, scale: float, backend: str
) -> None:
    rng = np.random.default_rng(0)
    x = (rng.uniform(-1, 1, size=(20, 6)) * scale).astype(dtype)
    x[:, 0] = scale  # the extremes themselves
    x[:5, 1] = -scale
    lse = to_numpy(clsloss.logsumexp(to_backend(x, backend), axis=1))
    log_p = to_numpy(clsloss.log_softmax(to_backend(x, backend), axis=1))
    assert np.all(np.isfinite(lse))
    assert np.all(np.isfinite(log_p))
    eps = np.finfo(dtype).eps
    for row, got_lse, got_log_p in zip(x, lse, log_p, strict=True):
        reference = mp_logsumexp(row)
        assert abs(float(got_lse) - float(reference)) <= 4 * eps * abs(float(reference))
        for v, got in zip(row, got_log_p, strict=True):
            exact = float(mpmath.mpf(float(v)) - reference)
            assert abs(float(got) - exact) <= 4 * eps * max(
                abs(exact), abs(float(v)), 1.0
            )


@given(case=logits_and_axis(scale=60.0))
def test_softmax_and_sigmoid_match_mpmath(case: Any) -> None:
    x, axis = case
    p = clsloss.softmax(x, axis=axis)
    moved = np.moveaxis(x, axis, -1).reshape(-1, x.shape[axis])
    expected = []
    for row in moved:
        z = mp_logsumexp(row)
        expected.append([float(mpmath.exp(mpmath.mpf(float(v)) - z)) for v in row])
    expected_p = np.moveaxis(
        np.array(expected).reshape(np.moveaxis(x, axis, -1).shape), -1, axis
    )
    eps = float(np.finfo(x.dtype).eps)
    np.testing.assert_allclose(p, expected_p, rtol=8 * eps, atol=4 * eps)
    expected_sigmoid = [
        float(1 / (1 + mpmath.exp(-mpmath.mpf(float(v))))) for v in x.ravel()
    ]
    np.testing.assert_allclose(
        clsloss.sigmoid(x).ravel(), expected_sigmoid, rtol=4 * eps, atol=0
    )


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_log_sigmoid_matches_mpmath_in_the_tails(dtype: Any) -> None:
    x = np.array([-1e4, -700.0, -88.0, -30.0, -1e-8, 0.0, 1e-8, 30.0, 88.0, 700.0, 1e4])
    x = x.astype(dtype)
    got = clsloss.log_sigmoid(x)
    exact = [float(-mpmath.log1p(mpmath.exp(-mpmath.mpf(float(v))))) for v in x]
    # Rounded to the dtype: e**-700 underflows to 0 in float32.
    expected = np.array(exact).astype(dtype)
    tiny = np.finfo(dtype).smallest_normal
    np.testing.assert_allclose(got, expected, rtol=4 * np.finfo(dtype).eps, atol=tiny)


# --- infinities: the mathematical limit ------------------------------------------------


def test_softmax_of_an_infinite_logit_is_its_limit(backend: str) -> None:
    inf = np.inf
    x = to_backend(
        np.array([[inf, 1.0, -inf], [inf, inf, 0.0], [-inf, 0.0, 0.0]]), backend
    )
    # Derived by hand: the +inf entries share all the mass; -inf entries get none.
    np.testing.assert_array_equal(
        to_numpy(clsloss.softmax(x)),
        [[1.0, 0.0, 0.0], [0.5, 0.5, 0.0], [0.0, 0.5, 0.5]],
    )
    np.testing.assert_allclose(
        to_numpy(clsloss.log_softmax(x)),
        [
            [0.0, -inf, -inf],
            [-np.log(2), -np.log(2), -inf],
            [-inf, -np.log(2), -np.log(2)],
        ],
    )


def test_logsumexp_of_infinities(backend: str) -> None:
    inf = np.inf
    x = to_backend(np.array([[inf, 1.0], [-inf, -inf], [-inf, 2.0]]), backend)
    np.testing.assert_array_equal(to_numpy(clsloss.logsumexp(x)), [inf, -inf, 2.0])


def test_sigmoid_of_infinities(backend: str) -> None:
    x = to_backend(np.array([-np.inf, np.inf]), backend)
    np.testing.assert_array_equal(to_numpy(clsloss.sigmoid(x)), [0.0, 1.0])
    np.testing.assert_array_equal(to_numpy(clsloss.log_sigmoid(x)), [-np.inf, 0.0])


# --- invariants ---------------------------------------------------------------------------


@given(case=logits_and_axis(), shift=st.floats(-50, 50))
def test_softmax_is_shift_invariant_and_sums_to_one(case: Any, shift: float) -> None:
    x, axis = case
    p = clsloss.softmax(x, axis=axis)
    eps = float(np.finfo(x.dtype).eps)
    np.testing.assert_allclose(
        np.sum(p, axis=axis), 1.0, rtol=0, atol=8 * eps * x.shape[axis]
    )
    shifted = clsloss.softmax(x + x.dtype.type(shift), axis=axis)
    np.testing.assert_allclose(shifted, p, rtol=200 * eps, atol=200 * eps)


@given(case=logits_and_axis())
def test_log_softmax_is_x_minus_logsumexp(case: Any) -> None:
    x, axis = case
    expected = x - clsloss.logsumexp(x, axis=axis, keepdims=True)
    eps = float(np.finfo(x.dtype).eps)
    np.testing.assert_allclose(
        clsloss.log_softmax(x, axis=axis), expected, rtol=8 * eps, atol=64 * eps
    )


@given(case=logits_and_axis())
def test_softmax_steps_follow_the_definition(case: Any) -> None:
    x, axis = case
    steps = clsloss.softmax_steps(x, axis=axis)
    np.testing.assert_array_equal(steps.max, np.max(x, axis=axis, keepdims=True))
    np.testing.assert_array_equal(np.max(steps.shifted, axis=axis), 0.0)
    np.testing.assert_array_equal(steps.exponentials, np.exp(steps.shifted))
    np.testing.assert_array_equal(
        steps.sum, np.sum(steps.exponentials, axis=axis, keepdims=True)
    )
    np.testing.assert_array_equal(steps.probabilities, clsloss.softmax(x, axis=axis))


def test_two_class_softmax_is_the_sigmoid_of_the_difference() -> None:
    x = np.linspace(-30, 30, 61).reshape(-1, 1) * np.array([[1.0, -0.5]])
    np.testing.assert_allclose(
        clsloss.softmax(x, axis=1)[:, 0], clsloss.sigmoid(x[:, 0] - x[:, 1]), rtol=1e-14
    )


# --- autograd --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (lambda t: clsloss.softmax(t, axis=1), lambda t: torch.softmax(t, dim=1)),
        (
            lambda t: clsloss.log_softmax(t, axis=1),
            lambda t: torch.log_softmax(t, dim=1),
        ),
        (lambda t: clsloss.logsumexp(t, axis=1), lambda t: torch.logsumexp(t, dim=1)),
        (clsloss.sigmoid, torch.sigmoid),
        (clsloss.log_sigmoid, torch.nn.functional.logsigmoid),
    ],
    ids=["softmax", "log_softmax", "logsumexp", "sigmoid", "log_sigmoid"],
)
def test_autograd_through_clsloss_equals_torch(ours: Any, theirs: Any) -> None:
    generator = torch.Generator().manual_seed(0)
    x = torch.randn(5, 4, dtype=torch.float64, generator=generator) * 5
    x[0, 0] = 0.0  # the branch point of sigmoid's two forms
    x[1] = 3.0  # ties at the maximum
    upstream = torch.randn(ours(x).shape, dtype=torch.float64, generator=generator)
    mine = x.clone().requires_grad_(True)
    (ours(mine) * upstream).sum().backward()
    reference = x.clone().requires_grad_(True)
    (theirs(reference) * upstream).sum().backward()
    torch.testing.assert_close(mine.grad, reference.grad, rtol=1e-12, atol=1e-12)


# --- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "function",
    [
        clsloss.softmax,
        clsloss.log_softmax,
        clsloss.logsumexp,
        clsloss.sigmoid,
        clsloss.log_sigmoid,
    ],
)
def test_integer_logits_raise_type_error(function: Any, backend: str) -> None:
    with pytest.raises(
        TypeError, match=r"x must have a real floating dtype .* got (torch\.)?int64"
    ):
        function(to_backend(np.array([1, 2]), backend))


def test_a_list_raises_type_error_naming_the_argument() -> None:
    with pytest.raises(TypeError, match=r"x must be an array .* got list"):
        clsloss.softmax([1.0, 2.0])


@pytest.mark.parametrize(
    "function", [clsloss.softmax, clsloss.log_softmax, clsloss.logsumexp]
)
def test_bad_axis_raises(function: Any) -> None:
    x = np.zeros((2, 3))
    with pytest.raises(ValueError, match=r"axis must lie in \[-2, 2\) .* got 2"):
        function(x, axis=2)
    with pytest.raises(TypeError, match="axis must be an int, got NoneType"):
        function(x, axis=None)
    with pytest.raises(
        ValueError, match=r"axis must be 0 or -1 for a 0-dimensional array, got 1"
    ):
        function(np.float64(2.0), axis=1)


@pytest.mark.parametrize("function", [clsloss.softmax, clsloss.log_softmax])
def test_softmax_over_no_classes_raises(function: Any) -> None:
    with pytest.raises(
        ValueError, match=r"at least one entry along axis 1, got shape \(2, 0\)"
    ):
        function(np.zeros((2, 0)), axis=1)


@pytest.mark.parametrize("name", ACTIVATIONS_WITH_AXIS)
@pytest.mark.parametrize("axis", [0, -1])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_a_single_logit_is_one_class_as_in_torch(
    name: str, axis: int, dtype: Any, backend: str
) -> None:
    ours, theirs = ACTIVATIONS_WITH_AXIS[name]
    x = np.array(-8.5, dtype=dtype)
    expected = theirs(torch.from_numpy(x), axis)
    got = ours(to_backend(x, backend), axis=axis)
    assert isinstance(got, torch.Tensor) == (backend == "torch")
    assert_close(got, expected, dtype)


@pytest.mark.parametrize("keepdims", [False, True])
def test_logsumexp_of_no_entries_is_minus_infinity_as_in_torch(
    keepdims: bool, backend: str
) -> None:
    x = np.zeros((2, 0, 3), dtype=np.float32)
    expected = torch.logsumexp(torch.from_numpy(x), dim=1, keepdim=keepdims)
    got = clsloss.logsumexp(to_backend(x, backend), axis=1, keepdims=keepdims)
    assert_close(got, expected, np.float32)
    assert np.all(to_numpy(got) == -np.inf)


@pytest.mark.parametrize("name", ACTIVATIONS_WITH_AXIS)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_rows_with_an_infinite_maximum_keep_the_dtype(
    name: str, dtype: Any, backend: str
) -> None:
    ours, theirs = ACTIVATIONS_WITH_AXIS[name]
    x = np.array([[np.inf, 1.0], [0.5, 1.0]], dtype=dtype)
    got = ours(to_backend(x, backend), axis=1)
    assert to_numpy(got).dtype == dtype
    # torch agrees where it is finite (its +inf row is nan, clsloss's the limit).
    expected = theirs(torch.from_numpy(x), 1)
    np.testing.assert_allclose(to_numpy(got)[1], expected.numpy()[1], rtol=1e-6)
