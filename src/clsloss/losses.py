r"""Classification losses: binary cross-entropy, negative log-likelihood, cross-entropy.

Every loss first computes the unreduced vector of per-element losses
:math:`\ell_n`, then reduces it to :math:`L` with the shared :func:`_reduce`. Composite
losses read like their derivation: :func:`cross_entropy` is
:func:`nll_loss` of :func:`~clsloss.log_softmax`, plus what label smoothing
and probability targets add.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from clsloss._validation import (
    Array,
    check_binary_args,
    check_cross_entropy_args,
    check_in_unit_interval,
    check_nll_args,
    class_axis_of,
    namespace,
)
from clsloss.activations import log_sigmoid, log_softmax
from clsloss.labels import smooth_labels

__all__ = [
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "cross_entropy",
    "nll_loss",
]


def _reduce(
    xp: Any, loss: Array, reduction: str, denominator: Array | float | None = None
) -> Array:
    """Reduce per-element losses: keep them, sum them, or divide the sum.

    ``"mean"`` divides by `denominator` when one is given (the weighted count
    of the class-index losses), and by the number of elements otherwise.
    """
    if reduction == "none":
        return loss
    if reduction == "sum":
        return xp.sum(loss)
    if denominator is None:
        denominator = float(math.prod(loss.shape))
    # A mean over nothing (every target ignored, or an empty batch) is 0 / 0 = nan,
    # as in torch. Dividing before summing gives autograd torch's zero gradient
    # where every target is ignored; an empty batch has no gradient to keep.
    with np.errstate(invalid="ignore", divide="ignore"):
        if math.prod(loss.shape) == 0:
            return xp.sum(loss) / denominator
        return xp.sum(loss / denominator)


def _along_class_axis(xp: Any, weight: Array, input: Array, class_axis: int) -> Array:
    """Reshape a ``(C,)`` weight so that it broadcasts along the class axis."""
    return xp.reshape(weight, (-1,) + (1,) * (input.ndim - class_axis - 1))


def _nll_terms(
    xp: Any,
    log_probabilities: Array,
    target: Array,
    weight: Array | None,
    ignore_index: int,
) -> tuple[Array, Array, Array]:
    r"""Return the unreduced negative log-likelihood and what reducing it needs.

    That is :math:`\ell_n = -w_{y_n} \log p_{n, y_n}`, the weights :math:`w_{y_n}`
    (0 where ignored) and the mask of ignored targets.
    """
    class_axis = class_axis_of(log_probabilities)
    ignored = target == ignore_index
    # Ignored positions may hold any index (-100, 255, ...): read class 0 there.
    safe_target = xp.astype(xp.where(ignored, 0, target), xp.int64)
    picked = xp.take_along_axis(
        log_probabilities, xp.expand_dims(safe_target, axis=class_axis), axis=class_axis
    )
    picked = xp.squeeze(picked, axis=class_axis)
    if weight is None:
        class_weight = xp.ones_like(picked)
    else:
        flat = xp.take(weight, xp.reshape(safe_target, (-1,)), axis=0)
        class_weight = xp.reshape(flat, tuple(safe_target.shape))
    class_weight = xp.where(ignored, 0.0, class_weight)
    # `where`, not a product: an ignored -inf log-probability times 0 would be nan.
    loss = xp.where(ignored, 0.0, -class_weight * picked)
    return loss, class_weight, ignored


def binary_cross_entropy(
    input: Array,
    target: Array,
    *,
    weight: Array | None = None,
    reduction: str = "mean",
) -> Array:
    r"""Binary cross-entropy between predicted probabilities and targets.

    Parameters
    ----------
    input : array
        Predicted probabilities :math:`p \in [0, 1]`, any shape, real floating.
        For raw model outputs (logits) use
        :func:`binary_cross_entropy_with_logits` instead.
    target : array
        Targets :math:`y \in [0, 1]` of the shape and dtype of `input`:
        0 or 1 for hard labels, anything between for soft ones.
    weight : array, optional
        Weights :math:`w` that broadcast to the shape of `input`.
    reduction : {"mean", "sum", "none"}, optional
        How to reduce the per-element losses. Default "mean".

    Returns
    -------
    array
        A 0-dimensional array, or the per-element losses of the shape of
        `input` for ``reduction="none"``, in the dtype of `input`.

    See Also
    --------
    binary_cross_entropy_with_logits : The same loss from logits, more stable.
    torch.nn.BCELoss : The PyTorch module this matches.

    Notes
    -----
    The unreduced loss holds one term per element (per sample and class):

    .. math::

        \ell_n = -w_n \left[ y_n \log p_n + (1 - y_n) \log(1 - p_n) \right]

    and the reductions are

    .. math::

        L = \begin{cases}
            \frac{1}{N} \sum_{n=1}^{N} \ell_n, & \text{if reduction} = \text{mean;}\\
            \sum_{n=1}^{N} \ell_n, & \text{if reduction} = \text{sum,}
        \end{cases}

    where :math:`N` counts every element. As in PyTorch, each logarithm is
    clamped at :math:`-100`, so a wrong prediction made with certainty costs
    100 instead of infinity, and :math:`0 \log 0` is 0.

    Shapes: `input` any shape :math:`(*)`; `target` the same; `weight`
    broadcastable to it; the output :math:`()` or, for ``"none"``, :math:`(*)`.

    clsloss is stricter than PyTorch in one way: `weight` must have the dtype
    of `input` (PyTorch also raises for `input` or `target` outside [0, 1]).

    Examples
    --------
    Three independent yes/no predictions scored against their labels:

    >>> import numpy as np
    >>> import clsloss
    >>> p = np.array([0.9, 0.2, 0.6])
    >>> y = np.array([1.0, 0.0, 1.0])
    >>> clsloss.binary_cross_entropy(p, y, reduction="none")
    array([0.10536052, 0.22314355, 0.51082562])
    >>> clsloss.binary_cross_entropy(p, y)
    np.float64(0.2797765635793423)

    The same numbers as :class:`torch.nn.BCELoss`:

    >>> import torch
    >>> torch.nn.BCELoss()(torch.from_numpy(p), torch.from_numpy(y))
    tensor(0.2798, dtype=torch.float64)
    """
    xp = namespace(input=input, target=target, weight=weight)
    check_binary_args(xp, input, target, weight, None, reduction)
    check_in_unit_interval(
        xp,
        input,
        "input",
        " binary_cross_entropy takes probabilities; for raw model outputs (logits) "
        "use binary_cross_entropy_with_logits.",
    )

    # Clamp each log at -100, as torch does: a certain mistake costs 100, not inf.
    with np.errstate(divide="ignore"):
        log_p = xp.clip(xp.log(input), min=-100.0)
        log_not_p = xp.clip(xp.log1p(-input), min=-100.0)
    loss = -(target * log_p + (1 - target) * log_not_p)
    if weight is not None:
        loss = weight * loss
    return _reduce(xp, loss, reduction)


def binary_cross_entropy_with_logits(
    input: Array,
    target: Array,
    *,
    weight: Array | None = None,
    pos_weight: Array | None = None,
    reduction: str = "mean",
) -> Array:
    r"""Binary cross-entropy computed from logits, in log space.

    Parameters
    ----------
    input : array
        Logits :math:`z`, any shape, real floating: one independent yes/no
        score per element, as in multi-label classification.
    target : array
        Targets :math:`y \in [0, 1]` of the shape and dtype of `input`.
    weight : array, optional
        Weights :math:`w` that broadcast to the shape of `input`.
    pos_weight : array, optional
        Weights :math:`w^{+}` of the positive term, broadcast to the shape of
        `input` with the usual rules: shape :math:`(C,)` weighs the classes of
        an :math:`(N, C)` input; an :math:`(N, C, H, W)` input needs shape
        :math:`(C, 1, 1)`. Use :math:`w^{+}_c = \text{negatives}_c / \text{positives}_c`
        to balance rare labels.
    reduction : {"mean", "sum", "none"}, optional
        How to reduce the per-element losses. Default "mean".

    Returns
    -------
    array
        A 0-dimensional array, or the per-element losses of the shape of
        `input` for ``reduction="none"``, in the dtype of `input`.

    See Also
    --------
    binary_cross_entropy : The same loss from probabilities.
    log_sigmoid : The stable logarithm used here.
    binary_cross_entropy_with_logits_grad : Its gradient.
    torch.nn.BCEWithLogitsLoss : The PyTorch module this matches.

    Notes
    -----
    With :math:`\log(1 - \sigma(z)) = \log \sigma(-z)`, the unreduced loss is

    .. math::

        \ell_n = -w_n \left[ w^{+}_n\, y_n \log \sigma(z_n)
                 + (1 - y_n) \log \sigma(-z_n) \right]

    and the reductions are

    .. math::

        L = \begin{cases}
            \frac{1}{N} \sum_{n=1}^{N} \ell_n, & \text{if reduction} = \text{mean;}\\
            \sum_{n=1}^{N} \ell_n, & \text{if reduction} = \text{sum,}
        \end{cases}

    where :math:`N` counts every element. :func:`log_sigmoid` never forms
    :math:`\sigma(z)`, so the loss stays exact where ``sigmoid`` followed by
    :func:`binary_cross_entropy` rounds to 0 or 1. Both terms are at most 0,
    so their sum has no cancellation.

    Shapes: `input` any shape :math:`(*)`; `target` the same; `weight` and
    `pos_weight` broadcastable to it; the output :math:`()` or :math:`(*)`.

    Differences from PyTorch:

    - a target outside [0, 1] raises a ValueError (PyTorch returns a
      loss that can be negative);
    - an infinite logit gives the limit: :math:`z = +\infty` with
      :math:`y = 1` costs 0 (PyTorch returns nan);
    - `weight` and `pos_weight` must have the dtype of `input`.

    Examples
    --------
    At a logit of 40 the float32 sigmoid rounds to exactly 1, so
    :func:`binary_cross_entropy` sees :math:`\log(1 - 1)` and clamps it to
    -100. In log space the loss of a wrong label is the exact 40:

    >>> import torch
    >>> import clsloss
    >>> x = torch.tensor([40.0])
    >>> y = torch.tensor([0.0])
    >>> clsloss.binary_cross_entropy_with_logits(x, y)
    tensor(40.)
    >>> clsloss.binary_cross_entropy(torch.sigmoid(x), y)
    tensor(100.)

    On the running example, each class scored independently, it matches
    :class:`torch.nn.BCEWithLogitsLoss`:

    >>> logits = torch.tensor([[-1.9609, -0.2974, 0.1152], [0.5912, 1.7348, -2.4041]])
    >>> labels = torch.tensor([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    >>> clsloss.binary_cross_entropy_with_logits(logits, labels)
    tensor(1.4700)
    >>> torch.nn.BCEWithLogitsLoss()(logits, labels)
    tensor(1.4700)
    """
    xp = namespace(input=input, target=target, weight=weight, pos_weight=pos_weight)
    check_binary_args(xp, input, target, weight, pos_weight, reduction)

    # A term whose target factor is exactly 0 is 0, even at an infinite logit,
    # where the log is -inf and 0 * -inf would be nan (discarded, so not warned).
    with np.errstate(invalid="ignore"):
        positive = xp.where(target == 0, 0.0, target * log_sigmoid(input))
        negative = xp.where(target == 1, 0.0, (1 - target) * log_sigmoid(-input))
    if pos_weight is not None:
        positive = pos_weight * positive
    loss = -(positive + negative)
    if weight is not None:
        loss = weight * loss
    return _reduce(xp, loss, reduction)


def nll_loss(
    input: Array,
    target: Array,
    *,
    weight: Array | None = None,
    ignore_index: int = -100,
    reduction: str = "mean",
) -> Array:
    r"""Negative log-likelihood of the true classes, from log-probabilities.

    Parameters
    ----------
    input : array
        Log-probabilities, such as the output of :func:`log_softmax`, with the
        classes on axis 1: shape :math:`(C)`, :math:`(N, C)` or
        :math:`(N, C, d_1, \dots, d_K)`, real floating.
    target : array
        Class indices in :math:`[0, C)`, integer dtype, shape :math:`()`,
        :math:`(N)` or :math:`(N, d_1, \dots, d_K)`.
    weight : array, optional
        A weight per class, shape :math:`(C)`, in the dtype of `input`.
    ignore_index : int, optional
        Targets equal to it add nothing to the loss nor to the mean's
        denominator. Default -100.
    reduction : {"mean", "sum", "none"}, optional
        How to reduce the per-element losses. Default "mean".

    Returns
    -------
    array
        A 0-dimensional array, or the per-element losses of the shape of
        `target` for ``reduction="none"``, in the dtype of `input`.

    See Also
    --------
    log_softmax : Turns logits into the log-probabilities this takes.
    cross_entropy : ``nll_loss(log_softmax(logits))`` in one call.
    torch.nn.NLLLoss : The PyTorch module this matches.

    Notes
    -----
    The unreduced loss picks, for each element, the log-probability of its
    true class :math:`y_n`:

    .. math::

        \ell_n = -w_{y_n} \log p_{n, y_n} \cdot \mathbb{1}\{y_n \ne \text{ignore\_index}\}

    where :math:`\log p_{n, c}` is the entry of `input` for element
    :math:`n` and class :math:`c`,

    and the reductions are

    .. math::

        L = \begin{cases}
            \sum_{n=1}^{N} \frac{\ell_n}{\sum_{m=1}^{N} w_{y_m} \cdot
                \mathbb{1}\{y_m \ne \text{ignore\_index}\}},
                & \text{if reduction} = \text{mean;}\\
            \sum_{n=1}^{N} \ell_n, & \text{if reduction} = \text{sum.}
        \end{cases}

    The mean is weighted: it divides by the total weight of the counted
    targets, not by :math:`N`. If every target is ignored it is 0/0 = nan,
    as in PyTorch.

    Shapes: `input` :math:`(C)`, :math:`(N, C)` or :math:`(N, C, d_1, \dots, d_K)`;
    `target` :math:`()`, :math:`(N)` or :math:`(N, d_1, \dots, d_K)`; the
    output :math:`()` or, for ``"none"``, the shape of `target`.

    clsloss is stricter than PyTorch: it accepts every integer dtype but
    checks that class indices lie in :math:`[0, C)` with a ValueError on any
    backend, and `weight` must have the dtype of `input`.

    Examples
    --------
    The loss of each image is minus the log-probability of its true class:

    >>> import numpy as np
    >>> import clsloss
    >>> log_p = np.log(np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]]))
    >>> clsloss.nll_loss(log_p, np.array([0, 2]), reduction="none")
    array([0.35667494, 0.22314355])

    Class weights give a weighted mean, as in :class:`torch.nn.NLLLoss`:

    >>> import torch
    >>> weight = np.array([1.0, 1.0, 3.0])
    >>> clsloss.nll_loss(log_p, np.array([0, 2]), weight=weight)
    np.float64(0.25652639...)
    >>> torch.nn.NLLLoss(weight=torch.from_numpy(weight))(
    ...     torch.from_numpy(log_p), torch.tensor([0, 2]))
    tensor(0.2565, dtype=torch.float64)
    """
    xp = namespace(input=input, target=target, weight=weight)
    check_nll_args(xp, input, target, weight, ignore_index, reduction)

    loss, class_weight, _ = _nll_terms(xp, input, target, weight, ignore_index)
    return _reduce(xp, loss, reduction, denominator=xp.sum(class_weight))


def cross_entropy(
    input: Array,
    target: Array,
    *,
    weight: Array | None = None,
    ignore_index: int = -100,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> Array:
    r"""Cross-entropy between logits and class indices or class probabilities.

    Parameters
    ----------
    input : array
        Logits (unnormalised scores) with the classes on axis 1: shape
        :math:`(C)`, :math:`(N, C)` or :math:`(N, C, d_1, \dots, d_K)`, real
        floating. Do not apply softmax first.
    target : array
        Either class indices, integer dtype, shape :math:`()`, :math:`(N)` or
        :math:`(N, d_1, \dots, d_K)`; or class probabilities of the shape and
        dtype of `input`, each summing to 1 over the classes.
    weight : array, optional
        A weight per class, shape :math:`(C)`, in the dtype of `input`.
    ignore_index : int, optional
        With class indices: targets equal to it add nothing to the loss nor
        to the mean's denominator. Default -100.
    reduction : {"mean", "sum", "none"}, optional
        How to reduce the per-element losses. Default "mean".
    label_smoothing : float, optional
        :math:`\varepsilon \in [0, 1]`: the target becomes
        :math:`(1 - \varepsilon)\, y + \varepsilon / C`. Default 0.

    Returns
    -------
    array
        A 0-dimensional array, or the per-element losses (the shape of
        `input` without its class axis) for ``reduction="none"``.

    See Also
    --------
    log_softmax, nll_loss : ``cross_entropy`` is ``nll_loss(log_softmax(input))``.
    smooth_labels : The smoothed targets of ``label_smoothing``.
    cross_entropy_grad : Its gradient, :math:`p - y`.
    torch.nn.CrossEntropyLoss : The PyTorch module this matches.

    Notes
    -----
    With class indices, :math:`z_n` the logits of element :math:`n` and
    :math:`\varepsilon = 0`, the unreduced loss is

    .. math::

        \ell_n = -w_{y_n} \log \frac{e^{z_{n, y_n}}}{\sum_{c=0}^{C-1} e^{z_{n,c}}}
                 \cdot \mathbb{1}\{y_n \ne \text{ignore\_index}\}

    and the reductions are

    .. math::

        L = \begin{cases}
            \sum_{n=1}^{N} \frac{\ell_n}{\sum_{m=1}^{N} w_{y_m} \cdot
                \mathbb{1}\{y_m \ne \text{ignore\_index}\}},
                & \text{if reduction} = \text{mean;}\\
            \sum_{n=1}^{N} \ell_n, & \text{if reduction} = \text{sum.}
        \end{cases}

    With label smoothing the loss adds the smoothing term, and the mean keeps
    the same weighted denominator:

    .. math::

        \ell_n = (1 - \varepsilon)\, \ell_n^{\text{nll}}
                 - \frac{\varepsilon}{C} \sum_{c=0}^{C-1} w_c \log p_{n,c}
                 \cdot \mathbb{1}\{y_n \ne \text{ignore\_index}\}

    With class probabilities :math:`y_{n,c}` (smoothed first if
    :math:`\varepsilon > 0`), the loss is the full cross-entropy

    .. math::

        \ell_n = -\sum_{c=0}^{C-1} w_c\, y_{n,c} \log p_{n,c}

    and ``"mean"`` divides by the number of elements :math:`N` (times
    :math:`d_1 \cdots d_K`), whatever the weights.

    Shapes: `input` :math:`(C)`, :math:`(N, C)` or :math:`(N, C, d_1, \dots, d_K)`;
    `target` :math:`()`, :math:`(N)`, :math:`(N, d_1, \dots, d_K)` (indices) or
    the shape of `input` (probabilities); the output :math:`()` or, for
    ``"none"``, the shape of `input` without axis 1.

    Differences from PyTorch:

    - probability targets must lie in [0, 1] and sum to 1 over the classes
      (PyTorch accepts any numbers): multi-hot targets raise a ValueError
      that points to :func:`binary_cross_entropy_with_logits`;
    - with probability targets, an `ignore_index` other than the default
      -100 raises a ValueError. PyTorch 2.13 raises a RuntimeError
      ("ignore_index is not supported for floating point target") for a
      value of 0 or more, and accepts any negative value, which then has no
      effect;
    - class indices outside :math:`[0, C)` raise a ValueError on every
      backend, and any integer dtype is accepted;
    - a +inf logit gives the limit: a +inf logit of the true class costs
      0 (PyTorch returns nan).

    Examples
    --------
    The running example: two images, three classes, true classes 0 and 2:

    >>> import torch
    >>> import clsloss
    >>> logits = torch.tensor([[-1.9609, -0.2974, 0.1152], [0.5912, 1.7348, -2.4041]])
    >>> labels = torch.tensor([0, 2])
    >>> clsloss.cross_entropy(logits, labels, reduction="none")
    tensor([2.6568, 4.4275])
    >>> clsloss.cross_entropy(logits, labels)
    tensor(3.5422)
    >>> torch.nn.CrossEntropyLoss()(logits, labels)
    tensor(3.5422)

    One-hot probability targets give the same loss:

    >>> clsloss.cross_entropy(logits, torch.tensor([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]))
    tensor(3.5422)

    It is :func:`nll_loss` of :func:`log_softmax`:

    >>> clsloss.nll_loss(clsloss.log_softmax(logits, axis=1), labels)
    tensor(3.5422)
    """
    xp = namespace(input=input, target=target, weight=weight)
    class_axis, probability_target, label_smoothing = check_cross_entropy_args(
        xp, input, target, weight, ignore_index, reduction, label_smoothing
    )
    num_classes = input.shape[class_axis]

    if probability_target:
        log_p = log_softmax(input, axis=class_axis)
        if label_smoothing > 0:
            target = smooth_labels(target, label_smoothing, axis=class_axis)
        if weight is not None:
            target = _along_class_axis(xp, weight, input, class_axis) * target
        # A class with target 0 adds 0, even where its log-probability is -inf
        # (0 * -inf would be nan: discarded, so not warned).
        with np.errstate(invalid="ignore"):
            terms = xp.where(target == 0, 0.0, target * log_p)
        return _reduce(xp, -xp.sum(terms, axis=class_axis), reduction)

    log_p = log_softmax(input, axis=class_axis)
    loss, class_weight, ignored = _nll_terms(xp, log_p, target, weight, ignore_index)
    if label_smoothing > 0:
        if weight is not None:
            log_p = _along_class_axis(xp, weight, input, class_axis) * log_p
        uniform = xp.where(ignored, 0.0, -xp.sum(log_p, axis=class_axis))
        loss = (1 - label_smoothing) * loss + label_smoothing / num_classes * uniform
    return _reduce(xp, loss, reduction, denominator=xp.sum(class_weight))
