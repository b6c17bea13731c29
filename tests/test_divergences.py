"""Tests of clsloss.divergences against torch.nn.functional.kl_div and invariants."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from helpers import assert_close, backends, dtypes, logits, to_backend, to_numpy
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

import clsloss

KL_REDUCTIONS = ["none", "batchmean", "sum", "mean"]


def torch_kl_div(input: torch.Tensor, target: torch.Tensor, **kwargs: Any) -> Any:
    """F.kl_div without its UserWarning for reduction="mean" (warnings are errors)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="reduction: 'mean'")
        return F.kl_div(input, target, **kwargs)


@st.composite
def kl_cases(draw: st.DrawFn) -> dict[str, Any]:
    """Log-probabilities, a target (maybe in log space) and a reduction."""
    dtype = draw(dtypes)
    shape = draw(array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=4))
    z = draw(logits(dtype, shape))
    # log_softmax over the last axis (a 0-d input is one log-probability, 0).
    log_p = torch.log_softmax(torch.from_numpy(z).reshape(*shape[:-1], -1), dim=-1)
    input = log_p.reshape(shape).numpy()
    log_target = draw(st.booleans())
    positive = st.floats(2.0**-20, 1.0, width=32)
    elements = positive if log_target else st.one_of(st.just(0.0), positive)
    target = draw(arrays(dtype, shape, elements=elements))
    if log_target:
        target = np.asarray(np.log(target))
    kwargs = {
        "reduction": draw(st.sampled_from(KL_REDUCTIONS)),
        "log_target": log_target,
    }
    return {"input": input, "target": target, "kwargs": kwargs}


@given(case=kl_cases(), backend=backends)
def test_kl_div_matches_torch_with_every_option(
    case: dict[str, Any], backend: str
) -> None:
    x, target, kwargs = case["input"], case["target"], case["kwargs"]
    expected = torch_kl_div(torch.from_numpy(x), torch.from_numpy(target), **kwargs)
    got = clsloss.kl_div(to_backend(x, backend), to_backend(target, backend), **kwargs)
    assert isinstance(got, torch.Tensor) == (backend == "torch")
    actual_np, expected_np = to_numpy(got), expected.numpy()
    assert actual_np.dtype == x.dtype
    assert actual_np.shape == expected_np.shape
    # torch computes y log y - y x, clsloss y (log y - x): the same to a few ulps
    # of the larger of |y log y| and |y x|, summed over the elements.
    eps = float(np.finfo(x.dtype).eps)
    scale = max(1.0, float(np.max(np.abs(x)))) if x.size else 1.0
    np.testing.assert_allclose(
        actual_np, expected_np, rtol=16 * eps, atol=16 * eps * scale * max(1, x.size)
    )


@given(case=kl_cases())
def test_autograd_through_kl_div_equals_torch(case: dict[str, Any]) -> None:
    x, target, kwargs = case["input"], case["target"], case["kwargs"]
    t = torch.from_numpy(target.astype(np.float64))
    mine = torch.from_numpy(x.astype(np.float64)).requires_grad_(True)
    reference = torch.from_numpy(x.astype(np.float64)).requires_grad_(True)
    clsloss.kl_div(mine, t, **kwargs).sum().backward()
    torch_kl_div(reference, t, **kwargs).sum().backward()
    torch.testing.assert_close(mine.grad, reference.grad, rtol=1e-12, atol=1e-14)


def test_gradient_with_respect_to_the_target_equals_torch() -> None:
    # Distillation may train the target too: d/dy of y (log y - x) is log y + 1 - x.
    log_p = torch.log_softmax(torch.tensor([[0.3, -1.2, 2.0]], dtype=torch.float64), 1)
    for log_target in (False, True):
        y = torch.tensor([[0.2, 0.3, 0.5]], dtype=torch.float64)
        y = y.log() if log_target else y
        mine, reference = y.clone().requires_grad_(True), y.clone().requires_grad_(True)
        clsloss.kl_div(log_p, mine, reduction="sum", log_target=log_target).backward()
        F.kl_div(log_p, reference, reduction="sum", log_target=log_target).backward()
        torch.testing.assert_close(mine.grad, reference.grad, rtol=1e-12, atol=1e-14)


def test_batchmean_is_the_mean_divergence_per_sample(backend: str) -> None:
    rng = np.random.default_rng(0)
    p = rng.dirichlet(np.ones(5), size=4)
    y = rng.dirichlet(np.ones(5), size=4)
    # D_KL(y || p) of each row, from its definition.
    divergences = np.sum(y * np.log(y / p), axis=1)
    x_b, y_b = to_backend(np.log(p), backend), to_backend(y, backend)
    got = clsloss.kl_div(x_b, y_b, reduction="batchmean")
    np.testing.assert_allclose(to_numpy(got), divergences.mean(), rtol=1e-12)
    # "mean" divides the same sum by N * C: the divergence divided by C = 5 too.
    mean = clsloss.kl_div(x_b, y_b, reduction="mean")
    np.testing.assert_allclose(to_numpy(mean), divergences.mean() / 5, rtol=1e-12)


def test_batchmean_of_one_distribution_divides_by_its_length_like_torch(
    backend: str,
) -> None:
    log_p = np.log(np.array([0.5, 0.25, 0.25]))
    y = np.array([0.25, 0.25, 0.5])
    total = clsloss.kl_div(
        to_backend(log_p, backend), to_backend(y, backend), reduction="sum"
    )
    batchmean = clsloss.kl_div(
        to_backend(log_p, backend), to_backend(y, backend), reduction="batchmean"
    )
    # input.shape[0] of a (C,) input is C = 3, as torch divides.
    np.testing.assert_allclose(to_numpy(batchmean), to_numpy(total) / 3, rtol=1e-15)
    expected = F.kl_div(
        torch.from_numpy(log_p), torch.from_numpy(y), reduction="batchmean"
    )
    assert_close(batchmean, expected, np.float64)


def test_zero_dimensional_input_matches_torch(backend: str) -> None:
    x, y = np.array(-0.5), np.array(0.25)
    for reduction in KL_REDUCTIONS:
        expected = torch_kl_div(
            torch.from_numpy(x), torch.from_numpy(y), reduction=reduction
        )
        got = clsloss.kl_div(
            to_backend(x, backend), to_backend(y, backend), reduction=reduction
        )
        assert_close(got, expected, np.float64)


@pytest.mark.parametrize("reduction", KL_REDUCTIONS)
def test_empty_batch_matches_torch(backend: str, reduction: str) -> None:
    x, y = np.zeros((0, 3)), np.zeros((0, 3))
    expected = torch_kl_div(
        torch.from_numpy(x), torch.from_numpy(y), reduction=reduction
    )
    got = clsloss.kl_div(
        to_backend(x, backend), to_backend(y, backend), reduction=reduction
    )
    # torch: an empty sum is 0, and "mean" and "batchmean" divide it by 0.
    np.testing.assert_array_equal(to_numpy(got), expected.numpy())


def test_non_contiguous_inputs_match_torch() -> None:
    log_p = torch.log_softmax(torch.randn(5, 4, dtype=torch.float64), dim=0).T
    y = torch.softmax(torch.randn(5, 4, dtype=torch.float64), dim=0).T
    assert not log_p.is_contiguous()
    expected = F.kl_div(log_p, y, reduction="batchmean")
    assert_close(clsloss.kl_div(log_p, y, reduction="batchmean"), expected, np.float64)
    assert_close(
        clsloss.kl_div(log_p.numpy(), y.numpy(), reduction="batchmean"),
        expected,
        np.float64,
    )


def test_absent_classes_add_zero_where_torch_gives_nan(backend: str) -> None:
    inf = np.inf
    x = np.array([-inf, -inf, -1.0])
    y = np.array([0.0, 0.0, 1.0])
    got = clsloss.kl_div(
        to_backend(x, backend), to_backend(y, backend), reduction="none"
    )
    # 0 (log 0 - log 0) is 0 by the limit 0 log 0 = 0; 1 (log 1 - (-1)) is 1.
    np.testing.assert_array_equal(to_numpy(got), [0.0, 0.0, 1.0])
    assert torch.isnan(
        F.kl_div(torch.tensor(-inf), torch.tensor(0.0), reduction="none")
    )
    log_y = np.array([-inf, -inf, 0.0])
    got = clsloss.kl_div(
        to_backend(x, backend),
        to_backend(log_y, backend),
        reduction="none",
        log_target=True,
    )
    np.testing.assert_array_equal(to_numpy(got), [0.0, 0.0, 1.0])
    nan_in_torch = F.kl_div(
        torch.tensor(-1.0), torch.tensor(-inf), reduction="none", log_target=True
    )
    assert torch.isnan(nan_in_torch)


def test_gradient_is_finite_where_the_target_is_zero() -> None:
    x = torch.tensor([-torch.inf, -1.0, -0.5], dtype=torch.float64, requires_grad=True)
    y = torch.tensor([0.0, 0.4, 0.6], dtype=torch.float64)
    clsloss.kl_div(x, y, reduction="sum").backward()
    # d/dx of y (log y - x) is -y.
    np.testing.assert_array_equal(x.grad.numpy(), [0.0, -0.4, -0.6])


def test_clsloss_does_not_warn_where_torch_does() -> None:
    log_p = torch.log_softmax(torch.tensor([[1.0, 2.0]]), dim=1)
    y = torch.tensor([[0.5, 0.5]])
    with pytest.warns(UserWarning, match="'batchmean' divides only by the batch"):
        F.kl_div(log_p, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        clsloss.kl_div(log_p, y)


# --- bad input ------------------------------------------------------------------------------------

LOG_P = np.log(np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]]))
Y = np.array([[0.8, 0.2, 0.0], [0.0, 0.5, 0.5]])


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: clsloss.kl_div(np.array([[2.0, -1.0, 0.5]]), Y[:1]),
            ValueError,
            (
                r"input must hold log-probabilities, which are at most 0, got 2 "
                r"entries above 0, from 0.5 to 2.0.*log_softmax\(logits\)"
            ),
        ),
        (
            lambda: clsloss.kl_div(np.exp(LOG_P), Y),
            ValueError,
            r"input must hold log-probabilities",
        ),
        (
            lambda: clsloss.kl_div(LOG_P, Y - 0.5),
            ValueError,
            r"target must lie in \[0, 1\].*pass log_target=True",
        ),
        (
            lambda: clsloss.kl_div(LOG_P, Y + 0.5, log_target=True),
            ValueError,
            r"target must hold log-probabilities.*pass log_target=False",
        ),
        (
            lambda: clsloss.kl_div(LOG_P, Y, reduction="average"),
            ValueError,
            (
                r'reduction must be one of "none", "batchmean", "sum" or "mean", '
                r"got 'average'"
            ),
        ),
        (
            lambda: clsloss.kl_div(LOG_P, Y, log_target=1),
            TypeError,
            r"log_target must be True or False, got int 1",
        ),
        (
            lambda: clsloss.kl_div(LOG_P, Y[0]),
            ValueError,
            r"target must have the shape of input \(2, 3\), got \(3,\)",
        ),
        (
            lambda: clsloss.kl_div(LOG_P, Y.astype(np.float32)),
            TypeError,
            r"target must have the dtype of input \(float64\), got float32",
        ),
        (
            lambda: clsloss.kl_div(LOG_P, (Y > 0).astype(int)),
            TypeError,
            r"target must have a real floating dtype",
        ),
        (
            lambda: clsloss.kl_div(LOG_P, torch.from_numpy(Y)),
            TypeError,
            r"same array library",
        ),
    ],
    ids=lambda v: "" if callable(v) else None,
)
def test_bad_input_raises_a_clear_error(
    call: Any, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        call()
