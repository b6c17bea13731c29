"""Tests of clsloss.focal against mpmath, torch transcriptions and torch's losses."""

from __future__ import annotations

from typing import Any

import mpmath
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from helpers import (
    assert_close,
    backend_kwargs,
    backends,
    classification_shapes,
    dtypes,
    logits,
    to_backend,
    to_numpy,
    torch_kwargs,
)
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

import clsloss

mpmath.mp.dps = 50
REDUCTIONS = ["none", "mean", "sum"]
GAMMAS = [0.0, 0.5, 1.0, 2.0, 5.0]


# --- references -----------------------------------------------------------------------------------


def mp_sigmoid_focal(z: float, y: float, alpha: float, gamma: float) -> Any:
    """The focal loss in mpmath, from its definitions.

    A hard label uses the paper's FL(p_t) = -alpha_t (1 - p_t)^gamma log(p_t);
    a soft one torchvision's BCE(z, y) (1 - p_t)^gamma alpha_t.
    """
    # 1 - p_t is formed by subtraction, as written: at |z| = 100 it is
    # e^-100 ~ 1e-44, so 50 digits would keep only a few; 400 keep them all.
    with mpmath.workdps(400):
        z_mp, y_mp = mpmath.mpf(z), mpmath.mpf(y)
        p = 1 / (1 + mpmath.exp(-z_mp))
        p_t = p * y_mp + (1 - p) * (1 - y_mp)
        alpha_t = (
            mpmath.mpf(1) if alpha < 0 else alpha * y_mp + (1 - alpha) * (1 - y_mp)
        )
        factor = mpmath.mpf(1) if gamma == 0 else (1 - p_t) ** gamma
        if y in (0.0, 1.0):
            return -alpha_t * factor * mpmath.log(p_t)
        bce = -(y_mp * mpmath.log(p) + (1 - y_mp) * mpmath.log(1 - p))
        return +(bce * factor * alpha_t)


def mp_focal(row: np.ndarray, label: int, gamma: float) -> Any:
    """-(1 - p_y)^gamma log p_y of one row of logits, p = softmax, in mpmath."""
    with mpmath.workdps(400):
        exps = [mpmath.exp(mpmath.mpf(float(v))) for v in row]
        p_y = exps[label] / mpmath.fsum(exps)
        factor = mpmath.mpf(1) if gamma == 0 else (1 - p_y) ** gamma
        return +(-factor * mpmath.log(p_y))


def torchvision_transcription(
    z: torch.Tensor, y: torch.Tensor, alpha: float, gamma: float, reduction: str
) -> torch.Tensor:
    """torchvision.ops.sigmoid_focal_loss, as written there."""
    p = torch.sigmoid(z)
    ce = F.binary_cross_entropy_with_logits(z, y, reduction="none")
    p_t = p * y + (1 - p) * (1 - y)
    loss = ce * ((1 - p_t) ** gamma)
    if alpha >= 0:
        loss = (alpha * y + (1 - alpha) * (1 - y)) * loss
    if reduction == "mean":
        return loss.mean()
    return loss.sum() if reduction == "sum" else loss


def focal_transcription(
    z: torch.Tensor, target: torch.Tensor, gamma: float, **kwargs: Any
) -> torch.Tensor:
    """The usual torch transcription: (1 - p)^gamma log p, then nll_loss's options."""
    class_axis = 0 if z.ndim == 1 else 1
    p = torch.softmax(z, dim=class_axis)
    focal_log_p = (1 - p) ** gamma * torch.log_softmax(z, dim=class_axis)
    reduction = kwargs.get("reduction", "mean")
    if target.dtype == torch.int64:
        return F.nll_loss(focal_log_p, target, **kwargs)
    weight = kwargs.get("weight")
    if weight is not None:
        shape = (-1,) + (1,) * (z.ndim - class_axis - 1)
        focal_log_p = weight.reshape(shape) * focal_log_p
    loss = -(target * focal_log_p).sum(dim=class_axis)
    if reduction == "mean":
        return loss.mean()
    return loss.sum() if reduction == "sum" else loss


# --- sigmoid_focal_loss ---------------------------------------------------------------------------


@st.composite
def binary_cases(draw: st.DrawFn, scale: float = 30.0) -> dict[str, Any]:
    """Logits, hard or soft targets and the options of sigmoid_focal_loss."""
    dtype = draw(dtypes)
    shape = draw(array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=4))
    z = draw(logits(dtype, shape, scale=scale))
    hard = draw(st.booleans())
    elements = st.sampled_from([0.0, 1.0]) if hard else st.floats(0.0, 1.0, width=32)
    target = np.asarray(draw(arrays(dtype, shape, elements=elements)))
    kwargs = {
        "alpha": draw(st.sampled_from([-1.0, 0.0, 0.25, 0.5, 1.0])),
        "gamma": draw(st.sampled_from(GAMMAS)),
        "reduction": draw(st.sampled_from(REDUCTIONS)),
    }
    return {"input": np.asarray(z), "target": target, "kwargs": kwargs}


@given(case=binary_cases(), backend=backends)
def test_sigmoid_focal_loss_matches_torchvisions_formula(
    case: dict[str, Any], backend: str
) -> None:
    z, y, kwargs = case["input"], case["target"], case["kwargs"]
    # The reference in float64, where 1 - p_t keeps enough digits at |z| <= 30.
    expected = torchvision_transcription(
        torch.from_numpy(z).double(), torch.from_numpy(y).double(), **kwargs
    )
    got = clsloss.sigmoid_focal_loss(
        to_backend(z, backend), to_backend(y, backend), **kwargs
    )
    assert isinstance(got, torch.Tensor) == (backend == "torch")
    actual = to_numpy(got)
    assert actual.dtype == z.dtype
    assert actual.shape == tuple(expected.shape)
    # The BCE of a logit z carries rounding of about eps |z|, summed over elements.
    eps = float(np.finfo(z.dtype).eps)
    scale = max(1.0, float(np.max(np.abs(z)))) if z.size else 1.0
    np.testing.assert_allclose(
        actual,
        expected.numpy(),
        rtol=64 * eps,
        atol=16 * eps * scale * max(1, z.size),
    )


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("gamma", GAMMAS)
def test_sigmoid_focal_loss_keeps_relative_accuracy_at_extreme_logits(
    dtype: Any, gamma: float, backend: str
) -> None:
    values = [-100.0, -88.0, -50.0, -20.0, -17.0, -5.0, -0.5, 0.0, 0.5, 5.0, 17.0]
    values += [20.0, 50.0, 88.0, 100.0]
    z = np.array([v for v in values for _ in range(3)], dtype=dtype)
    y = np.array([0.0, 1.0, 0.3] * len(values), dtype=dtype)
    for alpha in (0.25, -1.0):
        got = to_numpy(
            clsloss.sigmoid_focal_loss(
                to_backend(z, backend),
                to_backend(y, backend),
                alpha=alpha,
                gamma=gamma,
            )
        )
        info = np.finfo(dtype)
        for z_n, y_n, got_n in zip(z, y, got, strict=True):
            exact = mp_sigmoid_focal(float(z_n), float(y_n), alpha, gamma)
            log_one_minus_p_t = abs(float(mpmath.log(1 - exact_p_t(z_n, y_n))))
            # exp(gamma log(1 - p_t)) turns the rounding of the log, about
            # eps |log(1 - p_t)|, into a relative error; below the smallest normal
            # float the result can only be compared absolutely.
            rtol = 4 * float(info.eps) * (8 + gamma * log_one_minus_p_t)
            assert abs(float(got_n) - float(exact)) <= rtol * float(exact) + float(
                info.tiny
            ), (z_n, y_n, alpha, got_n, exact)


def exact_p_t(z: float, y: float) -> Any:
    with mpmath.workdps(400):
        p = 1 / (1 + mpmath.exp(-mpmath.mpf(float(z))))
        return p * float(y) + (1 - p) * (1 - float(y))


def test_confident_prediction_is_not_rounded_to_zero(backend: str) -> None:
    z, y = np.array([20.0], dtype=np.float32), np.array([1.0], dtype=np.float32)
    naive = torchvision_transcription(
        torch.from_numpy(z), torch.from_numpy(y), 0.25, 2.0, "none"
    )
    assert naive.item() == 0.0  # torchvision's 1 - p_t rounds to 0 in float32
    got = float(
        to_numpy(
            clsloss.sigmoid_focal_loss(to_backend(z, backend), to_backend(y, backend))
        )[0]
    )
    exact = float(mp_sigmoid_focal(20.0, 1.0, 0.25, 2.0))
    assert got > 0
    assert abs(got - exact) <= 1e-5 * exact


@given(
    z=logits(np.float64, (3, 4), scale=30.0),
    hard=st.booleans(),
    reduction=st.sampled_from(REDUCTIONS),
    backend=backends,
)
def test_sigmoid_focal_loss_with_gamma_0_and_alpha_off_is_bce_with_logits(
    z: np.ndarray, hard: bool, reduction: str, backend: str
) -> None:
    y = (np.abs(z) % 1.0).round() if hard else np.abs(z) % 1.0
    expected = F.binary_cross_entropy_with_logits(
        torch.from_numpy(z), torch.from_numpy(y), reduction=reduction
    )
    got = clsloss.sigmoid_focal_loss(
        to_backend(z, backend),
        to_backend(y, backend),
        alpha=-1,
        gamma=0.0,
        reduction=reduction,
    )
    # It is clsloss's BCE itself, bit for bit, and torch's to rounding.
    bce = clsloss.binary_cross_entropy_with_logits(
        to_backend(z, backend), to_backend(y, backend), reduction=reduction
    )
    np.testing.assert_array_equal(to_numpy(got), to_numpy(bce))
    np.testing.assert_allclose(to_numpy(got), expected.numpy(), rtol=1e-13, atol=1e-12)


@given(case=binary_cases(scale=15.0))
def test_autograd_through_sigmoid_focal_loss_equals_torchvisions_formula(
    case: dict[str, Any],
) -> None:
    z, y, kwargs = case["input"], case["target"], case["kwargs"]
    t = torch.from_numpy(y.astype(np.float64))
    mine = torch.from_numpy(z.astype(np.float64)).requires_grad_(True)
    reference = torch.from_numpy(z.astype(np.float64)).requires_grad_(True)
    clsloss.sigmoid_focal_loss(mine, t, **kwargs).sum().backward()
    torchvision_transcription(reference, t, **kwargs).sum().backward()
    # (1 - p_t)^(gamma - 1) in torch's derivative amplifies its rounding of
    # 1 - p_t (about 1e-16 / (1 - p_t)) when gamma < 1.
    torch.testing.assert_close(mine.grad, reference.grad, rtol=1e-6, atol=1e-10)


def test_infinite_logits_give_the_limit(backend: str) -> None:
    inf = np.inf
    z = to_backend(np.array([inf, -inf, inf, -inf]), backend)
    y = to_backend(np.array([1.0, 0.0, 0.0, 1.0]), backend)
    for gamma in (0.0, 2.0):
        got = to_numpy(clsloss.sigmoid_focal_loss(z, y, alpha=-1, gamma=gamma))
        # Certain and right costs 0, certain and wrong infinity; gamma = 0 keeps
        # the factor 1 where 1 - p_t = 0.
        np.testing.assert_array_equal(got, [0.0, 0.0, inf, inf])


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_sigmoid_focal_loss_of_an_empty_batch_matches_torch(
    backend: str, reduction: str
) -> None:
    z, y = np.zeros((0, 3)), np.zeros((0, 3))
    expected = torchvision_transcription(
        torch.from_numpy(z), torch.from_numpy(y), 0.25, 2.0, reduction
    )
    got = clsloss.sigmoid_focal_loss(
        to_backend(z, backend), to_backend(y, backend), reduction=reduction
    )
    np.testing.assert_array_equal(to_numpy(got), expected.numpy())


def test_sigmoid_focal_loss_of_zero_dimensional_and_non_contiguous_inputs() -> None:
    z = torch.tensor([[0.5, -3.0, 2.0], [1.5, 0.25, -0.75]], dtype=torch.float64).T
    y = torch.tensor([[1.0, 0.0, 0.3], [0.0, 1.0, 1.0]], dtype=torch.float64).T
    assert not z.is_contiguous()
    expected = torchvision_transcription(z, y, 0.25, 2.0, "none")
    assert_close(clsloss.sigmoid_focal_loss(z, y), expected, np.float64)
    assert_close(clsloss.sigmoid_focal_loss(z.numpy(), y.numpy()), expected, np.float64)
    scalar = clsloss.sigmoid_focal_loss(z[0, 0], y[0, 0], reduction="mean")
    assert_close(scalar, expected[0, 0], np.float64)


# --- focal_loss -----------------------------------------------------------------------------------


def index_shape(shape: tuple[int, ...]) -> tuple[int, ...]:
    return () if len(shape) == 1 else (shape[0], *shape[2:])


@st.composite
def focal_cases(draw: st.DrawFn, scale: float = 20.0) -> dict[str, Any]:
    """An input, a target and the options of focal_loss and cross_entropy."""
    dtype = draw(dtypes)
    shape = draw(classification_shapes())
    num_classes = shape[0] if len(shape) == 1 else shape[1]
    x = draw(logits(dtype, shape, scale=scale))
    kwargs: dict[str, Any] = {"reduction": draw(st.sampled_from(REDUCTIONS))}
    if draw(st.booleans()):
        kwargs["weight"] = draw(
            arrays(dtype, (num_classes,), elements=st.floats(0.125, 5.0, width=32))
        )
    if draw(st.booleans()):
        raw = draw(arrays(np.float64, shape, elements=st.floats(0.0, 1.0))) + 1e-3
        class_axis = 0 if len(shape) == 1 else 1
        target = (raw / raw.sum(axis=class_axis, keepdims=True)).astype(dtype)
    else:
        target = np.asarray(
            draw(
                arrays(
                    np.int64,
                    index_shape(shape),
                    elements=st.integers(0, num_classes - 1),
                )
            )
        )
        if draw(st.booleans()):
            ignore_index = draw(st.sampled_from([-100, 255, num_classes - 1]))
            mask = draw(arrays(np.bool_, target.shape))
            target = np.asarray(np.where(mask, ignore_index, target))
            kwargs["ignore_index"] = ignore_index
    return {"input": x, "target": target, "kwargs": kwargs}


@given(case=focal_cases(), backend=backends)
def test_focal_loss_with_gamma_0_matches_torch_cross_entropy(
    case: dict[str, Any], backend: str
) -> None:
    x, target, kwargs = case["input"], case["target"], case["kwargs"]
    expected = F.cross_entropy(
        torch.from_numpy(x), torch.from_numpy(target), **torch_kwargs(kwargs)
    )
    got = clsloss.focal_loss(
        to_backend(x, backend),
        to_backend(target, backend),
        gamma=0.0,
        **backend_kwargs(kwargs, backend),
    )
    assert isinstance(got, torch.Tensor) == (backend == "torch")
    assert_close(got, expected, x.dtype)


@given(case=focal_cases(), gamma=st.sampled_from(GAMMAS[1:]), backend=backends)
def test_focal_loss_matches_a_float64_torch_transcription(
    case: dict[str, Any], gamma: float, backend: str
) -> None:
    x, target, kwargs = case["input"], case["target"], case["kwargs"]
    t = torch.from_numpy(target)
    if t.is_floating_point():
        t = t.double()
    expected = focal_transcription(
        torch.from_numpy(x).double(), t, gamma, **torch_kwargs(kwargs, np.float64)
    )
    got = clsloss.focal_loss(
        to_backend(x, backend),
        to_backend(target, backend),
        gamma=gamma,
        **backend_kwargs(kwargs, backend),
    )
    assert_close(got, expected.numpy().astype(x.dtype), x.dtype)


@pytest.mark.parametrize("gamma", GAMMAS)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_focal_loss_keeps_relative_accuracy_at_extreme_logits(
    gamma: float, dtype: Any, backend: str
) -> None:
    x = np.array(
        [
            [20.0, 0.0, 0.0],
            [100.0, 0.0, -5.0],
            [-50.0, 50.0, 0.0],
            [17.0, 17.0, -3.0],
            [0.3, -0.2, 0.1],
            [-100.0, 100.0, 99.0],
        ],
        dtype=dtype,
    )
    for label in range(3):
        target = np.full(len(x), label)
        got = to_numpy(
            clsloss.focal_loss(
                to_backend(x, backend),
                to_backend(target, backend),
                gamma=gamma,
                reduction="none",
            )
        )
        info = np.finfo(dtype)
        for row, got_n in zip(x, got, strict=True):
            exact = mp_focal(row, label, gamma)
            # As for the sigmoid focal loss: the exponent's rounding, about
            # eps (|log(1 - p_y)| + max |z|), becomes a relative error.
            bound = 8 + gamma * (float(np.max(np.abs(row))) + 8)
            rtol = 4 * float(info.eps) * bound
            assert abs(float(got_n) - float(exact)) <= rtol * abs(float(exact)) + float(
                info.tiny
            ), (row, label, got_n, exact)


def test_confident_focal_loss_is_not_rounded_to_zero(backend: str) -> None:
    x = np.array([[20.0, 0.0, 0.0]], dtype=np.float32)
    y = np.array([0])
    naive = focal_transcription(torch.from_numpy(x), torch.from_numpy(y), 2.0)
    assert naive.item() == 0.0  # 1 - p_y and log p_y both round to 0 in float32
    for gamma in (0.0, 2.0):
        got = float(
            to_numpy(
                clsloss.focal_loss(
                    to_backend(x, backend), to_backend(y, backend), gamma=gamma
                )
            )
        )
        exact = float(mp_focal(x[0], 0, gamma))
        assert abs(got - exact) <= 1e-5 * exact


def test_focal_loss_with_gamma_0_is_cross_entropy_to_rounding(backend: str) -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(size=(64, 7)) * 3
    target = rng.integers(0, 7, size=64)
    weight = rng.uniform(0.5, 2.0, size=7)
    for t in (target, np.eye(7)[target] * 0.9 + 0.1 / 7):
        got = to_numpy(
            clsloss.focal_loss(
                to_backend(x, backend),
                to_backend(t, backend),
                gamma=0.0,
                weight=to_backend(weight, backend),
                reduction="none",
            )
        )
        expected = to_numpy(
            clsloss.cross_entropy(
                to_backend(x, backend),
                to_backend(t, backend),
                weight=to_backend(weight, backend),
                reduction="none",
            )
        )
        # Not bit for bit: log p of the top class is log_sigmoid of its margin,
        # not z minus the logsumexp. The two differ by a few ulps.
        np.testing.assert_allclose(got, expected, rtol=4e-15, atol=4e-15)


@given(case=focal_cases(scale=10.0), gamma=st.sampled_from([0.0, 1.0, 2.0, 3.5]))
def test_autograd_through_focal_loss_equals_torch_transcription(
    case: dict[str, Any], gamma: float
) -> None:
    x, target, kwargs = case["input"], case["target"], case["kwargs"]
    t = torch.from_numpy(target)
    if t.is_floating_point():
        class_axis = 0 if x.ndim == 1 else 1
        t64 = target.astype(np.float64)
        t = torch.from_numpy(t64 / t64.sum(axis=class_axis, keepdims=True))
    tk = torch_kwargs(kwargs, np.float64)
    mine = torch.from_numpy(x.astype(np.float64)).requires_grad_(True)
    reference = torch.from_numpy(x.astype(np.float64)).requires_grad_(True)
    clsloss.focal_loss(mine, t, gamma=gamma, **tk).sum().backward()
    focal_transcription(reference, t, gamma, **tk).sum().backward()
    torch.testing.assert_close(mine.grad, reference.grad, rtol=1e-9, atol=1e-12)


def test_autograd_with_tied_top_logits_equals_torch_transcription() -> None:
    x = np.array([[2.0, 2.0, -1.0], [0.0, 0.0, 0.0], [5.0, 5.0, 5.0]])
    target = torch.tensor([0, 2, 1])
    mine = torch.from_numpy(x).requires_grad_(True)
    reference = torch.from_numpy(x).requires_grad_(True)
    clsloss.focal_loss(mine, target).backward()
    focal_transcription(reference, target, 2.0).backward()
    torch.testing.assert_close(mine.grad, reference.grad, rtol=1e-12, atol=1e-14)


def test_one_class_costs_zero_with_zero_gradient() -> None:
    x = torch.tensor([[3.0], [-2.0]], dtype=torch.float64, requires_grad=True)
    loss = clsloss.focal_loss(x, torch.tensor([0, 0]))
    loss.backward()
    # p = 1 for the only class: (1 - 1)^gamma log 1 = 0, and so is its slope.
    assert loss.item() == 0.0
    np.testing.assert_array_equal(x.grad.numpy(), [[0.0], [0.0]])


def test_mean_over_only_ignored_targets_is_nan_like_torch(backend: str) -> None:
    x = np.zeros((3, 4))
    target = np.full(3, -100)
    assert torch.isnan(F.cross_entropy(torch.from_numpy(x), torch.from_numpy(target)))
    got = clsloss.focal_loss(to_backend(x, backend), to_backend(target, backend))
    assert np.isnan(to_numpy(got))


@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_focal_loss_of_an_empty_batch_matches_torch(
    backend: str, reduction: str
) -> None:
    x, target = np.zeros((0, 4)), np.zeros(0, dtype=np.int64)
    expected = F.cross_entropy(
        torch.from_numpy(x), torch.from_numpy(target), reduction=reduction
    )
    got = clsloss.focal_loss(
        to_backend(x, backend), to_backend(target, backend), reduction=reduction
    )
    np.testing.assert_array_equal(to_numpy(got), expected.numpy())
    none = clsloss.focal_loss(
        to_backend(x, backend), to_backend(target, backend), reduction="none"
    )
    assert tuple(none.shape) == (0,)


def test_focal_loss_of_non_contiguous_and_unbatched_inputs() -> None:
    x = torch.tensor(
        [[0.5, -3.0, 2.0, 0.1], [1.5, 0.25, -0.75, 4.0]], dtype=torch.float64
    ).T
    assert not x.is_contiguous()
    target = torch.tensor([1, 0, 0, 1])
    expected = focal_transcription(x, target, 2.0)
    assert_close(clsloss.focal_loss(x, target), expected, np.float64)
    assert_close(clsloss.focal_loss(x.numpy(), target.numpy()), expected, np.float64)
    unbatched = clsloss.focal_loss(x[0], target[0])
    assert_close(unbatched, focal_transcription(x[0], target[0], 2.0), np.float64)


# --- bad input ------------------------------------------------------------------------------------

X = np.array([[-1.9609, -0.2974, 0.1152], [0.5912, 1.7348, -2.4041]])
Y = np.array([0, 2])
B = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: clsloss.focal_loss(X, Y, gamma=-1.0),
            ValueError,
            r"gamma must be a finite float >= 0, got -1.0",
        ),
        (
            lambda: clsloss.focal_loss(X, Y, gamma=float("inf")),
            ValueError,
            r"gamma must be a finite float >= 0, got inf",
        ),
        (
            lambda: clsloss.focal_loss(X, Y, gamma="2"),
            TypeError,
            r"gamma must be a float >= 0, got str '2'",
        ),
        (
            lambda: clsloss.sigmoid_focal_loss(X, B, gamma=-0.5),
            ValueError,
            r"gamma must be a finite float >= 0, got -0.5",
        ),
        (
            lambda: clsloss.sigmoid_focal_loss(X, B, alpha=1.5),
            ValueError,
            (
                r"alpha must lie in \[0, 1\], or be -1 to turn the class balance "
                r"off, got 1.5"
            ),
        ),
        (
            lambda: clsloss.sigmoid_focal_loss(X, B, alpha=-0.25),
            ValueError,
            r"or be -1 to turn the class balance off, got -0.25",
        ),
        (
            lambda: clsloss.sigmoid_focal_loss(X, B, alpha=True),
            TypeError,
            r"alpha must be a float in \[0, 1\] or -1, got bool True",
        ),
        (
            lambda: clsloss.sigmoid_focal_loss(X, B.astype(int)),
            TypeError,
            r"target must have a real floating dtype.*target.float\(\)",
        ),
        (
            lambda: clsloss.sigmoid_focal_loss(X, B * 2),
            ValueError,
            r"target must lie in \[0, 1\]",
        ),
        (
            lambda: clsloss.sigmoid_focal_loss(X, B[:, :1]),
            ValueError,
            r"target must have the shape of input \(2, 3\), got \(2, 1\)",
        ),
        (
            lambda: clsloss.sigmoid_focal_loss(X, B.astype(np.float32)),
            TypeError,
            r"target must have the dtype of input \(float64\), got float32",
        ),
        (
            lambda: clsloss.sigmoid_focal_loss(X, B, reduction="batchmean"),
            ValueError,
            r'reduction must be one of "none", "mean" or "sum"',
        ),
        (
            lambda: clsloss.focal_loss(X, Y.astype(float)),
            TypeError,
            r"class indices, which must have an integer dtype, got float64",
        ),
        (
            lambda: clsloss.focal_loss(X, Y[:, None]),
            ValueError,
            r"squeeze\(1\)",
        ),
        (
            lambda: clsloss.focal_loss(X, np.array([0, 3])),
            ValueError,
            r"must lie in \[0, 3\) or equal ignore_index=-100",
        ),
        (
            lambda: clsloss.focal_loss(X, B + B[:, ::-1]),
            ValueError,
            r"sum to 1.*binary_cross_entropy_with_logits",
        ),
        (
            lambda: clsloss.focal_loss(X, Y, weight=np.ones(3, dtype=np.float32)),
            TypeError,
            r"weight must have the dtype of input \(float64\), got float32",
        ),
        (
            lambda: clsloss.focal_loss(X.astype(int), Y),
            TypeError,
            r"input must have a real floating dtype",
        ),
        (
            lambda: clsloss.focal_loss(np.array(1.0), np.array(0)),
            ValueError,
            r"must have a class axis",
        ),
    ],
    ids=lambda v: "" if callable(v) else None,
)
def test_bad_input_raises_a_clear_error(
    call: Any, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        call()
