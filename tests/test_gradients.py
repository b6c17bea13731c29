"""Tests of the closed-form gradients against autograd and finite differences."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from helpers import to_backend, to_numpy
from hypothesis import given
from hypothesis import strategies as st
from test_losses import binary_cases, cross_entropy_cases, torch_kwargs

import clsloss


def as_float64(
    case: dict[str, Any],
) -> tuple[torch.Tensor, torch.Tensor, dict[str, Any]]:
    """The case in float64 tensors, probability targets renormalised."""
    x, target = case["input"].astype(np.float64), case["target"]
    if target.dtype.kind == "f":
        target = target.astype(np.float64)
    kwargs = {
        k: v.double() if isinstance(v, torch.Tensor) else v
        for k, v in torch_kwargs(case["kwargs"]).items()
    }
    return torch.from_numpy(x), torch.from_numpy(np.array(target)), kwargs


def normalise(target: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    if not target.dtype.is_floating_point:
        return target
    class_axis = 0 if x.ndim == 1 else 1
    return target / target.sum(dim=class_axis, keepdim=True)


def autograd_of(
    loss_fn: Any, x: torch.Tensor, target: torch.Tensor, **kwargs: Any
) -> torch.Tensor:
    leaf = x.clone().requires_grad_(True)
    loss_fn(leaf, target, **kwargs).sum().backward()
    assert leaf.grad is not None
    return leaf.grad


@given(case=cross_entropy_cases(), label_smoothing=st.sampled_from([0.0, 0.1, 1.0]))
def test_cross_entropy_grad_equals_torch_autograd(
    case: dict[str, Any], label_smoothing: float
) -> None:
    x, target, kwargs = as_float64(case)
    target = normalise(target, x)
    kwargs["label_smoothing"] = label_smoothing
    expected = autograd_of(F.cross_entropy, x, target, **kwargs)
    got = clsloss.cross_entropy_grad(x, target, **kwargs)
    # Counted targets whose weights sum to 0 give 0 / 0 = nan in both.
    torch.testing.assert_close(got, expected, rtol=1e-10, atol=1e-12, equal_nan=True)


def test_cross_entropy_grad_is_zero_where_every_target_is_ignored(
    backend: str,
) -> None:
    x = np.array([[-1.9609, -0.2974, 0.1152], [0.5912, 1.7348, -2.4041]])
    target = np.array([-100, -100])
    expected = autograd_of(
        F.cross_entropy, torch.from_numpy(x), torch.from_numpy(target)
    )
    got = clsloss.cross_entropy_grad(
        to_backend(x, backend), to_backend(target, backend)
    )
    np.testing.assert_array_equal(to_numpy(got), expected.numpy())
    assert not np.any(np.isnan(to_numpy(got)))


@given(case=binary_cases())
def test_bce_with_logits_grad_equals_torch_autograd(case: dict[str, Any]) -> None:
    x, target, kwargs = as_float64(case)
    expected = autograd_of(F.binary_cross_entropy_with_logits, x, target, **kwargs)
    got = clsloss.binary_cross_entropy_with_logits_grad(x, target, **kwargs)
    torch.testing.assert_close(got, expected, rtol=1e-10, atol=1e-12)


def central_difference(loss: Any, x: np.ndarray, step: float = 1e-6) -> np.ndarray:
    """d sum(loss) / dx by central differences, one coordinate at a time."""
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        plus, minus = x.copy(), x.copy()
        plus[index] += step
        minus[index] -= step
        grad[index] = (np.sum(loss(plus)) - np.sum(loss(minus))) / (2 * step)
    return grad


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("label_smoothing", [0.0, 0.3])
def test_cross_entropy_grad_equals_finite_differences(
    reduction: str, label_smoothing: float
) -> None:
    rng = np.random.default_rng(2)
    x = rng.normal(size=(4, 5, 2)) * 3
    target = rng.integers(0, 5, size=(4, 2))
    target[0, 0] = 255
    kwargs = {
        "weight": rng.uniform(0.5, 2, size=5),
        "ignore_index": 255,
        "reduction": reduction,
        "label_smoothing": label_smoothing,
    }
    numeric = central_difference(
        lambda v: clsloss.cross_entropy(v, target, **kwargs), x
    )
    np.testing.assert_allclose(
        clsloss.cross_entropy_grad(x, target, **kwargs), numeric, rtol=1e-6, atol=1e-8
    )


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_bce_with_logits_grad_equals_finite_differences(reduction: str) -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(size=(3, 4)) * 4
    y = rng.uniform(size=(3, 4))
    kwargs = {
        "weight": rng.uniform(0.5, 2, size=(3, 1)),
        "pos_weight": rng.uniform(0.5, 3, size=4),
        "reduction": reduction,
    }
    numeric = central_difference(
        lambda v: clsloss.binary_cross_entropy_with_logits(v, y, **kwargs), x
    )
    got = clsloss.binary_cross_entropy_with_logits_grad(x, y, **kwargs)
    np.testing.assert_allclose(got, numeric, rtol=1e-6, atol=1e-8)


def test_cross_entropy_grad_is_p_minus_y_on_the_running_example() -> None:
    x = np.array([[-1.9609, -0.2974, 0.1152], [0.5912, 1.7348, -2.4041]])
    y = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    # Independent derivation: softmax by hand, then p - y.
    p = np.exp(x) / np.exp(x).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(
        clsloss.cross_entropy_grad(x, np.array([0, 2]), reduction="sum"),
        p - y,
        rtol=1e-13,
    )
    np.testing.assert_allclose(
        clsloss.cross_entropy_grad(x, y), (p - y) / 2, rtol=1e-13
    )


def test_gradients_reject_what_the_losses_reject() -> None:
    with pytest.raises(ValueError, match="must lie in"):
        clsloss.cross_entropy_grad(np.zeros((2, 3)), np.array([0, 3]))
    with pytest.raises(ValueError, match="target must lie in"):
        clsloss.binary_cross_entropy_with_logits_grad(np.zeros(2), np.array([0.0, 2.0]))
