"""Checks of arguments, with the error messages a learner needs to fix them.

Every check raises ``TypeError`` for a wrong kind or dtype and ``ValueError``
for a wrong shape or value. Each message names the argument, says what was
expected and shows what was received.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from array_api_compat import array_namespace, is_array_api_obj

Array = Any
"""An array of any Array API library (a NumPy array, a torch tensor, ...)."""

REDUCTIONS = ("none", "mean", "sum")
TORCH_DEFAULT_IGNORE_INDEX = -100


def _kind(value: object) -> str:
    """Name the kind of ``value`` the way a user would recognise it."""
    if is_array_api_obj(value):
        array: Array = value
        module = type(array).__module__.split(".")[0]
        return f"{module} array of dtype {array.dtype} and shape {tuple(array.shape)}"
    return type(value).__name__


def check_array(value: object, name: str) -> Array:
    """Return ``value`` if it is an array; raise a TypeError naming it otherwise."""
    if not is_array_api_obj(value):
        msg = (
            f"{name} must be an array (a NumPy array or a torch tensor), got "
            f"{_kind(value)}. Wrap plain Python numbers with numpy.asarray(...) "
            "or torch.tensor(...)."
        )
        raise TypeError(msg)
    return value


def namespace(**arrays: object) -> Any:
    """Return the array namespace shared by ``arrays``, skipping those that are None.

    Raises a TypeError naming the argument that is not an array, or the two
    arguments that come from different array libraries.
    """
    given = {name: check_array(a, name) for name, a in arrays.items() if a is not None}
    first_name, first = next(iter(given.items()))
    for name, array in given.items():
        if type(array).__module__.split(".")[0] != type(first).__module__.split(".")[0]:
            msg = (
                f"{name} and {first_name} must come from the same array library, got "
                f"{name} as a {_kind(array)} and {first_name} as a {_kind(first)}."
            )
            raise TypeError(msg)
    return array_namespace(*given.values())


def check_floating(xp: Any, x: Array, name: str, hint: str = "") -> None:
    """Raise a TypeError unless ``x`` has a real floating dtype."""
    if not xp.isdtype(x.dtype, "real floating"):
        msg = (
            f"{name} must have a real floating dtype (float16, float32 or float64), "
            f"got {x.dtype}."
        )
        raise TypeError(msg + hint)


def check_same_dtype(
    x: Array, name: str, reference: Array, reference_name: str
) -> None:
    """Raise a TypeError unless ``x`` has the dtype of ``reference``."""
    if x.dtype != reference.dtype:
        msg = (
            f"{name} must have the dtype of {reference_name} ({reference.dtype}), "
            f"got {x.dtype}. Convert it first, for example with "
            f"{name}.astype(...) or {name}.to(...)."
        )
        raise TypeError(msg)


def check_integer_labels(xp: Any, labels: Array, name: str) -> None:
    """Raise a TypeError unless ``labels`` hold integers (class indices)."""
    if xp.isdtype(labels.dtype, "real floating"):
        msg = (
            f"{name} holds class indices, which must have an integer dtype, got "
            f"{labels.dtype}. Convert with {name}.long() for a torch tensor or "
            f"{name}.astype(numpy.int64) for a NumPy array."
        )
        raise TypeError(msg)
    if not xp.isdtype(labels.dtype, "integral"):
        msg = f"{name} must have an integer dtype (class indices), got {labels.dtype}."
        raise TypeError(msg)


def check_axis(axis: object, ndim: int) -> int:
    """Return ``axis`` as a non-negative int, or raise naming what is valid."""
    if isinstance(axis, bool) or not isinstance(axis, int):
        msg = f"axis must be an int, got {type(axis).__name__} {axis!r}."
        raise TypeError(msg)
    if ndim == 0:
        # As in torch, a 0-dimensional array has one axis to reduce: 0, or -1.
        if axis not in (0, -1):
            msg = f"axis must be 0 or -1 for a 0-dimensional array, got {axis}."
            raise ValueError(msg)
        return 0
    if not -ndim <= axis < ndim:
        msg = f"axis must lie in [{-ndim}, {ndim}) for an array of {ndim} dimensions, got {axis}."
        raise ValueError(msg)
    return axis % ndim


def check_not_empty_along(x: Array, axis: int, name: str) -> None:
    """Raise a ValueError if ``x`` has no entries along ``axis``."""
    if x.shape[axis] == 0:
        msg = f"{name} must have at least one entry along axis {axis}, got shape {tuple(x.shape)}."
        raise ValueError(msg)


def check_logits_along(
    x: object, axis: object, *, allow_empty: bool = False
) -> tuple[Any, int]:
    """Check logits `x` for a reduction along `axis`; return its namespace and axis.

    `x` must be a real floating array with at least one entry along `axis`,
    unless `allow_empty`. A 0-dimensional `x` is one logit, reduced along axis
    0 or -1, as in torch.
    """
    xp = namespace(x=x)
    array: Array = x
    check_floating(xp, array, "x")
    checked_axis = check_axis(axis, array.ndim)
    if array.ndim > 0 and not allow_empty:
        check_not_empty_along(array, checked_axis, "x")
    return xp, checked_axis


def check_reduction(reduction: object) -> None:
    """Raise a ValueError unless ``reduction`` is "none", "mean" or "sum"."""
    if reduction not in REDUCTIONS:
        msg = f'reduction must be one of "none", "mean" or "sum", got {reduction!r}.'
        raise ValueError(msg)


def check_fraction(value: object, name: str) -> float:
    """Return ``value`` as a float in [0, 1], or raise naming what was received."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        msg = f"{name} must be a float in [0, 1], got {type(value).__name__} {value!r}."
        raise TypeError(msg)
    if not 0.0 <= value <= 1.0:
        msg = f"{name} must lie in [0, 1], got {value}."
        raise ValueError(msg)
    return float(value)


def check_in_unit_interval(xp: Any, x: Array, name: str, hint: str = "") -> None:
    """Raise a ValueError if any entry of ``x`` lies outside [0, 1] (or is nan)."""
    outside = ~((x >= 0) & (x <= 1))
    if bool(xp.any(outside)):
        bad = x[outside]
        msg = (
            f"{name} must lie in [0, 1], got {int(xp.sum(xp.astype(outside, xp.int64)))} "
            f"entries outside it, from {float(xp.min(bad))} to {float(xp.max(bad))}."
        )
        raise ValueError(msg + hint)


def check_class_indices(
    xp: Any, target: Array, num_classes: int, ignore_index: int | None
) -> None:
    """Raise a ValueError if a class index lies outside [0, C) and is not ignored."""
    outside = (target < 0) | (target >= num_classes)
    if ignore_index is not None:
        outside = outside & (target != ignore_index)
    if bool(xp.any(outside)):
        bad = target[outside]
        ignored = (
            "" if ignore_index is None else f" or equal ignore_index={ignore_index}"
        )
        msg = (
            f"target holds class indices, which must lie in [0, {num_classes}){ignored}, "
            f"got values from {int(xp.min(bad))} to {int(xp.max(bad))}. "
            "Labels numbered 1..C must be shifted to 0..C-1; mask values such as 255 "
            "must be passed as ignore_index."
        )
        raise ValueError(msg)


def check_target_shape(input: Array, target: Array, class_axis: int) -> bool:
    """Say whether ``target`` holds probabilities (True) or class indices (False).

    Probabilities have the shape of ``input``; class indices have the shape of
    ``input`` without its class axis. Anything else raises a ValueError.
    """
    shape, target_shape = tuple(input.shape), tuple(target.shape)
    index_shape = shape[:class_axis] + shape[class_axis + 1 :]
    if target_shape == shape:
        return True
    if target_shape == index_shape:
        return False
    msg = (
        f"target must have shape {index_shape} (one class index per sample) or "
        f"{shape} (one probability per class) to match input of shape {shape}, "
        f"got {target_shape}."
    )
    if target_shape == (*index_shape, 1) or target_shape == (*shape[:1], 1, *shape[2:]):
        msg += " Remove the size-1 axis, for example with target.squeeze(1)."
    elif len(target_shape) == len(shape) and target_shape[-1] == shape[class_axis]:
        msg += (
            " The class axis of input must be axis 1: move it with "
            "torch.movedim(input, -1, 1) or numpy.moveaxis(input, -1, 1)."
        )
    raise ValueError(msg)


def check_probability_rows(xp: Any, target: Array, class_axis: int) -> None:
    """Raise a ValueError unless ``target`` is a distribution along the class axis."""
    check_in_unit_interval(xp, target, "target")
    sums = xp.sum(target, axis=class_axis)
    tolerance = float(np.sqrt(xp.finfo(target.dtype).eps))
    off = xp.abs(sums - 1) > tolerance
    if bool(xp.any(off)):
        bad = sums[off]
        msg = (
            "target holds class probabilities, which must sum to 1 over the class "
            f"axis ({class_axis}), got sums from {float(xp.min(bad))} to "
            f"{float(xp.max(bad))}. Multi-hot targets (several classes present at once) "
            "describe a multi-label task: use binary_cross_entropy_with_logits."
        )
        raise ValueError(msg)


def check_class_weight(xp: Any, weight: Array, input: Array, class_axis: int) -> None:
    """Raise unless ``weight`` is a float vector with one entry per class."""
    check_floating(xp, weight, "weight")
    check_same_dtype(weight, "weight", input, "input")
    num_classes = input.shape[class_axis]
    if tuple(weight.shape) != (num_classes,):
        msg = (
            f"weight must have shape ({num_classes},), one weight per class of input "
            f"(shape {tuple(input.shape)}, classes on axis {class_axis}), "
            f"got shape {tuple(weight.shape)}."
        )
        raise ValueError(msg)


def check_broadcasts_to(weight: Array, name: str, input: Array) -> None:
    """Raise a ValueError unless ``weight`` broadcasts to the shape of ``input``."""
    shape, weight_shape = tuple(input.shape), tuple(weight.shape)
    fits = len(weight_shape) <= len(shape) and all(
        w in (1, s) for w, s in zip(weight_shape[::-1], shape[::-1], strict=False)
    )
    if not fits:
        msg = (
            f"{name} must broadcast to the shape of input {shape}, got shape "
            f"{weight_shape}. Broadcasting aligns trailing axes: for input of shape "
            "(N, C, H, W) give a per-class weight the shape (C, 1, 1)."
        )
        raise ValueError(msg)


def class_axis_of(input: Array) -> int:
    """Return torch's class axis: 0 for an unbatched ``(C,)`` input, else 1."""
    if input.ndim == 0:
        msg = (
            "input must have a class axis: shape (C,), (N, C) or (N, C, d1, ..., dK), "
            "got a 0-dimensional array."
        )
        raise ValueError(msg)
    class_axis = 0 if input.ndim == 1 else 1
    if input.shape[class_axis] == 0:
        msg = f"input must have at least one class, got shape {tuple(input.shape)}."
        raise ValueError(msg)
    return class_axis


def _index_shape(input: Array, class_axis: int) -> tuple[int, ...]:
    """Return the shape of class-index targets: that of `input` without its class axis."""
    shape = tuple(input.shape)
    return shape[:class_axis] + shape[class_axis + 1 :]


def _check_same_shape(input: Array, target: Array) -> None:
    """Raise a ValueError unless `target` has the shape of `input`."""
    if tuple(target.shape) != tuple(input.shape):
        msg = (
            f"target must have the shape of input {tuple(input.shape)}, got "
            f"{tuple(target.shape)}. For one output unit per sample, give both the "
            "shape (N,) or both (N, 1)."
        )
        raise ValueError(msg)


def _check_elementwise_weight(xp: Any, weight: Array, name: str, input: Array) -> None:
    """Raise unless `weight` is floating, of the input's dtype, and broadcasts to it."""
    check_floating(xp, weight, name)
    check_same_dtype(weight, name, input, "input")
    check_broadcasts_to(weight, name, input)


def _check_probability_target(
    xp: Any, input: Array, target: Array, class_axis: int, ignore_index: int
) -> None:
    """Raise unless `target` holds class probabilities that `input` can be scored on."""
    check_floating(
        xp,
        target,
        "target",
        " A target of the input's shape is read as class probabilities. Convert "
        "one-hot labels with target.float(), or pass class indices target.argmax(1).",
    )
    check_same_dtype(target, "target", input, "input")
    if ignore_index != TORCH_DEFAULT_IGNORE_INDEX:
        msg = (
            f"ignore_index applies to class-index targets only, got ignore_index="
            f"{ignore_index} with probability targets of shape {tuple(target.shape)}. "
            "To leave elements out, pass class indices, or use "
            'reduction="none" and average the losses you keep.'
        )
        raise ValueError(msg)
    check_probability_rows(xp, target, class_axis)


def check_cross_entropy_args(
    xp: Any,
    input: Array,
    target: Array,
    weight: Array | None,
    ignore_index: int,
    reduction: str,
    label_smoothing: float,
) -> tuple[int, bool, float]:
    """Check the arguments of :func:`cross_entropy` and its gradient.

    Return the class axis, whether `target` holds probabilities, and the
    label smoothing as a float.
    """
    check_floating(xp, input, "input")
    class_axis = class_axis_of(input)
    probability_target = check_target_shape(input, target, class_axis)
    if probability_target:
        _check_probability_target(xp, input, target, class_axis, ignore_index)
    else:
        check_integer_labels(xp, target, "target")
        check_class_indices(xp, target, input.shape[class_axis], ignore_index)
    if weight is not None:
        check_class_weight(xp, weight, input, class_axis)
    check_reduction(reduction)
    return (
        class_axis,
        probability_target,
        check_fraction(label_smoothing, "label_smoothing"),
    )


def check_binary_args(
    xp: Any,
    input: Array,
    target: Array,
    weight: Array | None,
    pos_weight: Array | None,
    reduction: str,
) -> None:
    """Check the arguments shared by the binary cross-entropy losses and gradient."""
    check_floating(xp, input, "input")
    check_floating(xp, target, "target", " Convert 0/1 labels with target.float().")
    check_same_dtype(target, "target", input, "input")
    _check_same_shape(input, target)
    check_reduction(reduction)
    check_in_unit_interval(xp, target, "target")
    if weight is not None:
        _check_elementwise_weight(xp, weight, "weight", input)
    if pos_weight is not None:
        _check_elementwise_weight(xp, pos_weight, "pos_weight", input)


def check_nll_args(
    xp: Any,
    input: Array,
    target: Array,
    weight: Array | None,
    ignore_index: int,
    reduction: str,
) -> None:
    """Check the arguments of :func:`nll_loss`."""
    check_floating(xp, input, "input")
    class_axis = class_axis_of(input)
    if check_target_shape(input, target, class_axis):
        msg = (
            f"nll_loss takes class indices of shape {_index_shape(input, class_axis)}, "
            f"got a target of the input's shape {tuple(target.shape)}, as one-hot or "
            "probability targets have. Pass class indices (target.argmax(1)), or use "
            "cross_entropy, which accepts probabilities."
        )
        raise ValueError(msg)
    check_integer_labels(xp, target, "target")
    check_class_indices(xp, target, input.shape[class_axis], ignore_index)
    if weight is not None:
        check_class_weight(xp, weight, input, class_axis)
    check_reduction(reduction)


# --- margin losses ---


def _check_vector_or_matrix(xp: Any, input: Array) -> int:
    """Check logits of shape (C,) or (N, C) with at least one class; return C."""
    check_floating(xp, input, "input")
    shape = tuple(input.shape)
    if input.ndim not in (1, 2):
        msg = (
            "input must have shape (C,) for one sample or (N, C) for a batch, "
            f"got shape {shape}."
        )
        raise ValueError(msg)
    if shape[-1] == 0:
        msg = f"input must have at least one class, got shape {shape}."
        raise ValueError(msg)
    return int(shape[-1])


def _check_entries_between(
    xp: Any, target: Array, low: int, high: int, what: str
) -> None:
    """Raise a ValueError if an entry of `target` lies outside [low, high)."""
    outside = (target < low) | (target >= high)
    if bool(xp.any(outside)):
        bad = target[outside]
        msg = (
            f"target holds {what}, which must lie in [{low}, {high}), got values "
            f"from {int(xp.min(bad))} to {int(xp.max(bad))}."
        )
        if low == 0:
            msg += " Labels numbered 1..C must be shifted to 0..C-1."
        raise ValueError(msg)


def check_real_number(value: object, name: str) -> float:
    """Return `value` as a finite float, or raise naming what was received."""
    if isinstance(value, bool) or not isinstance(
        value, (int, float, np.integer, np.floating)
    ):
        msg = f"{name} must be a real number, got {type(value).__name__} {value!r}."
        raise TypeError(msg)
    if not np.isfinite(value):
        msg = f"{name} must be a finite real number, got {value}."
        raise ValueError(msg)
    return float(value)


def check_margin_exponent(p: object) -> int:
    """Return the exponent `p` of multi_margin_loss as an int, 1 or 2."""
    if isinstance(p, bool) or p not in (1, 2):
        msg = f"p must be 1 (hinge) or 2 (squared hinge), got {type(p).__name__} {p!r}."
        raise ValueError(msg)
    return 1 if p == 1 else 2


def check_multi_margin_args(
    xp: Any,
    input: Array,
    target: Array,
    p: object,
    margin: object,
    weight: Array | None,
    reduction: str,
) -> tuple[int, float]:
    """Check the arguments of :func:`multi_margin_loss`; return `p` and `margin`."""
    num_classes = _check_vector_or_matrix(xp, input)
    shape, target_shape = tuple(input.shape), tuple(target.shape)
    if target_shape != shape[:-1]:
        msg = (
            f"target must have shape {shape[:-1]}, one class index per sample of "
            f"input (shape {shape}), got {target_shape}."
        )
        if target_shape == shape:
            msg += (
                " A target of the input's shape (one-hot or multi-label) needs "
                "multilabel_margin_loss or multilabel_soft_margin_loss; for one-hot "
                "rows pass target.argmax(-1)."
            )
        elif target_shape == (*shape[:-1], 1):
            msg += " Remove the size-1 axis, for example with target.squeeze(-1)."
        raise ValueError(msg)
    check_integer_labels(xp, target, "target")
    _check_entries_between(xp, target, 0, num_classes, "class indices")
    if weight is not None:
        check_class_weight(xp, weight, input, input.ndim - 1)
    check_reduction(reduction)
    return check_margin_exponent(p), check_real_number(margin, "margin")


def check_multilabel_margin_args(
    xp: Any, input: Array, target: Array, reduction: str
) -> None:
    """Check the arguments of :func:`multilabel_margin_loss`."""
    num_classes = _check_vector_or_matrix(xp, input)
    if xp.isdtype(target.dtype, "real floating"):
        msg = (
            "target of multilabel_margin_loss lists the true classes of each sample "
            "as indices followed by -1, which must have an integer dtype, got "
            f"{target.dtype}. A multi-hot 0/1 target is what "
            "multilabel_soft_margin_loss takes."
        )
        raise TypeError(msg)
    check_integer_labels(xp, target, "target")
    if tuple(target.shape) != tuple(input.shape):
        msg = (
            f"target must have the shape of input {tuple(input.shape)}: for each "
            "sample the indices of its true classes, then -1 (entries after it are "
            f"ignored), got shape {tuple(target.shape)}."
        )
        raise ValueError(msg)
    _check_entries_between(
        xp, target, -1, num_classes, "class indices or -1 (the end of each list)"
    )
    check_reduction(reduction)


def check_multilabel_soft_margin_args(
    xp: Any, input: Array, target: Array, weight: Array | None, reduction: str
) -> None:
    """Check the arguments of :func:`multilabel_soft_margin_loss`."""
    _check_vector_or_matrix(xp, input)
    check_binary_args(xp, input, target, weight, None, reduction)


def check_soft_margin_args(
    xp: Any, input: Array, target: Array, reduction: str
) -> None:
    """Check the arguments of :func:`soft_margin_loss`: labels -1 or +1."""
    check_floating(xp, input, "input")
    check_floating(xp, target, "target", " Convert -1/+1 labels with target.float().")
    check_same_dtype(target, "target", input, "input")
    _check_same_shape(input, target)
    check_reduction(reduction)
    neither = (target != 1) & (target != -1)
    if bool(xp.any(neither)):
        bad = target[neither]
        msg = (
            "target of soft_margin_loss must hold labels -1 or +1, got "
            f"{int(xp.sum(xp.astype(neither, xp.int64)))} entries that are neither, "
            f"from {float(xp.min(bad))} to {float(xp.max(bad))}. Map 0/1 labels "
            "with 2 * target - 1, or use binary_cross_entropy_with_logits, which "
            "takes them as they are."
        )
        raise ValueError(msg)


# --- divergences and focal losses ---

KL_DIV_REDUCTIONS = ("none", "batchmean", "sum", "mean")


def _check_flag(value: object, name: str) -> None:
    """Raise a TypeError unless ``value`` is True or False."""
    if not isinstance(value, bool):
        msg = f"{name} must be True or False, got {type(value).__name__} {value!r}."
        raise TypeError(msg)


def _check_at_most_zero(xp: Any, x: Array, name: str, hint: str) -> None:
    """Raise a ValueError if an entry of ``x`` is above 0: not a log-probability."""
    above = x > 0
    if bool(xp.any(above)):
        bad = x[above]
        msg = (
            f"{name} must hold log-probabilities, which are at most 0, got "
            f"{int(xp.sum(xp.astype(above, xp.int64)))} entries above 0, from "
            f"{float(xp.min(bad))} to {float(xp.max(bad))}."
        )
        raise ValueError(msg + hint)


def check_kl_div_args(
    xp: Any, input: Array, target: Array, reduction: object, log_target: object
) -> None:
    """Check the arguments of :func:`kl_div`: log-probabilities and a distribution."""
    check_floating(xp, input, "input")
    check_floating(xp, target, "target")
    check_same_dtype(target, "target", input, "input")
    if tuple(target.shape) != tuple(input.shape):
        msg = (
            f"target must have the shape of input {tuple(input.shape)}, got "
            f"{tuple(target.shape)}. kl_div compares two distributions entry by entry."
        )
        raise ValueError(msg)
    if reduction not in KL_DIV_REDUCTIONS:
        msg = (
            'reduction must be one of "none", "batchmean", "sum" or "mean", got '
            f"{reduction!r}."
        )
        raise ValueError(msg)
    _check_flag(log_target, "log_target")
    _check_at_most_zero(
        xp,
        input,
        "input",
        " kl_div takes the log-probabilities of the prediction: pass "
        "log_softmax(logits) rather than logits or probabilities.",
    )
    if log_target:
        _check_at_most_zero(
            xp,
            target,
            "target",
            " With log_target=True the target holds log-probabilities; for "
            "probabilities pass log_target=False.",
        )
    else:
        check_in_unit_interval(
            xp,
            target,
            "target",
            " With log_target=False the target holds probabilities; for "
            "log-probabilities pass log_target=True.",
        )


def check_gamma(gamma: object) -> float:
    """Return the focusing exponent ``gamma`` as a float, or raise: it must be >= 0."""
    if isinstance(gamma, bool) or not isinstance(gamma, (int, float)):
        msg = f"gamma must be a float >= 0, got {type(gamma).__name__} {gamma!r}."
        raise TypeError(msg)
    if not 0.0 <= gamma < float("inf"):
        msg = (
            f"gamma must be a finite float >= 0, got {gamma}. gamma = 0 gives the "
            "cross-entropy; the focal loss paper uses gamma = 2."
        )
        raise ValueError(msg)
    return float(gamma)


def check_alpha(alpha: object) -> float | None:
    """Return ``alpha`` as a float in [0, 1], or None for the "off" value -1."""
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float)):
        msg = f"alpha must be a float in [0, 1] or -1, got {type(alpha).__name__} {alpha!r}."
        raise TypeError(msg)
    if alpha == -1:
        return None
    if not 0.0 <= alpha <= 1.0:
        msg = (
            f"alpha must lie in [0, 1], or be -1 to turn the class balance off, "
            f"got {alpha}."
        )
        raise ValueError(msg)
    return float(alpha)
