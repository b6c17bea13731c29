r"""Margin losses: hinge losses on the logits, and the logistic (soft margin) loss.

A margin loss asks the logit of a true class to beat the logits of the other
classes by a margin :math:`\Delta`. The hinge losses
(:func:`multi_margin_loss`, :func:`multilabel_margin_loss`) cost nothing once
every margin is met; the soft margin losses (:func:`soft_margin_loss`,
:func:`multilabel_soft_margin_loss`) replace the hinge by the smooth
:math:`\log(1 + e^{-m})` and are binary cross-entropies in disguise.

Every loss first computes the unreduced vector of per-sample losses
:math:`\ell_n`, then reduces it with the ``_reduce`` shared by every loss of
``clsloss.losses``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from array_api_compat import device

from clsloss._validation import (
    Array,
    check_multi_margin_args,
    check_multilabel_margin_args,
    check_multilabel_soft_margin_args,
    check_soft_margin_args,
    namespace,
)
from clsloss.activations import log_sigmoid
from clsloss.losses import _reduce

__all__ = [
    "multi_margin_loss",
    "multilabel_margin_loss",
    "multilabel_soft_margin_loss",
    "soft_margin_loss",
]


def _hinge(xp: Any, shortfall: Array, counted: Array) -> Array:
    r"""Return :math:`\max(0, h)` where `counted`, and 0 elsewhere.

    Written with ``where`` and a strict ``h > 0``, as PyTorch's kernels are: the
    gradient is 0 at the kink :math:`h = 0`, and a nan shortfall (from
    :math:`\infty - \infty`) counts as 0.
    """
    return xp.where(counted & (shortfall > 0), shortfall, 0.0)


def multi_margin_loss(
    input: Array,
    target: Array,
    *,
    p: int = 1,
    margin: float = 1.0,
    weight: Array | None = None,
    reduction: str = "mean",
) -> Array:
    r"""Multi-class hinge loss: each wrong class must trail the true one by a margin.

    Parameters
    ----------
    input : array
        Logits :math:`z`, shape :math:`(C)` or :math:`(N, C)`, real floating.
    target : array
        Class indices :math:`y_n \in [0, C)`, integer dtype, shape :math:`()`
        for an input :math:`(C)` and :math:`(N)` for an input :math:`(N, C)`.
    p : {1, 2}, optional
        The exponent :math:`r` of each hinge term: 1 for the hinge, 2 for the
        squared hinge. Default 1.
    margin : float, optional
        The margin :math:`\Delta`, a finite real number. Default 1.
    weight : array, optional
        A weight per class, shape :math:`(C)`, in the dtype of `input`.
    reduction : {"mean", "sum", "none"}, optional
        How to reduce the per-sample losses. Default "mean".

    Returns
    -------
    array
        A 0-dimensional array, or the per-sample losses of the shape of
        `target` for ``reduction="none"``, in the dtype of `input`.

    See Also
    --------
    cross_entropy : The smooth multi-class loss, which keeps charging a little.
    multilabel_margin_loss : The hinge loss with several true classes.
    torch.nn.MultiMarginLoss : The PyTorch module this matches.

    Notes
    -----
    Each wrong class :math:`c` whose :term:`logit` comes closer than the
    :term:`margin` :math:`\Delta` to the logit of the true class :math:`y_n` costs the shortfall, raised to
    the power :math:`r`; the sum is divided by the number of classes:

    .. math::

        \ell_n = \frac{w_{y_n}}{C} \sum_{c \ne y_n}
                 \max\left(0, \Delta - z_{n, y_n} + z_{n, c}\right)^r

    with :math:`w_{y_n} = 1` without `weight`. The reductions are

    .. math::

        L = \begin{cases}
            \frac{1}{N} \sum_{n=1}^{N} \ell_n, & \text{if reduction} = \text{mean;}\\
            \sum_{n=1}^{N} \ell_n, & \text{if reduction} = \text{sum.}
        \end{cases}

    Unlike :func:`cross_entropy`, the mean divides by :math:`N`, not by the
    total weight of the true classes. The loss is exactly 0 once
    :math:`z_{n, y_n} \ge z_{n, c} + \Delta` for every :math:`c \ne y_n`, and so
    is its gradient: a sample classified with enough margin stops teaching.

    Shape: `input` :math:`(C)` or :math:`(N, C)`; `target` :math:`()` or
    :math:`(N)`; `weight` :math:`(C)`; the output :math:`()` or, for
    ``"none"``, the shape of `target`.

    Differences from PyTorch:

    - `input` must have 1 or 2 axes and `target` the shape of `input` without
      its class axis (PyTorch also returns 0 for a 0-dimensional input and
      accepts size-1 variants of the target shape);
    - class indices outside :math:`[0, C)` raise a ValueError, and any integer
      dtype is accepted (PyTorch accepts only int64);
    - `margin` must be a finite real number (PyTorch returns 0 for a nan margin);
    - for an empty batch (:math:`N = 0`), PyTorch 2.13 can return arbitrary
      numbers for ``"mean"`` and ``"sum"`` (it reads uninitialised memory);
      clsloss reduces the empty vector of losses as every clsloss loss does.

    Examples
    --------
    The running example, true classes 0 and 2. Both images have wrong
    classes within the margin :math:`\Delta = 1` of the true one:

    >>> import torch
    >>> import clsloss
    >>> logits = torch.tensor([[-1.9609, -0.2974, 0.1152], [0.5912, 1.7348, -2.4041]])
    >>> labels = torch.tensor([0, 2])
    >>> clsloss.multi_margin_loss(logits, labels, reduction="none")
    tensor([1.9132, 3.0447])
    >>> clsloss.multi_margin_loss(logits, labels)
    tensor(2.4790)
    >>> torch.nn.MultiMarginLoss()(logits, labels)
    tensor(2.4790)

    A sample whose true logit beats every other by more than the margin costs
    exactly 0, where cross-entropy still charges a little:

    >>> clear = torch.tensor([3.0, 0.5, -1.0])
    >>> clsloss.multi_margin_loss(clear, torch.tensor(0))
    tensor(0.)
    >>> clsloss.cross_entropy(clear, torch.tensor(0))
    tensor(0.0957)

    The squared hinge with class weights; the mean is the plain mean over the
    samples:

    >>> weight = torch.tensor([1.0, 1.0, 3.0])
    >>> losses = clsloss.multi_margin_loss(
    ...     logits, labels, p=2, weight=weight, reduction="none")
    >>> losses
    tensor([ 5.5189, 42.3707])
    >>> clsloss.multi_margin_loss(logits, labels, p=2, weight=weight)
    tensor(23.9448)
    >>> losses.mean()
    tensor(23.9448)
    >>> torch.nn.MultiMarginLoss(p=2, weight=weight)(logits, labels)
    tensor(23.9448)
    """
    xp = namespace(input=input, target=target, weight=weight)
    exponent, margin = check_multi_margin_args(
        xp, input, target, p, margin, weight, reduction
    )
    num_classes = input.shape[-1]

    true_class = xp.expand_dims(xp.astype(target, xp.int64), axis=-1)
    true_logit = xp.take_along_axis(input, true_class, axis=-1)
    # The order of torch's kernel, (margin - z_y) + z_c, for the same rounding.
    shortfall = (margin - true_logit) + input
    classes = xp.arange(num_classes, dtype=xp.int64, device=device(input))
    terms = _hinge(xp, shortfall, classes != true_class)
    if exponent == 2:
        terms = terms * terms
    if weight is not None:
        true_weight = xp.take(weight, xp.reshape(true_class, (-1,)), axis=0)
        terms = xp.reshape(true_weight, tuple(true_class.shape)) * terms
    loss = xp.sum(terms, axis=-1) / num_classes
    return _reduce(xp, loss, reduction)


def multilabel_margin_loss(
    input: Array, target: Array, *, reduction: str = "mean"
) -> Array:
    r"""Multi-label hinge loss: every true class must beat every other by 1.

    Parameters
    ----------
    input : array
        Logits :math:`z`, shape :math:`(C)` or :math:`(N, C)`, real floating.
    target : array
        For each sample, the indices of its true classes followed by -1:
        integer dtype, the shape of `input`. The list ends at the first -1;
        the entries after it are ignored but must still lie in
        :math:`[-1, C)`. A sample with no true class starts with -1.
    reduction : {"mean", "sum", "none"}, optional
        How to reduce the per-sample losses. Default "mean".

    Returns
    -------
    array
        A 0-dimensional array, or the per-sample losses, shape :math:`()` or
        :math:`(N)`, for ``reduction="none"``, in the dtype of `input`.

    See Also
    --------
    multi_margin_loss : The hinge loss with one true class per sample.
    multilabel_soft_margin_loss : The smooth multi-label loss, on 0/1 targets.
    torch.nn.MultiLabelMarginLoss : The PyTorch module this matches.

    Notes
    -----
    Let :math:`y_{n,0}, \dots, y_{n,J_n - 1}` be the entries of the target row
    before its first -1, and :math:`\mathcal{Y}_n` the set of classes they
    name. Every pair of a listed class and a class outside
    :math:`\mathcal{Y}_n` costs its :term:`hinge loss`, the shortfall from the
    margin 1:

    .. math::

        \ell_n = \frac{1}{C} \sum_{j=0}^{J_n - 1} \sum_{c \notin \mathcal{Y}_n}
                 \max\left(0, 1 - z_{n, y_{n,j}} + z_{n, c}\right)

    and the reductions are

    .. math::

        L = \begin{cases}
            \frac{1}{N} \sum_{n=1}^{N} \ell_n, & \text{if reduction} = \text{mean;}\\
            \sum_{n=1}^{N} \ell_n, & \text{if reduction} = \text{sum.}
        \end{cases}

    The sum runs over list positions :math:`j`, so a class listed twice
    counts twice, as in PyTorch. The margin is fixed at 1. The pairs are
    formed all at once, so the memory grows as :math:`N C^2`.

    Shape: `input` :math:`(C)` or :math:`(N, C)`; `target` the same; the
    output :math:`()` or, for ``"none"``, :math:`()` or :math:`(N)`.

    Differences from PyTorch:

    - `input` must have 1 or 2 axes (PyTorch returns 0 for a 0-dimensional
      input);
    - target entries outside :math:`[-1, C)` raise a ValueError, and any
      integer dtype is accepted (PyTorch raises a RuntimeError and accepts only
      int64);
    - for an empty batch (:math:`N = 0`), PyTorch 2.13 can return arbitrary
      numbers for ``"mean"`` and ``"sum"`` (it reads uninitialised memory);
      clsloss reduces the empty vector of losses as every clsloss loss does.

    Examples
    --------
    Classes 3 and 0 are true; the list ends at -1, so the 1 after it is
    ignored. The true logits 0.8 and 0.1 must beat the others, 0.2 and 0.4,
    by 1:

    >>> import torch
    >>> import clsloss
    >>> logits = torch.tensor([[0.1, 0.2, 0.4, 0.8]])
    >>> clsloss.multilabel_margin_loss(logits, torch.tensor([[3, 0, -1, 1]]))
    tensor(0.8500)
    >>> torch.nn.MultiLabelMarginLoss()(logits, torch.tensor([[3, 0, -1, 1]]))
    tensor(0.8500)

    That is :math:`[(1 - 0.8 + 0.2) + (1 - 0.8 + 0.4) + (1 - 0.1 + 0.2)
    + (1 - 0.1 + 0.4)] / 4`. Whatever follows the -1 changes nothing:

    >>> clsloss.multilabel_margin_loss(logits, torch.tensor([[3, 0, -1, 2]]))
    tensor(0.8500)
    """
    xp = namespace(input=input, target=target)
    check_multilabel_margin_args(xp, input, target, reduction)
    num_classes = input.shape[-1]

    target = xp.astype(target, xp.int64)
    # Position j is listed while no -1 has appeared at or before it.
    ends_seen = xp.cumulative_sum(xp.astype(target == -1, xp.int64), axis=-1)
    listed = ends_seen == 0
    listed_class = xp.where(listed, target, 0)
    classes = xp.arange(num_classes, dtype=xp.int64, device=device(input))
    # is_true[..., c]: some listed position names class c.
    names_class = listed[..., :, None] & (listed_class[..., :, None] == classes)
    is_true = xp.any(names_class, axis=-2)
    listed_logit = xp.take_along_axis(input, listed_class, axis=-1)
    # shortfall[..., j, c] = 1 - z_{y_j} + z_c, in the order of torch's kernel.
    shortfall = (1.0 - listed_logit)[..., :, None] + input[..., None, :]
    counted = listed[..., :, None] & ~is_true[..., None, :]
    loss = xp.sum(_hinge(xp, shortfall, counted), axis=(-2, -1)) / num_classes
    return _reduce(xp, loss, reduction)


def multilabel_soft_margin_loss(
    input: Array,
    target: Array,
    *,
    weight: Array | None = None,
    reduction: str = "mean",
) -> Array:
    r"""Multi-label logistic loss: binary cross-entropy per class, averaged over classes.

    Parameters
    ----------
    input : array
        Logits :math:`z`, shape :math:`(C)` or :math:`(N, C)`, real floating:
        one independent yes/no score per class.
    target : array
        Targets :math:`y_{n,c} \in [0, 1]` (1 for a class present), of the
        shape and dtype of `input`.
    weight : array, optional
        Weights :math:`w_c` that broadcast to the shape of `input`, usually
        one per class, shape :math:`(C)`; in the dtype of `input`.
    reduction : {"mean", "sum", "none"}, optional
        How to reduce the per-sample losses. Default "mean".

    Returns
    -------
    array
        A 0-dimensional array, or the per-sample losses, shape :math:`()` or
        :math:`(N)`, for ``reduction="none"``, in the dtype of `input`.

    See Also
    --------
    binary_cross_entropy_with_logits : The per-class terms, before averaging.
    log_sigmoid : The stable logarithm used here.
    multilabel_margin_loss : The hinge loss of the same task.
    torch.nn.MultiLabelSoftMarginLoss : The PyTorch module this matches.

    Notes
    -----
    The unreduced loss averages the binary :term:`cross-entropy` of each class,
    as in a :term:`multi-label` task:

    .. math::

        \ell_n = -\frac{1}{C} \sum_{c=0}^{C-1} w_c \left[
                 y_{n,c} \log \sigma(z_{n,c})
                 + (1 - y_{n,c}) \log \sigma(-z_{n,c}) \right]

    and the reductions are

    .. math::

        L = \begin{cases}
            \frac{1}{N} \sum_{n=1}^{N} \ell_n, & \text{if reduction} = \text{mean;}\\
            \sum_{n=1}^{N} \ell_n, & \text{if reduction} = \text{sum.}
        \end{cases}

    So ``multilabel_soft_margin_loss(z, y, weight=w, reduction="none")`` is
    ``binary_cross_entropy_with_logits(z, y, weight=w, reduction="none")``
    averaged over the last axis, and with ``"mean"`` both losses give the same
    number. Each term is computed with :func:`log_sigmoid`, which stays
    accurate at large logits.

    Shape: `input` :math:`(C)` or :math:`(N, C)`; `target` the same; `weight`
    broadcastable to it; the output :math:`()` or, for ``"none"``, :math:`()`
    or :math:`(N)`.

    Differences from PyTorch:

    - `input` must have 1 or 2 axes (PyTorch averages over the last axis of
      any input with at least one);
    - a target outside [0, 1] raises a ValueError, and `target` and `weight`
      must have the dtype of `input` (PyTorch accepts any target values, and
      promotes to the wider dtype);
    - an infinite logit gives the limit: :math:`z = +\infty` with
      :math:`y = 1` costs 0 (PyTorch returns nan).

    Examples
    --------
    The running example as a multi-label task: image 1 shows classes 0 and 2,
    image 2 classes 1 and 2:

    >>> import torch
    >>> import clsloss
    >>> logits = torch.tensor([[-1.9609, -0.2974, 0.1152], [0.5912, 1.7348, -2.4041]])
    >>> labels = torch.tensor([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]])
    >>> clsloss.multilabel_soft_margin_loss(logits, labels, reduction="none")
    tensor([1.0951, 1.2283])
    >>> torch.nn.MultiLabelSoftMarginLoss()(logits, labels)
    tensor(1.1617)

    Each per-sample loss is the mean over the classes of the binary
    cross-entropy with logits:

    >>> clsloss.binary_cross_entropy_with_logits(
    ...     logits, labels, reduction="none").mean(axis=1)
    tensor([1.0951, 1.2283])
    """
    xp = namespace(input=input, target=target, weight=weight)
    check_multilabel_soft_margin_args(xp, input, target, weight, reduction)

    # A term whose target factor is exactly 0 is 0, even at an infinite logit,
    # where the log is -inf and 0 * -inf would be nan (discarded, so not warned).
    with np.errstate(invalid="ignore"):
        present = xp.where(target == 0, 0.0, target * log_sigmoid(input))
        absent = xp.where(target == 1, 0.0, (1 - target) * log_sigmoid(-input))
    terms = -(present + absent)
    if weight is not None:
        terms = weight * terms
    loss = xp.sum(terms, axis=-1) / input.shape[-1]
    return _reduce(xp, loss, reduction)


def soft_margin_loss(input: Array, target: Array, *, reduction: str = "mean") -> Array:
    r"""Logistic loss of a logit against a label -1 or +1, in log space.

    Parameters
    ----------
    input : array
        Logits :math:`z`, any shape, real floating.
    target : array
        Labels :math:`y \in \{-1, +1\}` of the shape and dtype of `input`.
    reduction : {"mean", "sum", "none"}, optional
        How to reduce the per-element losses. Default "mean".

    Returns
    -------
    array
        A 0-dimensional array, or the per-element losses of the shape of
        `input` for ``reduction="none"``, in the dtype of `input`.

    See Also
    --------
    binary_cross_entropy_with_logits : The same loss with labels 0 and 1.
    log_sigmoid : The stable logarithm used here.
    torch.nn.SoftMarginLoss : The PyTorch module this matches.

    Notes
    -----
    The product :math:`y_n z_n` is the signed :term:`margin`: positive when the
    logit points to the right side. The unreduced loss is

    .. math::

        \ell_n = \log\left(1 + e^{-y_n z_n}\right) = -\log \sigma(y_n z_n)

    and the reductions are

    .. math::

        L = \begin{cases}
            \frac{1}{N} \sum_{n=1}^{N} \ell_n, & \text{if reduction} = \text{mean;}\\
            \sum_{n=1}^{N} \ell_n, & \text{if reduction} = \text{sum,}
        \end{cases}

    where :math:`N` counts every element. This is the logistic loss: binary
    cross-entropy with logits once the labels are mapped :math:`-1 \mapsto 0`,
    :math:`+1 \mapsto 1`, that is :math:`(y + 1) / 2`, since
    :math:`1 - \sigma(z) = \sigma(-z)`. It is computed as
    ``-log_sigmoid(target * input)``, which exponentiates only
    :math:`-|y_n z_n|`, so it stays finite where :math:`e^{-y_n z_n}`
    overflows.

    Shape: `input` any shape :math:`(*)`; `target` the same; the output
    :math:`()` or, for ``"none"``, :math:`(*)`.

    Differences from PyTorch:

    - a target other than -1 or +1 raises a ValueError (PyTorch computes a
      loss, for example :math:`\log 2` for every 0/1 label 0), and `target`
      must have the shape and dtype of `input` (PyTorch broadcasts a smaller
      target and accepts another floating dtype);
    - a large wrong margin gives the finite exact loss,
      :math:`\ell_n \approx -y_n z_n`, where PyTorch overflows to inf.

    Examples
    --------
    Two logits on the right side and one, 100, on the wrong side. In float32
    :math:`e^{100}` overflows, so PyTorch's loss is inf; clsloss keeps the
    exact 100:

    >>> import torch
    >>> import clsloss
    >>> z = torch.tensor([2.0, 0.5, 100.0])
    >>> y = torch.tensor([1.0, 1.0, -1.0])
    >>> clsloss.soft_margin_loss(z, y, reduction="none")
    tensor([  0.1269,   0.4741, 100.0000])
    >>> torch.nn.functional.soft_margin_loss(z, y, reduction="none")
    tensor([0.1269, 0.4741,    inf])

    With the labels mapped to 0 and 1, it is binary cross-entropy with logits:

    >>> clsloss.binary_cross_entropy_with_logits(z, (y + 1) / 2, reduction="none")
    tensor([  0.1269,   0.4741, 100.0000])
    """
    xp = namespace(input=input, target=target)
    check_soft_margin_args(xp, input, target, reduction)

    return _reduce(xp, -log_sigmoid(target * input), reduction)
