r"""Closed-form gradients of the losses with respect to their logits.

These are the formulas derived by hand, not autograd: :math:`p - y` for
cross-entropy and :math:`\sigma(z) - y` for binary cross-entropy with
logits, with the weights, smoothing and reductions of the losses.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from array_api_compat import device

from clsloss._validation import (
    Array,
    check_binary_args,
    check_cross_entropy_args,
    namespace,
)
from clsloss.activations import sigmoid, softmax
from clsloss.labels import one_hot, smooth_labels
from clsloss.losses import _along_class_axis

__all__ = ["binary_cross_entropy_with_logits_grad", "cross_entropy_grad"]


def cross_entropy_grad(
    input: Array,
    target: Array,
    *,
    weight: Array | None = None,
    ignore_index: int = -100,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> Array:
    r"""Gradient of :func:`cross_entropy` with respect to the logits.

    Parameters
    ----------
    input, target, weight, ignore_index, reduction, label_smoothing
        As for :func:`cross_entropy`.

    Returns
    -------
    array
        :math:`\partial L / \partial z`, the shape and dtype of `input`.
        For ``reduction="none"`` it is the gradient of each element's own
        loss :math:`\ell_n` with respect to its own logits (equivalently,
        of their sum).

    See Also
    --------
    cross_entropy : The loss.
    binary_cross_entropy_with_logits_grad : The multi-label counterpart.

    Notes
    -----
    Write the target of element :math:`n` as a distribution :math:`y_n`
    (one-hot for a class index, smoothed if :math:`\varepsilon > 0`, zero
    if ignored) and :math:`a_{n,c} = w_c\, y_{n,c}`. Since
    :math:`\partial(-\log p_{n,c}) / \partial z_{n,k} = p_{n,k} - \mathbb{1}\{k = c\}`,

    .. math::

        \frac{\partial \ell_n}{\partial z_{n,k}}
        = p_{n,k} \sum_{c} a_{n,c} - a_{n,k}

    which is :math:`p_n - y_n` without weights. ``"mean"`` divides by the
    denominator of the loss: :math:`\sum_n w_{y_n}` over counted class
    indices, or the number of elements for probability targets.

    If every target is ignored, the loss is the mean of nothing, 0/0 = nan,
    but no logit changes it: the gradient is 0, as autograd through PyTorch
    and through :func:`cross_entropy` gives.

    Examples
    --------
    Without weights the gradient is :math:`(p - y) / N`:

    >>> import torch
    >>> import clsloss
    >>> logits = torch.tensor([[-1.9609, -0.2974, 0.1152], [0.5912, 1.7348, -2.4041]])
    >>> labels = torch.tensor([0, 2])
    >>> clsloss.cross_entropy_grad(logits, labels)
    tensor([[-0.4649,  0.1852,  0.2797],
            [ 0.1194,  0.3746, -0.4940]])

    Autograd through :func:`torch.nn.functional.cross_entropy` agrees:

    >>> logits.requires_grad_(True)
    tensor(...)
    >>> torch.nn.functional.cross_entropy(logits, labels).backward()
    >>> logits.grad
    tensor([[-0.4649,  0.1852,  0.2797],
            [ 0.1194,  0.3746, -0.4940]])
    """
    xp = namespace(input=input, target=target, weight=weight)
    class_axis, probability_target, label_smoothing = check_cross_entropy_args(
        xp, input, target, weight, ignore_index, reduction, label_smoothing
    )
    num_classes = input.shape[class_axis]
    if weight is None:
        weight = xp.ones(num_classes, dtype=input.dtype, device=device(input))
    class_weight = _along_class_axis(xp, weight, input, class_axis)

    if probability_target:
        q = smooth_labels(target, label_smoothing, axis=class_axis)
        denominator = math.prod(target.shape) / num_classes
    else:
        ignored = target == ignore_index
        safe_target = xp.where(ignored, 0, target)
        # one_hot puts the classes last; the losses keep them on the class axis.
        y = xp.moveaxis(one_hot(safe_target, num_classes), -1, class_axis)
        y = xp.where(
            xp.expand_dims(ignored, axis=class_axis), 0.0, xp.astype(y, input.dtype)
        )
        denominator = xp.sum(class_weight * y)  # the sum of w[y_n] counted
        counted = xp.sum(y, axis=class_axis, keepdims=True)  # 1, or 0 if ignored
        q = (1 - label_smoothing) * y + label_smoothing / num_classes * counted

    a = class_weight * q
    p = softmax(input, axis=class_axis)
    grad = p * xp.sum(a, axis=class_axis, keepdims=True) - a
    if reduction == "mean" and not probability_target:
        # Every target ignored: the gradient is 0, not 0 / 0, as in autograd.
        # (Counted targets whose weights sum to 0 still give 0 / 0 = nan, as in torch.)
        denominator = xp.where(xp.sum(y) == 0, 1.0, denominator)
    return _scale_for_reduction(grad, reduction, denominator)


def binary_cross_entropy_with_logits_grad(
    input: Array,
    target: Array,
    *,
    weight: Array | None = None,
    pos_weight: Array | None = None,
    reduction: str = "mean",
) -> Array:
    r"""Gradient of :func:`binary_cross_entropy_with_logits` with respect to the logits.

    Parameters
    ----------
    input, target, weight, pos_weight, reduction
        As for :func:`binary_cross_entropy_with_logits`.

    Returns
    -------
    array
        :math:`\partial L / \partial z`, the shape and dtype of `input`.
        For ``reduction="none"`` it is the derivative of each element's own
        loss :math:`\ell_n` (equivalently, of their sum).

    See Also
    --------
    binary_cross_entropy_with_logits : The loss.
    cross_entropy_grad : The multi-class counterpart, :math:`p - y`.

    Notes
    -----
    Since :math:`\frac{d}{dz} \log \sigma(z) = 1 - \sigma(z) = \sigma(-z)` and
    :math:`\frac{d}{dz} \log \sigma(-z) = -\sigma(z)`,

    .. math::

        \frac{\partial \ell_n}{\partial z_n}
        = w_n \left[ (1 - y_n)\, \sigma(z_n) - w^{+}_n\, y_n\, \sigma(-z_n) \right]

    which is :math:`\sigma(z_n) - y_n` without weights. ``"mean"`` divides
    by the number of elements.

    Examples
    --------
    Without weights the gradient is :math:`(\sigma(z) - y) / N`, and
    :math:`\sigma(z) - y` for ``reduction="sum"``:

    >>> import torch
    >>> import clsloss
    >>> x = torch.tensor([-2.0, 0.0, 3.0])
    >>> y = torch.tensor([0.0, 1.0, 1.0])
    >>> clsloss.binary_cross_entropy_with_logits_grad(x, y, reduction="sum")
    tensor([ 0.1192, -0.5000, -0.0474])
    >>> torch.sigmoid(x) - y
    tensor([ 0.1192, -0.5000, -0.0474])

    Autograd through :class:`torch.nn.BCEWithLogitsLoss` agrees:

    >>> x.requires_grad_(True)
    tensor([-2.,  0.,  3.], requires_grad=True)
    >>> torch.nn.BCEWithLogitsLoss(reduction="sum")(x, y).backward()
    >>> x.grad
    tensor([ 0.1192, -0.5000, -0.0474])
    """
    xp = namespace(input=input, target=target, weight=weight, pos_weight=pos_weight)
    check_binary_args(xp, input, target, weight, pos_weight, reduction)
    positive = target if pos_weight is None else pos_weight * target
    grad = (1 - target) * sigmoid(input) - positive * sigmoid(-input)
    if weight is not None:
        grad = weight * grad
    return _scale_for_reduction(grad, reduction, math.prod(input.shape))


def _scale_for_reduction(grad: Array, reduction: str, denominator: Any) -> Array:
    """Divide the gradient by the denominator of a ``"mean"`` reduction."""
    if reduction != "mean":
        return grad
    # Every target ignored: 0 / 0 = nan, like the loss itself.
    with np.errstate(invalid="ignore", divide="ignore"):
        return grad / denominator
