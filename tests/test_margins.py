"""Tests of clsloss.margins against torch.nn.functional, mpmath and invariants."""

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
FUNCTIONS = {
    "multi_margin_loss": (clsloss.multi_margin_loss, F.multi_margin_loss),
    "multilabel_margin_loss": (
        clsloss.multilabel_margin_loss,
        F.multilabel_margin_loss,
    ),
    "multilabel_soft_margin_loss": (
        clsloss.multilabel_soft_margin_loss,
        F.multilabel_soft_margin_loss,
    ),
    "soft_margin_loss": (clsloss.soft_margin_loss, F.soft_margin_loss),
}


@st.composite
def margin_shapes(draw: st.DrawFn) -> tuple[int, ...]:
    """Input shapes of the margin losses: (C,) unbatched or (N, C) batched."""
    num_classes = draw(st.integers(1, 6))
    if draw(st.booleans()):
        return (num_classes,)
    return (draw(st.integers(1, 5)), num_classes)


@st.composite
def multilabel_rows(draw: st.DrawFn, num_classes: int) -> list[int]:
    """One target row of multilabel_margin_loss: true classes, -1, then anything."""
    length = draw(st.integers(0, num_classes))
    # Duplicates allowed: torch counts a class listed twice twice.
    listed = draw(
        st.lists(st.integers(0, num_classes - 1), min_size=length, max_size=length)
    )
    if length == num_classes:
        return listed
    tail = draw(
        st.lists(
            st.integers(-1, num_classes - 1),
            min_size=num_classes - length - 1,
            max_size=num_classes - length - 1,
        )
    )
    return [*listed, -1, *tail]


@st.composite
def multi_margin_cases(draw: st.DrawFn) -> dict[str, Any]:
    """Logits, class indices and every option of multi_margin_loss."""
    dtype = draw(dtypes)
    shape = draw(margin_shapes())
    num_classes = shape[-1]
    # Logits of a few units: hinge terms both active and inactive.
    x = draw(logits(dtype, shape, scale=4.0))
    target = draw(
        arrays(np.int64, shape[:-1], elements=st.integers(0, num_classes - 1))
    )
    kwargs: dict[str, Any] = {
        "p": draw(st.sampled_from([1, 2])),
        "margin": draw(
            st.one_of(
                st.sampled_from([1.0, 0.0, -0.5, 2]),
                st.floats(-3.0, 3.0, width=32),
            )
        ),
        "reduction": draw(st.sampled_from(REDUCTIONS)),
    }
    if draw(st.booleans()):
        kwargs["weight"] = draw(
            arrays(dtype, (num_classes,), elements=st.floats(0.125, 5.0, width=32))
        )
    return {"input": x, "target": target, "kwargs": kwargs}


@st.composite
def multilabel_margin_cases(draw: st.DrawFn) -> dict[str, Any]:
    """Logits and -1-terminated class lists for multilabel_margin_loss."""
    dtype = draw(dtypes)
    shape = draw(margin_shapes())
    x = draw(logits(dtype, shape, scale=4.0))
    num_rows = int(np.prod(shape[:-1], dtype=np.int64))
    rows = [draw(multilabel_rows(shape[-1])) for _ in range(num_rows)]
    target = np.array(rows, dtype=np.int64).reshape(shape)
    return {
        "input": x,
        "target": target,
        "kwargs": {"reduction": draw(st.sampled_from(REDUCTIONS))},
    }


@st.composite
def multilabel_soft_margin_cases(draw: st.DrawFn) -> dict[str, Any]:
    """Logits, targets in [0, 1] and broadcastable weights."""
    dtype = draw(dtypes)
    shape = draw(margin_shapes())
    x = draw(logits(dtype, shape, scale=30.0))
    hard = draw(st.booleans())
    elements = st.sampled_from([0.0, 1.0]) if hard else st.floats(0.0, 1.0, width=32)
    target = draw(arrays(dtype, shape, elements=elements))
    kwargs: dict[str, Any] = {"reduction": draw(st.sampled_from(REDUCTIONS))}
    if draw(st.booleans()):
        # One weight per class (C,), per sample (N, 1), per element, or a scalar.
        ndim = draw(st.integers(0, len(shape)))
        weight_shape = tuple(
            s if draw(st.booleans()) else 1 for s in shape[len(shape) - ndim :]
        )
        kwargs["weight"] = draw(
            arrays(dtype, weight_shape, elements=st.floats(0.125, 5.0, width=32))
        )
    return {"input": x, "target": target, "kwargs": kwargs}


@st.composite
def soft_margin_cases(draw: st.DrawFn) -> dict[str, Any]:
    """Logits of any shape (0-d included) and labels -1 or +1."""
    dtype = draw(dtypes)
    shape = draw(array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=4))
    x = draw(logits(dtype, shape, scale=30.0))
    target = draw(arrays(dtype, shape, elements=st.sampled_from([-1.0, 1.0])))
    return {
        "input": x,
        "target": target,
        "kwargs": {"reduction": draw(st.sampled_from(REDUCTIONS))},
    }


def check_matches_torch(name: str, case: dict[str, Any], backend: str) -> None:
    ours, theirs = FUNCTIONS[name]
    x, target, kwargs = case["input"], case["target"], case["kwargs"]
    expected = theirs(
        torch.from_numpy(x), torch.from_numpy(target), **torch_kwargs(kwargs)
    )
    got = ours(
        to_backend(x, backend),
        to_backend(target, backend),
        **backend_kwargs(kwargs, backend),
    )
    assert isinstance(got, torch.Tensor) == (backend == "torch")
    assert_close(got, expected, x.dtype)


@given(case=multi_margin_cases(), backend=backends)
def test_multi_margin_loss_matches_torch_with_every_option(
    case: dict[str, Any], backend: str
) -> None:
    check_matches_torch("multi_margin_loss", case, backend)


@given(case=multilabel_margin_cases(), backend=backends)
def test_multilabel_margin_loss_matches_torch_with_every_option(
    case: dict[str, Any], backend: str
) -> None:
    check_matches_torch("multilabel_margin_loss", case, backend)


@given(case=multilabel_soft_margin_cases(), backend=backends)
def test_multilabel_soft_margin_loss_matches_torch_with_every_option(
    case: dict[str, Any], backend: str
) -> None:
    check_matches_torch("multilabel_soft_margin_loss", case, backend)


@given(case=soft_margin_cases(), backend=backends)
def test_soft_margin_loss_matches_torch_with_every_option(
    case: dict[str, Any], backend: str
) -> None:
    check_matches_torch("soft_margin_loss", case, backend)


@pytest.mark.parametrize("dtype", [np.int8, np.int16, np.int32, np.int64])
def test_margin_losses_accept_every_signed_integer_dtype(
    dtype: Any, backend: str
) -> None:
    x = np.array([[0.1, 0.2, 0.4, 0.8], [1.0, -1.0, 0.5, 0.0]])
    indices = np.array([3, 0])
    lists = np.array([[3, 0, -1, 1], [2, -1, 0, 0]])
    assert_close(
        clsloss.multi_margin_loss(
            to_backend(x, backend), to_backend(indices.astype(dtype), backend)
        ),
        F.multi_margin_loss(torch.from_numpy(x), torch.from_numpy(indices)),
        x.dtype,
    )
    assert_close(
        clsloss.multilabel_margin_loss(
            to_backend(x, backend), to_backend(lists.astype(dtype), backend)
        ),
        F.multilabel_margin_loss(torch.from_numpy(x), torch.from_numpy(lists)),
        x.dtype,
    )


# --- the target format of multilabel_margin_loss ---------------------------------------


def test_multilabel_margin_loss_matches_the_hand_computed_value(backend: str) -> None:
    x = to_backend(np.array([[0.1, 0.2, 0.4, 0.8]]), backend)
    target = to_backend(np.array([[3, 0, -1, 1]]), backend)
    # Classes 3 and 0 true, 1 and 2 not: four pairs, divided by C = 4.
    by_hand = (
        (1 - 0.8 + 0.2) + (1 - 0.8 + 0.4) + (1 - 0.1 + 0.2) + (1 - 0.1 + 0.4)
    ) / 4
    got = clsloss.multilabel_margin_loss(x, target, reduction="none")
    np.testing.assert_allclose(to_numpy(got), [by_hand], rtol=1e-15)


@given(case=multilabel_margin_cases(), data=st.data())
def test_multilabel_margin_loss_ignores_what_follows_the_first_minus_one(
    case: dict[str, Any], data: st.DataObject
) -> None:
    x, target = case["input"], case["target"]
    num_classes = x.shape[-1]
    replaced = data.draw(
        arrays(np.int64, target.shape, elements=st.integers(-1, num_classes - 1))
    )
    # Entry j follows the first -1 when some -1 comes before it.
    minus_ones_before = np.cumsum(target == -1, axis=-1) - (target == -1)
    changed = np.where(minus_ones_before > 0, replaced, target)
    np.testing.assert_array_equal(
        clsloss.multilabel_margin_loss(x, changed, reduction="none"),
        clsloss.multilabel_margin_loss(x, target, reduction="none"),
    )


def test_multilabel_margin_loss_counts_a_class_listed_twice_twice(
    backend: str,
) -> None:
    x = np.array([[0.1, 0.2, 0.4, 0.8]])
    once = clsloss.multilabel_margin_loss(
        to_backend(x, backend), to_backend(np.array([[3, -1, 0, 0]]), backend)
    )
    twice = clsloss.multilabel_margin_loss(
        to_backend(x, backend), to_backend(np.array([[3, 3, -1, 0]]), backend)
    )
    assert float(twice) == pytest.approx(2 * float(once))
    expected = F.multilabel_margin_loss(
        torch.from_numpy(x), torch.tensor([[3, 3, -1, 0]])
    )
    assert float(twice) == pytest.approx(float(expected))


# --- shapes: unbatched, empty batch, non-contiguous -----------------------------------

X = np.array([[-1.9609, -0.2974, 0.1152], [0.5912, 1.7348, -2.4041]])
INDICES = np.array([0, 2])
LISTS = np.array([[0, 2, -1], [2, -1, 0]])
MULTI_HOT = np.array([[1.0, 0.0, 1.0], [0.0, 0.0, 1.0]])
SIGNS = 2 * MULTI_HOT - 1
TARGETS = {
    "multi_margin_loss": INDICES,
    "multilabel_margin_loss": LISTS,
    "multilabel_soft_margin_loss": MULTI_HOT,
    "soft_margin_loss": SIGNS,
}


@pytest.mark.parametrize("name", FUNCTIONS)
def test_an_unbatched_sample_gives_the_row_of_the_batch(
    name: str, backend: str
) -> None:
    ours, theirs = FUNCTIONS[name]
    target = TARGETS[name]
    batch = to_numpy(
        ours(to_backend(X, backend), to_backend(target, backend), reduction="none")
    )
    for n in range(2):
        row = np.array(target[n])  # 0-d for multi_margin_loss
        single = ours(
            to_backend(X[n], backend), to_backend(row, backend), reduction="none"
        )
        expected = theirs(
            torch.from_numpy(X[n]), torch.from_numpy(row), reduction="none"
        )
        assert_close(single, expected, X.dtype)
        np.testing.assert_allclose(to_numpy(single), batch[n], rtol=1e-15)


def test_soft_margin_of_a_0d_logit_matches_torch(backend: str) -> None:
    x, y = np.array(-2.5, dtype=np.float32), np.array(1.0, dtype=np.float32)
    expected = F.soft_margin_loss(torch.from_numpy(x), torch.from_numpy(y))
    got = clsloss.soft_margin_loss(to_backend(x, backend), to_backend(y, backend))
    assert_close(got, expected, np.float32)


@pytest.mark.parametrize(
    "name",
    ["multi_margin_loss", "multilabel_margin_loss", "multilabel_soft_margin_loss"],
)
def test_a_0d_input_has_no_class_axis_and_raises(name: str, backend: str) -> None:
    # torch returns 0 for multi_margin_loss and multilabel_margin_loss here.
    ours = FUNCTIONS[name][0]
    target = np.array(0.0) if name == "multilabel_soft_margin_loss" else np.array(0)
    with pytest.raises(ValueError, match=r"shape \(C,\) for one sample or \(N, C\)"):
        ours(to_backend(np.array(1.0), backend), to_backend(target, backend))


EMPTY_TARGETS = {
    "multi_margin_loss": np.zeros(0, dtype=np.int64),
    "multilabel_margin_loss": np.zeros((0, 3), dtype=np.int64),
    "multilabel_soft_margin_loss": np.zeros((0, 3)),
    "soft_margin_loss": np.zeros((0, 3)),
}


@pytest.mark.parametrize("name", FUNCTIONS)
def test_an_empty_batch_gives_no_losses_and_a_zero_sum(name: str, backend: str) -> None:
    ours = FUNCTIONS[name][0]
    x = to_backend(np.zeros((0, 3)), backend)
    target = to_backend(EMPTY_TARGETS[name], backend)
    none = to_numpy(ours(x, target, reduction="none"))
    # One loss per sample, or per element for soft_margin_loss: none of either.
    assert none.shape == ((0, 3) if name == "soft_margin_loss" else (0,))
    assert none.dtype == np.float64
    assert to_numpy(ours(x, target, reduction="sum")) == 0.0


@pytest.mark.parametrize("name", FUNCTIONS)
def test_the_mean_of_an_empty_batch_is_nan_like_torch(name: str, backend: str) -> None:
    ours, theirs = FUNCTIONS[name]
    x, target = np.zeros((0, 3)), EMPTY_TARGETS[name]
    if name in ("multilabel_soft_margin_loss", "soft_margin_loss"):
        # torch 2.13's hinge losses read uninitialised memory here: no reference.
        assert torch.isnan(theirs(torch.from_numpy(x), torch.from_numpy(target)))
    got = ours(to_backend(x, backend), to_backend(target, backend))
    assert np.isnan(to_numpy(got))


@pytest.mark.parametrize("name", FUNCTIONS)
def test_non_contiguous_inputs_give_the_contiguous_result(
    name: str, backend: str
) -> None:
    ours, theirs = FUNCTIONS[name]
    rng = np.random.default_rng(3)
    # Stored transposed and with a stride of 2 along the class axis.
    stored = rng.normal(size=(6, 2))
    x = stored.T[:, ::2]
    assert not x.flags.c_contiguous
    target = TARGETS[name]
    x_backend = torch.from_numpy(stored).T[:, ::2] if backend == "torch" else x
    if backend == "torch":
        assert not x_backend.is_contiguous()
    target_backend = to_backend(target, backend)
    for reduction in REDUCTIONS:
        got = ours(x_backend, target_backend, reduction=reduction)
        contiguous = ours(np.ascontiguousarray(x), target, reduction=reduction)
        expected = theirs(
            torch.from_numpy(x), torch.from_numpy(target), reduction=reduction
        )
        assert_close(got, expected, np.float64)
        np.testing.assert_allclose(to_numpy(got), contiguous, rtol=1e-15)


# --- equivalences -------------------------------------------------------------------------


@given(case=multilabel_soft_margin_cases())
def test_multilabel_soft_margin_is_the_class_mean_of_bce_with_logits(
    case: dict[str, Any],
) -> None:
    x, target, kwargs = case["input"], case["target"], case["kwargs"]
    weight = kwargs.get("weight")
    bce = clsloss.binary_cross_entropy_with_logits(
        x, target, weight=weight, reduction="none"
    )
    got = clsloss.multilabel_soft_margin_loss(
        x, target, weight=weight, reduction="none"
    )
    assert_close(got, np.mean(bce, axis=-1), x.dtype)


@given(case=soft_margin_cases())
def test_soft_margin_is_bce_with_logits_of_labels_mapped_to_0_1(
    case: dict[str, Any],
) -> None:
    x, y = case["input"], case["target"]
    got = clsloss.soft_margin_loss(x, y, reduction="none")
    expected = clsloss.binary_cross_entropy_with_logits(
        x, (y + 1) / 2, reduction="none"
    )
    assert_close(got, expected, x.dtype)


def test_multi_margin_loss_is_zero_once_every_margin_is_met(backend: str) -> None:
    x = to_backend(np.array([[3.0, 0.5, -1.0], [0.0, 2.0, 1.0]]), backend)
    y = to_backend(np.array([0, 1]), backend)
    # Sample 1 clears margin 1 (3 - 0.5 = 2.5); sample 2 misses it for class 2 by 0.
    np.testing.assert_array_equal(
        to_numpy(clsloss.multi_margin_loss(x, y, reduction="none")), [0.0, 0.0]
    )
    # With margin 2, sample 2 falls short by 1 against class 2: 1 / C.
    np.testing.assert_allclose(
        to_numpy(clsloss.multi_margin_loss(x, y, margin=2.0, reduction="none")),
        [0.0, 1 / 3],
        rtol=1e-15,
    )


def test_infinite_logits_give_the_mathematical_limit(backend: str) -> None:
    inf = np.inf
    x = to_backend(np.array([[inf, -inf], [inf, -inf]]), backend)
    y = to_backend(np.array([[1.0, 0.0], [0.0, 1.0]]), backend)
    # Certain and right costs 0; certain and wrong costs infinity.
    np.testing.assert_array_equal(
        to_numpy(clsloss.multilabel_soft_margin_loss(x, y, reduction="none")),
        [0.0, inf],
    )
    # torch multiplies the 0 target by log sigmoid(-inf) = -inf: nan.
    assert torch.isnan(
        F.multilabel_soft_margin_loss(
            torch.tensor([[inf, -inf]]), torch.tensor([[1.0, 0.0]])
        )
    )
    signs = to_backend(np.array([[1.0, -1.0], [-1.0, 1.0]]), backend)
    np.testing.assert_array_equal(
        to_numpy(clsloss.soft_margin_loss(x, signs, reduction="none")),
        [[0.0, 0.0], [inf, inf]],
    )
    # A wrong class infinitely above the true one: an infinite hinge, as in torch.
    above = np.array([[0.0, inf, 1.0]])
    np.testing.assert_array_equal(
        to_numpy(
            clsloss.multi_margin_loss(
                to_backend(above, backend), to_backend(np.array([0]), backend)
            )
        ),
        F.multi_margin_loss(torch.from_numpy(above), torch.tensor([0])).numpy(),
    )
    assert torch.isinf(F.multi_margin_loss(torch.from_numpy(above), torch.tensor([0])))


# --- extreme logits against mpmath -----------------------------------------------------------

EXTREMES = [(np.float32, 1e4), (np.float64, 1e300)]


def mp_log1p_exp(v: Any) -> Any:
    """log(1 + e^v) in mpmath: exact at any size."""
    return mpmath.log1p(mpmath.exp(mpmath.mpf(float(v))))


@pytest.mark.parametrize(("dtype", "scale"), EXTREMES)
def test_soft_margin_is_finite_and_exact_where_torch_overflows(
    dtype: Any, scale: float, backend: str
) -> None:
    rng = np.random.default_rng(1)
    x = (rng.uniform(-1, 1, size=24) * scale).astype(dtype)
    x[:4] = [scale, -scale, 1.0, -1.0]
    y = np.where(rng.uniform(size=24) < 0.5, -1.0, 1.0).astype(dtype)
    y[:2] = [-1.0, 1.0]  # two certain mistakes
    got = to_numpy(
        clsloss.soft_margin_loss(
            to_backend(x, backend), to_backend(y, backend), reduction="none"
        )
    )
    exact = np.array([float(mp_log1p_exp(-a * b)) for a, b in zip(x, y, strict=True)])
    assert np.all(np.isfinite(exact))
    eps = float(np.finfo(dtype).eps)
    np.testing.assert_allclose(got, exact, rtol=4 * eps, atol=0)
    torch_loss = F.soft_margin_loss(
        torch.from_numpy(x), torch.from_numpy(y), reduction="none"
    )
    assert torch.isinf(torch_loss[:2]).all()  # torch's exp(-y z) overflows


@pytest.mark.parametrize(("dtype", "scale"), EXTREMES)
def test_multilabel_soft_margin_is_exact_at_extreme_logits(
    dtype: Any, scale: float, backend: str
) -> None:
    rng = np.random.default_rng(2)
    x = (rng.uniform(-1, 1, size=(6, 4)) * scale).astype(dtype)
    x[0] = [scale, -scale, scale, -scale]
    y = np.round(rng.uniform(size=(6, 4))).astype(dtype)
    y[0] = [0.0, 1.0, 1.0, 0.0]
    got = to_numpy(
        clsloss.multilabel_soft_margin_loss(
            to_backend(x, backend), to_backend(y, backend), reduction="none"
        )
    )
    exact = np.array(
        [
            float(
                mpmath.fsum(
                    mp_log1p_exp(-a) if b == 1 else mp_log1p_exp(a)
                    for a, b in zip(row, labels, strict=True)
                )
                / 4
            )
            for row, labels in zip(x, y, strict=True)
        ]
    )
    assert np.all(np.isfinite(exact))
    eps = float(np.finfo(dtype).eps)
    np.testing.assert_allclose(got, exact, rtol=8 * eps, atol=0)


def mp_hinge_sum(pairs: list[tuple[float, float]], margin: float, r: int) -> Any:
    """Sum of max(0, margin - z_true + z_other)^r over (z_true, z_other), exactly."""
    total = mpmath.mpf(0)
    for true_logit, other in pairs:
        shortfall = mpmath.mpf(margin) - mpmath.mpf(true_logit) + mpmath.mpf(other)
        total += max(shortfall, 0) ** r
    return total


@pytest.mark.parametrize(
    ("dtype", "scale", "p"),
    [
        (np.float32, 1e4, 1),
        (np.float32, 1e4, 2),
        (np.float64, 1e300, 1),
        (np.float64, 1e150, 2),
    ],
)
def test_hinge_losses_are_exact_at_extreme_logits(
    dtype: Any, scale: float, p: int, backend: str
) -> None:
    rng = np.random.default_rng(4)
    x = (rng.uniform(-1, 1, size=(8, 4)) * scale).astype(dtype)
    x[0] = [scale, -scale, 0.0, 1.0]
    y = rng.integers(0, 4, size=8)
    y[0] = 1  # the true class has the lowest logit
    got = to_numpy(
        clsloss.multi_margin_loss(
            to_backend(x, backend), to_backend(y, backend), p=p, reduction="none"
        )
    )
    eps = float(np.finfo(dtype).eps)
    for row, t, loss in zip(x, y, got, strict=True):
        pairs = [(float(row[t]), float(v)) for c, v in enumerate(row) if c != t]
        exact = mp_hinge_sum(pairs, 1.0, p) / 4
        # Each shortfall is rounded once or twice: relative error a few eps.
        bound = (
            8
            * eps
            * float(mp_hinge_sum([(-abs(a), abs(b)) for a, b in pairs], 1.0, p))
            / 4
        )
        assert np.isfinite(loss)
        assert abs(float(loss) - float(exact)) <= bound
    if p == 1:
        lists = np.full((8, 4), -1)
        lists[:, 0] = y
        lists[:, 1] = (y + 2) % 4
        got_lists = to_numpy(
            clsloss.multilabel_margin_loss(
                to_backend(x, backend), to_backend(lists, backend), reduction="none"
            )
        )
        for row, listed, loss in zip(x, lists, got_lists, strict=True):
            true = {int(c) for c in listed if c >= 0}
            pairs = [
                (float(row[j]), float(row[c]))
                for j in listed[:2]
                for c in range(4)
                if c not in true
            ]
            exact = mp_hinge_sum(pairs, 1.0, 1) / 4
            bound = (
                8
                * eps
                * float(mp_hinge_sum([(-abs(a), abs(b)) for a, b in pairs], 1.0, 1))
                / 4
            )
            assert abs(float(loss) - float(exact)) <= bound


# --- autograd ------------------------------------------------------------------------------


def check_autograd_matches_torch(name: str, case: dict[str, Any]) -> None:
    ours, theirs = FUNCTIONS[name]
    x, target, kwargs = case["input"], case["target"], case["kwargs"]
    tk = {
        k: v.double() if isinstance(v, torch.Tensor) else v
        for k, v in torch_kwargs(kwargs).items()
    }
    t = torch.from_numpy(target)
    if t.is_floating_point():
        t = t.double()
    mine = torch.from_numpy(x.astype(np.float64)).requires_grad_(True)
    reference = torch.from_numpy(x.astype(np.float64)).requires_grad_(True)
    ours(mine, t, **tk).sum().backward()
    theirs(reference, t, **tk).sum().backward()
    assert mine.grad is not None
    torch.testing.assert_close(mine.grad, reference.grad, rtol=1e-10, atol=1e-12)


@given(case=multi_margin_cases())
def test_autograd_through_multi_margin_loss_equals_torch(case: dict[str, Any]) -> None:
    check_autograd_matches_torch("multi_margin_loss", case)


@given(case=multilabel_margin_cases())
def test_autograd_through_multilabel_margin_loss_equals_torch(
    case: dict[str, Any],
) -> None:
    check_autograd_matches_torch("multilabel_margin_loss", case)


@given(case=multilabel_soft_margin_cases())
def test_autograd_through_multilabel_soft_margin_loss_equals_torch(
    case: dict[str, Any],
) -> None:
    check_autograd_matches_torch("multilabel_soft_margin_loss", case)


@given(case=soft_margin_cases())
def test_autograd_through_soft_margin_loss_equals_torch(case: dict[str, Any]) -> None:
    check_autograd_matches_torch("soft_margin_loss", case)


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: clsloss.multi_margin_loss(X, INDICES, p=3),
            ValueError,
            r"p must be 1 \(hinge\) or 2 \(squared hinge\), got int 3",
        ),
        (
            lambda: clsloss.multi_margin_loss(X, INDICES, p=True),
            ValueError,
            r"p must be 1 .* got bool True",
        ),
        (
            lambda: clsloss.multi_margin_loss(X, INDICES, margin="1"),
            TypeError,
            r"margin must be a real number, got str '1'",
        ),
        (
            lambda: clsloss.multi_margin_loss(X, INDICES, margin=float("nan")),
            ValueError,
            r"margin must be a finite real number, got nan",
        ),
        (
            lambda: clsloss.multi_margin_loss(X, INDICES.astype(float)),
            TypeError,
            r"target holds class indices, which must have an integer dtype, got float64",
        ),
        (
            lambda: clsloss.multi_margin_loss(X, np.array([0, 3])),
            ValueError,
            (
                r"target holds class indices, which must lie in \[0, 3\), got values "
                r"from 3 to 3. Labels numbered 1..C"
            ),
        ),
        (
            lambda: clsloss.multi_margin_loss(X, np.array([-1, 0])),
            ValueError,
            r"must lie in \[0, 3\), got values from -1 to -1",
        ),
        (
            lambda: clsloss.multi_margin_loss(X, MULTI_HOT.astype(int)),
            ValueError,
            r"target must have shape \(2,\).* got \(2, 3\).*multilabel_margin_loss",
        ),
        (
            lambda: clsloss.multi_margin_loss(X, INDICES[:, None]),
            ValueError,
            r"got \(2, 1\). Remove the size-1 axis",
        ),
        (
            lambda: clsloss.multi_margin_loss(X, INDICES, weight=np.ones(4)),
            ValueError,
            r"weight must have shape \(3,\).* got shape \(4,\)",
        ),
        (
            lambda: clsloss.multi_margin_loss(
                X, INDICES, weight=np.ones(3, dtype=np.float32)
            ),
            TypeError,
            r"weight must have the dtype of input \(float64\), got float32",
        ),
        (
            lambda: clsloss.multi_margin_loss(X, INDICES, reduction="average"),
            ValueError,
            r'reduction must be one of "none", "mean" or "sum", got \'average\'',
        ),
        (
            lambda: clsloss.multi_margin_loss(
                np.zeros((2, 3, 4)), np.zeros((2, 4), int)
            ),
            ValueError,
            (
                r"input must have shape \(C,\) for one sample or \(N, C\) for a batch, "
                r"got shape \(2, 3, 4\)"
            ),
        ),
        (
            lambda: clsloss.multi_margin_loss(np.zeros((2, 0)), np.zeros(2, int)),
            ValueError,
            r"input must have at least one class, got shape \(2, 0\)",
        ),
        (
            lambda: clsloss.multi_margin_loss(X.astype(int), INDICES),
            TypeError,
            r"input must have a real floating dtype .* got int64",
        ),
        (
            lambda: clsloss.multi_margin_loss(X, torch.tensor([0, 2])),
            TypeError,
            r"same array library",
        ),
        (
            lambda: clsloss.multilabel_margin_loss(X, MULTI_HOT),
            TypeError,
            (
                r"indices followed by -1, which must have an integer dtype, got float64. "
                r"A multi-hot 0/1 target is what multilabel_soft_margin_loss takes"
            ),
        ),
        (
            lambda: clsloss.multilabel_margin_loss(X, INDICES),
            ValueError,
            r"target must have the shape of input \(2, 3\): .* got shape \(2,\)",
        ),
        (
            lambda: clsloss.multilabel_margin_loss(
                X, np.array([[0, 3, -1], [1, -1, 0]])
            ),
            ValueError,
            r"must lie in \[-1, 3\), got values from 3 to 3",
        ),
        (
            # Checked also after the first -1, as torch does.
            lambda: clsloss.multilabel_margin_loss(
                X, np.array([[0, -1, -2], [1, -1, 0]])
            ),
            ValueError,
            (
                r"class indices or -1 \(the end of each list\), which must lie in "
                r"\[-1, 3\), got values from -2 to -2"
            ),
        ),
        (
            lambda: clsloss.multilabel_margin_loss(X, LISTS, reduction="mean "),
            ValueError,
            r"reduction must be one of",
        ),
        (
            lambda: clsloss.multilabel_soft_margin_loss(X, LISTS),
            TypeError,
            r"target must have a real floating dtype.*got int64",
        ),
        (
            lambda: clsloss.multilabel_soft_margin_loss(X, SIGNS),
            ValueError,
            r"target must lie in \[0, 1\], got 3 entries outside it, from -1.0 to -1.0",
        ),
        (
            lambda: clsloss.multilabel_soft_margin_loss(X, MULTI_HOT[:, :2]),
            ValueError,
            r"target must have the shape of input \(2, 3\), got \(2, 2\)",
        ),
        (
            lambda: clsloss.multilabel_soft_margin_loss(
                X, MULTI_HOT, weight=np.ones(2)
            ),
            ValueError,
            r"weight must broadcast to the shape of input \(2, 3\), got shape \(2,\)",
        ),
        (
            lambda: clsloss.multilabel_soft_margin_loss(
                np.zeros((2, 3, 4)), np.zeros((2, 3, 4))
            ),
            ValueError,
            r"input must have shape \(C,\) for one sample or \(N, C\)",
        ),
        (
            lambda: clsloss.soft_margin_loss(X, MULTI_HOT),
            ValueError,
            (
                r"target of soft_margin_loss must hold labels -1 or \+1, got 3 entries "
                r"that are neither, from 0.0 to 0.0. Map 0/1 labels with 2 \* target - 1"
            ),
        ),
        (
            lambda: clsloss.soft_margin_loss(X, SIGNS.astype(int)),
            TypeError,
            r"target must have a real floating dtype.*target.float\(\)",
        ),
        (
            lambda: clsloss.soft_margin_loss(X, SIGNS.astype(np.float32)),
            TypeError,
            r"target must have the dtype of input \(float64\), got float32",
        ),
        (
            lambda: clsloss.soft_margin_loss(X, SIGNS[:1]),
            ValueError,
            r"target must have the shape of input \(2, 3\), got \(1, 3\)",
        ),
        (
            lambda: clsloss.soft_margin_loss([1.0], [1.0]),
            TypeError,
            r"input must be an array",
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
        clsloss.multilabel_margin_loss(torch.zeros(2, 3), torch.zeros(2, 3))
