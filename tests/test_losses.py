"""Tests of clsloss.losses against torch.nn.functional, mpmath and invariants."""

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


def index_shape(shape: tuple[int, ...]) -> tuple[int, ...]:
    """The shape of class-index targets for an input of `shape`."""
    return shape[1:2][:0] if len(shape) == 1 else (shape[0], *shape[2:])


@st.composite
def cross_entropy_cases(
    draw: st.DrawFn, *, probabilities_allowed: bool = True
) -> dict[str, Any]:
    """An input, a target and options for cross_entropy or nll_loss."""
    dtype = draw(dtypes)
    shape = draw(classification_shapes())
    num_classes = shape[0] if len(shape) == 1 else shape[1]
    x = draw(logits(dtype, shape))
    kwargs: dict[str, Any] = {"reduction": draw(st.sampled_from(REDUCTIONS))}
    if draw(st.booleans()):
        weight = draw(
            arrays(dtype, (num_classes,), elements=st.floats(0.125, 5.0, width=32))
        )
        kwargs["weight"] = weight
    probability = probabilities_allowed and draw(st.booleans())
    if probability:
        raw = draw(arrays(np.float64, shape, elements=st.floats(0.0, 1.0)))
        raw = raw + 1e-3
        class_axis = 0 if len(shape) == 1 else 1
        target = (raw / raw.sum(axis=class_axis, keepdims=True)).astype(dtype)
    else:
        target = draw(
            arrays(
                np.int64, index_shape(shape), elements=st.integers(0, num_classes - 1)
            )
        )
        if draw(st.booleans()):
            ignore_index = draw(st.sampled_from([-100, 255, num_classes - 1]))
            mask = draw(arrays(np.bool_, target.shape))
            target = np.where(mask, ignore_index, target)
            kwargs["ignore_index"] = ignore_index
    return {"input": x, "target": target, "kwargs": kwargs}


@given(
    case=cross_entropy_cases(),
    label_smoothing=st.sampled_from([0.0, 0.1, 0.73, 1.0]),
    backend=backends,
)
def test_cross_entropy_matches_torch_with_every_option(
    case: dict[str, Any], label_smoothing: float, backend: str
) -> None:
    x, target, kwargs = case["input"], case["target"], case["kwargs"]
    kwargs = {**kwargs, "label_smoothing": label_smoothing}
    expected = F.cross_entropy(
        torch.from_numpy(x), torch.from_numpy(target), **torch_kwargs(kwargs)
    )
    got = clsloss.cross_entropy(
        to_backend(x, backend),
        to_backend(target, backend),
        **backend_kwargs(kwargs, backend),
    )
    assert isinstance(got, torch.Tensor) == (backend == "torch")
    assert_close(got, expected, x.dtype)


@given(case=cross_entropy_cases(probabilities_allowed=False), backend=backends)
def test_nll_loss_matches_torch_with_every_option(
    case: dict[str, Any], backend: str
) -> None:
    x, target, kwargs = case["input"], case["target"], case["kwargs"]
    class_axis = 0 if x.ndim == 1 else 1
    log_p = torch.log_softmax(torch.from_numpy(x), dim=class_axis)
    expected = F.nll_loss(log_p, torch.from_numpy(target), **torch_kwargs(kwargs))
    got = clsloss.nll_loss(
        to_backend(log_p.numpy(), backend),
        to_backend(target, backend),
        **backend_kwargs(kwargs, backend),
    )
    assert_close(got, expected, x.dtype)


@given(case=cross_entropy_cases(probabilities_allowed=False))
def test_cross_entropy_is_nll_loss_of_log_softmax(case: dict[str, Any]) -> None:
    x, target, kwargs = case["input"], case["target"], case["kwargs"]
    class_axis = 0 if x.ndim == 1 else 1
    composed = clsloss.nll_loss(
        clsloss.log_softmax(x, axis=class_axis), target, **kwargs
    )
    assert_close(clsloss.cross_entropy(x, target, **kwargs), composed, x.dtype)


@pytest.mark.parametrize("dtype", [np.uint8, np.int8, np.int16, np.int32, np.int64])
def test_cross_entropy_accepts_every_integer_dtype(dtype: Any, backend: str) -> None:
    x = np.array([[-1.9609, -0.2974, 0.1152], [0.5912, 1.7348, -2.4041]])
    target = np.array([0, 2], dtype=dtype)
    expected = F.cross_entropy(torch.from_numpy(x), torch.tensor([0, 2]))
    assert_close(
        clsloss.cross_entropy(to_backend(x, backend), to_backend(target, backend)),
        expected,
        x.dtype,
    )


# --- binary cross-entropy ---------------------------------------------------------------


@st.composite
def binary_cases(draw: st.DrawFn) -> dict[str, Any]:
    """Logits, targets in [0, 1] and broadcastable weights for the BCE losses."""
    dtype = draw(dtypes)
    shape = draw(array_shapes(min_dims=1, max_dims=4, min_side=1, max_side=4))
    x = draw(logits(dtype, shape, scale=30.0))
    hard = draw(st.booleans())
    elements = st.sampled_from([0.0, 1.0]) if hard else st.floats(0.0, 1.0, width=32)
    target = draw(arrays(dtype, shape, elements=elements))
    kwargs: dict[str, Any] = {"reduction": draw(st.sampled_from(REDUCTIONS))}
    for name in ("weight", "pos_weight"):
        if draw(st.booleans()):
            # Any trailing part of the shape, with some axes set to 1, broadcasts.
            ndim = draw(st.integers(0, len(shape)))
            weight_shape = tuple(
                s if draw(st.booleans()) else 1 for s in shape[len(shape) - ndim :]
            )
            kwargs[name] = draw(
                arrays(dtype, weight_shape, elements=st.floats(0.125, 5.0, width=32))
            )
    return {"input": x, "target": target, "kwargs": kwargs}


@given(case=binary_cases(), backend=backends)
def test_bce_with_logits_matches_torch_with_every_option(
    case: dict[str, Any], backend: str
) -> None:
    x, target, kwargs = case["input"], case["target"], case["kwargs"]
    expected = F.binary_cross_entropy_with_logits(
        torch.from_numpy(x), torch.from_numpy(target), **torch_kwargs(kwargs)
    )
    got = clsloss.binary_cross_entropy_with_logits(
        to_backend(x, backend),
        to_backend(target, backend),
        **backend_kwargs(kwargs, backend),
    )
    # torch computes (1 - y) x + ... whose rounding grows with |x|: compare at that scale.
    scale = max(1.0, float(np.max(np.abs(x)))) if x.size else 1.0
    actual_np, expected_np = to_numpy(got), expected.numpy()
    assert actual_np.dtype == x.dtype
    assert actual_np.shape == expected_np.shape
    eps = float(np.finfo(x.dtype).eps)
    weight_scale = float(np.max(kwargs.get("weight", 1.0))) * float(
        np.max(kwargs.get("pos_weight", 1.0))
    )
    np.testing.assert_allclose(
        actual_np,
        expected_np,
        rtol=16 * eps,
        atol=16 * eps * scale * weight_scale * max(1, x.size),
    )


@given(case=binary_cases(), backend=backends)
def test_bce_matches_torch_with_every_option(
    case: dict[str, Any], backend: str
) -> None:
    x, target, kwargs = case["input"], case["target"], case["kwargs"]
    kwargs.pop("pos_weight", None)
    p = torch.sigmoid(torch.from_numpy(x)).numpy()
    expected = F.binary_cross_entropy(
        torch.from_numpy(p), torch.from_numpy(target), **torch_kwargs(kwargs)
    )
    got = clsloss.binary_cross_entropy(
        to_backend(p, backend),
        to_backend(target, backend),
        **backend_kwargs(kwargs, backend),
    )
    assert_close(got, expected, x.dtype)


def test_bce_clamps_the_log_at_minus_100_like_torch(backend: str) -> None:
    p = np.array([0.0, 1.0, 0.0, 1.0])
    y = np.array([1.0, 0.0, 0.0, 1.0])
    got = clsloss.binary_cross_entropy(
        to_backend(p, backend), to_backend(y, backend), reduction="none"
    )
    # Derived by hand: a certain mistake costs the clamp, 100; a certain hit costs 0.
    np.testing.assert_array_equal(to_numpy(got), [100.0, 100.0, 0.0, 0.0])


@given(
    x=logits(np.float64, (12,), scale=10.0),
    y=arrays(np.float64, (12,), elements=st.floats(0, 1)),
)
def test_bce_with_logits_is_bce_of_sigmoid(x: np.ndarray, y: np.ndarray) -> None:
    # BCE of sigmoid loses about eps / sigmoid(-|x|) to rounding: 1e-12 at |x| = 10.
    np.testing.assert_allclose(
        clsloss.binary_cross_entropy_with_logits(x, y, reduction="none"),
        clsloss.binary_cross_entropy(clsloss.sigmoid(x), y, reduction="none"),
        rtol=1e-9,
        atol=1e-12,
    )


# --- extreme and infinite logits -----------------------------------------------------------


def mp_bce_with_logits(x: float, y: float) -> float:
    x_mp, y_mp = mpmath.mpf(x), mpmath.mpf(y)
    log_sigmoid = lambda v: -mpmath.log1p(mpmath.exp(-v))
    return float(-(y_mp * log_sigmoid(x_mp) + (1 - y_mp) * log_sigmoid(-x_mp)))


@pytest.mark.parametrize(("dtype", "scale"), [(np.float32, 1e4), (np.float64, 1e300)])
def test_losses_are_finite_and_exact_at_extreme_logits(
    dtype: Any, scale: float, backend: str
) -> None:
    rng = np.random.default_rng(1)
    x = (rng.uniform(-1, 1, size=(16, 4)) * scale).astype(dtype)
    x[:4, 0] = scale
    x[4:8, 1] = -scale
    target = rng.integers(0, 4, size=16)
    losses = to_numpy(
        clsloss.cross_entropy(
            to_backend(x, backend), to_backend(target, backend), reduction="none"
        )
    )
    assert np.all(np.isfinite(losses))
    eps = float(np.finfo(dtype).eps)
    for row, t, got in zip(x, target, losses, strict=True):
        exact = mpmath.log(
            mpmath.fsum(mpmath.exp(mpmath.mpf(float(v))) for v in row)
        ) - mpmath.mpf(float(row[t]))
        assert abs(float(got) - float(exact)) <= 8 * eps * max(
            float(exact), float(np.max(np.abs(row))) * 1e-300 + 1.0
        )
    y = rng.uniform(0, 1, size=x.shape).astype(dtype)
    y[:, 0] = np.round(y[:, 0])
    bce = to_numpy(
        clsloss.binary_cross_entropy_with_logits(
            to_backend(x, backend), to_backend(y, backend), reduction="none"
        )
    )
    assert np.all(np.isfinite(bce))
    expected = np.array(
        [
            [mp_bce_with_logits(float(a), float(b)) for a, b in zip(r, s, strict=True)]
            for r, s in zip(x, y, strict=True)
        ]
    )
    np.testing.assert_allclose(bce, expected, rtol=8 * eps, atol=8 * eps)


def test_infinite_logits_give_the_mathematical_limit(backend: str) -> None:
    inf = np.inf
    x = to_backend(np.array([inf, -inf, inf, -inf]), backend)
    y = to_backend(np.array([1.0, 0.0, 0.0, 1.0]), backend)
    got = to_numpy(clsloss.binary_cross_entropy_with_logits(x, y, reduction="none"))
    # Certain and right costs 0; certain and wrong costs infinity (torch gives nan).
    np.testing.assert_array_equal(got, [0.0, 0.0, inf, inf])
    logits_inf = to_backend(np.array([[inf, 1.0, 0.0], [inf, 1.0, 0.0]]), backend)
    target = to_backend(np.array([0, 1]), backend)
    np.testing.assert_array_equal(
        to_numpy(clsloss.cross_entropy(logits_inf, target, reduction="none")),
        [0.0, inf],
    )
    one_hot = to_backend(np.array([[1.0, 0.0, 0.0], [1.0, 0.0, 0.0]]), backend)
    np.testing.assert_array_equal(
        to_numpy(clsloss.cross_entropy(logits_inf, one_hot, reduction="none")),
        [0.0, 0.0],
    )


def test_mean_over_only_ignored_targets_is_nan_like_torch(backend: str) -> None:
    x = np.zeros((3, 4))
    target = np.full(3, -100)
    expected = F.cross_entropy(torch.from_numpy(x), torch.from_numpy(target))
    assert torch.isnan(expected)
    got = clsloss.cross_entropy(to_backend(x, backend), to_backend(target, backend))
    assert np.isnan(to_numpy(got))
    assert np.isnan(
        to_numpy(clsloss.nll_loss(to_backend(x, backend), to_backend(target, backend)))
    )


def test_reductions_relate_as_documented() -> None:
    x = np.array(
        [[-1.9609, -0.2974, 0.1152], [0.5912, 1.7348, -2.4041], [0.3, 0.2, 0.1]]
    )
    target = np.array([0, 2, 1])
    weight = np.array([1.0, 2.0, 3.0])
    none = clsloss.cross_entropy(x, target, weight=weight, reduction="none")
    assert clsloss.cross_entropy(
        x, target, weight=weight, reduction="sum"
    ) == pytest.approx(none.sum())
    # The weighted mean divides by the weights of the true classes, not by N.
    assert clsloss.cross_entropy(x, target, weight=weight) == pytest.approx(
        none.sum() / 6.0
    )
    assert clsloss.cross_entropy(x, target, weight=weight) != pytest.approx(none.mean())


# --- autograd -----------------------------------------------------------------------------------


@given(case=cross_entropy_cases(), label_smoothing=st.sampled_from([0.0, 0.2]))
def test_autograd_through_cross_entropy_equals_torch(
    case: dict[str, Any], label_smoothing: float
) -> None:
    x, target, kwargs = (
        case["input"],
        case["target"],
        {**case["kwargs"], "label_smoothing": label_smoothing},
    )
    tk = torch_kwargs(kwargs)
    mine = torch.from_numpy(x.astype(np.float64)).requires_grad_(True)
    reference = torch.from_numpy(x.astype(np.float64)).requires_grad_(True)
    if target.dtype != np.int64:  # probabilities: renormalise in float64
        class_axis = 0 if x.ndim == 1 else 1
        target = target.astype(np.float64)
        target = target / target.sum(axis=class_axis, keepdims=True)
    t = torch.from_numpy(target)
    tk = {k: v.double() if isinstance(v, torch.Tensor) else v for k, v in tk.items()}
    clsloss.cross_entropy(mine, t, **tk).sum().backward()
    F.cross_entropy(reference, t, **tk).sum().backward()
    torch.testing.assert_close(mine.grad, reference.grad, rtol=1e-10, atol=1e-12)


@given(case=binary_cases())
def test_autograd_through_bce_with_logits_equals_torch(case: dict[str, Any]) -> None:
    x, target, kwargs = case["input"], case["target"], case["kwargs"]
    tk = {
        k: v.double() if isinstance(v, torch.Tensor) else v
        for k, v in torch_kwargs(kwargs).items()
    }
    t = torch.from_numpy(target.astype(np.float64))
    mine = torch.from_numpy(x.astype(np.float64)).requires_grad_(True)
    reference = torch.from_numpy(x.astype(np.float64)).requires_grad_(True)
    clsloss.binary_cross_entropy_with_logits(mine, t, **tk).sum().backward()
    F.binary_cross_entropy_with_logits(reference, t, **tk).sum().backward()
    torch.testing.assert_close(mine.grad, reference.grad, rtol=1e-10, atol=1e-12)


def test_a_model_trains_with_clsloss_cross_entropy() -> None:
    torch.manual_seed(0)
    x = torch.randn(64, 5)
    y = (x[:, 0] > 0).long() + (x[:, 1] > 0).long()
    model = torch.nn.Linear(5, 3)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
    losses = []
    for _ in range(50):
        optimizer.zero_grad()
        loss = clsloss.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    assert losses[-1] < 0.5 * losses[0]


# --- bad input ------------------------------------------------------------------------------------

X = np.array([[-1.9609, -0.2974, 0.1152], [0.5912, 1.7348, -2.4041]])
Y = np.array([0, 2])
P = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: clsloss.cross_entropy(X, Y.astype(float)),
            TypeError,
            r"class indices, which must have an integer dtype, got float64",
        ),
        (
            lambda: clsloss.cross_entropy(X, np.array([0, 3])),
            ValueError,
            r"must lie in \[0, 3\) or equal ignore_index=-100, got values from 3 to 3",
        ),
        (
            lambda: clsloss.cross_entropy(X, np.array([-1, 0])),
            ValueError,
            r"got values from -1 to -1",
        ),
        (
            lambda: clsloss.nll_loss(X, np.array([0, 255])),
            ValueError,
            r"mask values such as 255",
        ),
        (
            lambda: clsloss.cross_entropy(X, np.array([0, 2, 1])),
            ValueError,
            r"target must have shape \(2,\) .* got \(3,\)",
        ),
        (lambda: clsloss.cross_entropy(X, Y[:, None]), ValueError, r"squeeze\(1\)"),
        (
            lambda: clsloss.cross_entropy(
                np.zeros((2, 5, 3)), np.zeros((2, 5), dtype=int)
            ),
            ValueError,
            r"got \(2, 5\)",
        ),
        (
            lambda: clsloss.cross_entropy(
                np.zeros((2, 4, 3)), np.zeros((2, 4, 3)) + 1 / 3
            ),
            ValueError,
            r"sum to 1",
        ),
        (
            lambda: clsloss.cross_entropy(
                X, np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]])
            ),
            ValueError,
            r"binary_cross_entropy_with_logits",
        ),
        (
            lambda: clsloss.cross_entropy(X, P.astype(int)),
            TypeError,
            r"read as class probabilities",
        ),
        (
            lambda: clsloss.cross_entropy(X, P, ignore_index=255),
            ValueError,
            r"ignore_index applies to class-index targets only",
        ),
        (
            lambda: clsloss.cross_entropy(X, Y, reduction="average"),
            ValueError,
            r'reduction must be one of "none", "mean" or "sum", got \'average\'',
        ),
        (
            lambda: clsloss.cross_entropy(X, Y, label_smoothing=1.5),
            ValueError,
            r"label_smoothing must lie in \[0, 1\], got 1.5",
        ),
        (
            lambda: clsloss.cross_entropy(X, Y, weight=np.ones(4)),
            ValueError,
            r"weight must have shape \(3,\).* got shape \(4,\)",
        ),
        (
            lambda: clsloss.cross_entropy(X, Y, weight=np.ones(3, dtype=np.float32)),
            TypeError,
            r"weight must have the dtype of input \(float64\), got float32",
        ),
        (
            lambda: clsloss.cross_entropy(np.array(1.0), np.array(0)),
            ValueError,
            r"must have a class axis",
        ),
        (
            lambda: clsloss.cross_entropy(X, torch.tensor([0, 2])),
            TypeError,
            r"same array library",
        ),
        (
            lambda: clsloss.nll_loss(X, P),
            ValueError,
            r"nll_loss takes class indices of shape \(2,\)",
        ),
        (
            lambda: clsloss.binary_cross_entropy(X, P),
            ValueError,
            r"input must lie in \[0, 1\].*binary_cross_entropy_with_logits",
        ),
        (
            lambda: clsloss.binary_cross_entropy(P, P * 2),
            ValueError,
            r"target must lie in \[0, 1\], got 2 entries outside it, from 2.0 to 2.0",
        ),
        (
            lambda: clsloss.binary_cross_entropy_with_logits(X, P * 2 - 0.5),
            ValueError,
            r"target must lie in \[0, 1\]",
        ),
        (
            lambda: clsloss.binary_cross_entropy_with_logits(X, P.astype(int)),
            TypeError,
            r"target must have a real floating dtype.*target.float\(\)",
        ),
        (
            lambda: clsloss.binary_cross_entropy_with_logits(X, P[:, :1]),
            ValueError,
            r"target must have the shape of input \(2, 3\), got \(2, 1\)",
        ),
        (
            lambda: clsloss.binary_cross_entropy_with_logits(
                X, P, pos_weight=np.ones(2)
            ),
            ValueError,
            r"pos_weight must broadcast to the shape of input \(2, 3\), got shape \(2,\)",
        ),
        (
            lambda: clsloss.binary_cross_entropy_with_logits(
                np.zeros((1, 3, 2, 2)), np.zeros((1, 3, 2, 2)), pos_weight=np.ones(3)
            ),
            ValueError,
            r"\(C, 1, 1\)",
        ),
        (
            lambda: clsloss.binary_cross_entropy_with_logits(
                X, P, weight=np.ones((3, 3))
            ),
            ValueError,
            r"weight must broadcast",
        ),
        (
            lambda: clsloss.binary_cross_entropy(P, P, reduction=None),
            ValueError,
            r"reduction must be one of",
        ),
    ],
    ids=lambda v: "" if callable(v) else None,
)
def test_bad_input_raises_a_clear_error(
    call: Any, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        call()


def test_error_messages_name_torch_dtypes_for_tensors() -> None:
    with pytest.raises(TypeError, match=r"got torch.float32"):
        clsloss.cross_entropy(torch.zeros(2, 3), torch.zeros(2))


@pytest.mark.parametrize(
    ("ours", "theirs", "target"),
    [
        (clsloss.cross_entropy, F.cross_entropy, np.zeros(0, dtype=np.int64)),
        (clsloss.nll_loss, F.nll_loss, np.zeros(0, dtype=np.int64)),
        (
            clsloss.binary_cross_entropy_with_logits,
            F.binary_cross_entropy_with_logits,
            np.zeros((0, 3)),
        ),
    ],
)
def test_the_mean_of_an_empty_batch_is_nan_like_torch(
    ours: Any, theirs: Any, target: np.ndarray, backend: str
) -> None:
    x = np.zeros((0, 3))
    expected = theirs(torch.from_numpy(x), torch.from_numpy(target))
    assert bool(torch.isnan(expected))
    got = ours(to_backend(x, backend), to_backend(target, backend))
    assert np.isnan(to_numpy(got))
    assert to_numpy(ours(x, target, reduction="sum")) == 0.0
