r"""Focal losses: cross-entropies that down-weight examples already classified well.

The focal loss of Lin et al. (2017, "Focal Loss for Dense Object Detection")
multiplies the cross-entropy of each element by :math:`(1 - p_t)^\gamma`,
where :math:`p_t` is the probability given to the true label. Both losses
here compute :math:`\log(1 - p_t)` in log space and raise it to the power
:math:`\gamma` as :math:`e^{\gamma \log(1 - p_t)}`, so the factor keeps its
relative accuracy where :math:`1 - p_t` rounds to 0 as a difference; the
logarithm of :math:`p_t` itself is computed so that it keeps it too.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from array_api_compat import device

from clsloss._validation import (
    Array,
    check_alpha,
    check_binary_args,
    check_cross_entropy_args,
    check_gamma,
    namespace,
)
from clsloss.activations import log_sigmoid, logsumexp
from clsloss.losses import (
    _along_class_axis,
    _nll_terms,
    _reduce,
    binary_cross_entropy_with_logits,
)

__all__ = ["focal_loss", "sigmoid_focal_loss"]


def _logaddexp(xp: Any, a: Array, b: Array) -> Array:
    r"""Return :math:`\log(e^a + e^b)`, shifted by the larger term.

    Where both terms are ``-inf`` (a sum of two zeros) the shift is 0, so that
    ``-inf - (-inf)``, which is nan, is never formed.
    """
    larger, smaller = xp.maximum(a, b), xp.minimum(a, b)
    shift = xp.where(larger == -xp.inf, 0.0, larger)
    return larger + xp.log1p(xp.exp(smaller - shift))


def _log_one_minus_p_t(xp: Any, input: Array, target: Array) -> Array:
    r"""Return :math:`\log(1 - p_t)` of binary logits, for hard and soft targets.

    :math:`1 - p_t = y\, \sigma(-z) + (1 - y)\, \sigma(z)` is a sum of two
    terms that are at most 0 in log space, added with :func:`_logaddexp`.
    """
    # log 0 = -inf for a hard target is the right value: that term is absent.
    with np.errstate(divide="ignore"):
        log_y, log_not_y = xp.log(target), xp.log1p(-target)
    return _logaddexp(xp, log_y + log_sigmoid(-input), log_not_y + log_sigmoid(input))


def _log_softmax_by_margin(
    xp: Any, input: Array, class_axis: int
) -> tuple[Array, Array, Array]:
    r"""Return :math:`\log p_c` of softmax, the top-class mask and its margin.

    Only the class :math:`c^*` with the largest logit can have
    :math:`p_{c^*} > 1/2`. With :math:`r` the logsumexp of the other logits,
    its margin :math:`m = z_{c^*} - r` gives :math:`p_{c^*} = \sigma(m)`, and
    :math:`\log p_c = (z_c - z_{c^*}) + \log \sigma(m)` for every class.
    """
    top = xp.argmax(input, axis=class_axis, keepdims=True)
    classes = xp.arange(input.shape[class_axis], device=device(input))
    is_top = _along_class_axis(xp, classes, input, class_axis) == top
    top_logit = xp.take_along_axis(input, top, axis=class_axis)
    # With one class there is no other logit: r = -inf, p = 1 and log(1 - p) = -inf.
    rest = logsumexp(xp.where(is_top, -xp.inf, input), axis=class_axis, keepdims=True)
    margin = top_logit - rest
    # The top class's own difference z_c - z_top is 0, written as a constant so
    # that an infinite top logit gives no inf - inf.
    log_p = xp.where(is_top, 0.0, input - top_logit) + log_sigmoid(margin)
    return log_p, is_top, margin


def _log_not_p(xp: Any, log_p: Array, is_top: Array, margin: Array) -> Array:
    r"""Return :math:`\log(1 - p)` of the entries of :func:`_log_softmax_by_margin`.

    For the top class it is :math:`\log \sigma(-m)`, accurate even where
    :math:`p_{c^*}` rounds to 1; every other class has :math:`p \le 1/2`,
    where ``log1p(-p)`` is accurate.
    """
    # The top class takes the other branch; 0 stands in for its -p there, so
    # log1p(-1) = -inf is never formed (nor its infinite derivative).
    minus_p = xp.where(is_top, 0.0, -xp.exp(log_p))
    return xp.where(is_top, log_sigmoid(-margin), xp.log1p(minus_p))


def sigmoid_focal_loss(
    input: Array,
    target: Array,
    *,
    alpha: float = 0.25,
    gamma: float = 2.0,
    reduction: str = "none",
) -> Array:
    r"""Binary focal loss from logits, as in ``torchvision.ops.sigmoid_focal_loss``.

    Parameters
    ----------
    input : array
        Logits :math:`z`, any shape, real floating: one independent yes/no
        score per element, as in dense object detection.
    target : array
        Targets :math:`y \in [0, 1]` of the shape and dtype of `input`:
        0 or 1 for hard labels, anything between for soft ones.
    alpha : float, optional
        :math:`\alpha \in [0, 1]`, the weight of the positive term; the
        negative term gets :math:`1 - \alpha`. ``alpha=-1`` turns the
        weighting off. Default 0.25, as in torchvision and the paper.
    gamma : float, optional
        The focusing exponent :math:`\gamma \ge 0`. Default 2.0;
        :math:`\gamma = 0` gives the (weighted) binary cross-entropy.
    reduction : {"none", "mean", "sum"}, optional
        How to reduce the per-element losses. Default "none", as in torchvision.

    Returns
    -------
    array
        The per-element losses of the shape of `input` for ``"none"``, or
        a 0-dimensional array, in the dtype of `input`.

    See Also
    --------
    binary_cross_entropy_with_logits : The loss that :math:`(1 - p_t)^\gamma` scales.
    focal_loss : The multi-class (softmax) focal loss.

    Notes
    -----
    With :math:`p = \sigma(z)`, :math:`p_t = p\, y + (1 - p)(1 - y)` and
    :math:`\alpha_t = \alpha\, y + (1 - \alpha)(1 - y)`, the unreduced loss is

    .. math::

        \ell_n = -\alpha_t (1 - p_t)^\gamma
                 \left[ y_n \log p_n + (1 - y_n) \log(1 - p_n) \right],

    which for a hard label is the paper's
    :math:`-\alpha_t (1 - p_t)^\gamma \log p_t`. With ``alpha=-1`` the factor
    :math:`\alpha_t` is left out. The reductions are

    .. math::

        L = \begin{cases}
            \frac{1}{N} \sum_{n=1}^{N} \ell_n, & \text{if reduction} = \text{mean;}\\
            \sum_{n=1}^{N} \ell_n, & \text{if reduction} = \text{sum,}
        \end{cases}

    where :math:`N` counts every element. The bracket is
    :func:`binary_cross_entropy_with_logits`. The factor uses
    :math:`1 - p_t = y\, \sigma(-z) + (1 - y)\, \sigma(z)`, a sum of two
    non-negative terms, added in log space from :func:`log_sigmoid`:

    .. math::

        \log(1 - p_t) = \log\left( e^{\log y + \log \sigma(-z)}
                        + e^{\log(1 - y) + \log \sigma(z)} \right),
        \qquad (1 - p_t)^\gamma = e^{\gamma \log(1 - p_t)}.

    torchvision forms :math:`1 - p_t` by subtraction, which is exactly 0 once
    :math:`\sigma(z)` rounds to 1 (from :math:`z \approx 17` in float32).
    With :math:`\gamma = 0` the factor is 1, also where :math:`1 - p_t = 0`.

    Shapes: `input` any shape :math:`(*)`; `target` the same; the output
    :math:`(*)` for ``"none"``, else :math:`()`.

    Differences from torchvision:

    - a confident prediction keeps a loss with relative accuracy where
      torchvision's is 0 (example below);
    - `alpha` must lie in [0, 1] or be -1 (torchvision turns the weighting
      off for any negative `alpha` and accepts :math:`\alpha > 1`, which
      gives negative losses); `gamma` must be finite and at least 0;
    - targets must lie in [0, 1] and have the shape and dtype of `input`
      (torchvision broadcasts and accepts any number);
    - an infinite logit gives the limit: :math:`z = +\infty` with
      :math:`y = 1` costs 0 (torchvision returns nan).

    Examples
    --------
    Three elements with labels 0, 1, 1; the confident right answer (logit 3,
    label 1) is scaled down the most. torchvision's formula, transcribed in
    torch, gives the same numbers:

    >>> import torch
    >>> import torch.nn.functional as F
    >>> import clsloss
    >>> z = torch.tensor([-2.0, 0.5, 3.0])
    >>> y = torch.tensor([0.0, 1.0, 1.0])
    >>> clsloss.sigmoid_focal_loss(z, y)
    tensor([1.3527e-03, 1.6893e-02, 2.7321e-05])
    >>> p = torch.sigmoid(z)
    >>> p_t = p * y + (1 - p) * (1 - y)
    >>> ce = F.binary_cross_entropy_with_logits(z, y, reduction="none")
    >>> ce * (1 - p_t) ** 2 * (0.25 * y + 0.75 * (1 - y))
    tensor([1.3527e-03, 1.6893e-02, 2.7321e-05])

    With :math:`\gamma = 0` and ``alpha=-1`` it is the binary cross-entropy:

    >>> clsloss.sigmoid_focal_loss(z, y, alpha=-1, gamma=0.0)
    tensor([0.1269, 0.4741, 0.0486])
    >>> F.binary_cross_entropy_with_logits(z, y, reduction="none")
    tensor([0.1269, 0.4741, 0.0486])

    At a float32 logit of 20 with label 1, :math:`\sigma(20)` rounds to 1:
    torchvision's :math:`1 - p_t` is 0 and so is its loss. In log space the
    loss is the exact :math:`\tfrac14 \sigma(-20)^2 \log(1 + e^{-20})`,
    computed here in float64 with Python's ``math``:

    >>> z, y = torch.tensor([20.0]), torch.tensor([1.0])
    >>> p_t = torch.sigmoid(z) * y + (1 - torch.sigmoid(z)) * (1 - y)
    >>> 1 - p_t
    tensor([0.])
    >>> clsloss.sigmoid_focal_loss(z, y)
    tensor([2.1891e-27])
    >>> import math
    >>> 0.25 * (1 / (1 + math.exp(20))) ** 2 * math.log1p(math.exp(-20))
    2.1891276793938...e-27
    """
    xp = namespace(input=input, target=target)
    check_binary_args(xp, input, target, None, None, reduction)
    gamma = check_gamma(gamma)
    alpha_or_off = check_alpha(alpha)

    loss = binary_cross_entropy_with_logits(input, target, reduction="none")
    # gamma = 0 leaves the factor out: (1 - p_t)^0 = 1, even where 1 - p_t = 0
    # and gamma * log(1 - p_t) would be 0 * -inf = nan.
    if gamma > 0:
        loss = xp.exp(gamma * _log_one_minus_p_t(xp, input, target)) * loss
    if alpha_or_off is not None:
        loss = (alpha_or_off * target + (1 - alpha_or_off) * (1 - target)) * loss
    return _reduce(xp, loss, reduction)


def focal_loss(
    input: Array,
    target: Array,
    *,
    gamma: float = 2.0,
    weight: Array | None = None,
    ignore_index: int = -100,
    reduction: str = "mean",
) -> Array:
    r"""Multi-class (softmax) focal loss, from logits.

    Parameters
    ----------
    input : array
        Logits :math:`z` with the classes on axis 1: shape :math:`(C)`,
        :math:`(N, C)` or :math:`(N, C, d_1, \dots, d_K)`, real floating.
    target : array
        Either class indices, integer dtype, shape :math:`()`, :math:`(N)` or
        :math:`(N, d_1, \dots, d_K)`; or class probabilities of the shape and
        dtype of `input`, each summing to 1 over the classes.
    gamma : float, optional
        The focusing exponent :math:`\gamma \ge 0`. Default 2.0;
        :math:`\gamma = 0` gives the cross-entropy.
    weight : array, optional
        A weight :math:`w_c` per class, shape :math:`(C)`, in the dtype of `input`.
    ignore_index : int, optional
        With class indices: targets equal to it add nothing to the loss nor
        to the mean's denominator. Default -100.
    reduction : {"mean", "sum", "none"}, optional
        How to reduce the per-element losses. Default "mean".

    Returns
    -------
    array
        A 0-dimensional array, or the per-element losses (the shape of
        `input` without its class axis) for ``reduction="none"``.

    See Also
    --------
    cross_entropy : The loss this scales, with the same targets and options.
    sigmoid_focal_loss : The binary focal loss, one sigmoid per element.

    Notes
    -----
    With :math:`p_n = \operatorname{softmax}(z_n)` and class indices
    :math:`y_n`, so that :math:`p_t = p_{n, y_n}`, the unreduced loss is

    .. math::

        \ell_n = -w_{y_n} (1 - p_{n, y_n})^\gamma \log p_{n, y_n}
                 \cdot \mathbb{1}\{y_n \ne \text{ignore\_index}\}

    and the reductions are those of :func:`cross_entropy`:

    .. math::

        L = \begin{cases}
            \sum_{n=1}^{N} \frac{\ell_n}{\sum_{m=1}^{N} w_{y_m} \cdot
                \mathbb{1}\{y_m \ne \text{ignore\_index}\}},
                & \text{if reduction} = \text{mean;}\\
            \sum_{n=1}^{N} \ell_n, & \text{if reduction} = \text{sum.}
        \end{cases}

    With class probabilities :math:`y_{n,c}` the loss is

    .. math::

        \ell_n = -\sum_{c=0}^{C-1} w_c\, y_{n,c} (1 - p_{n,c})^\gamma \log p_{n,c}

    and ``"mean"`` divides by the number of elements :math:`N` (times
    :math:`d_1 \cdots d_K`), whatever the weights.

    Both logarithms are computed in log space. Only the class :math:`c^*` with
    the largest logit can have :math:`p_{c^*} > 1/2`. With :math:`r` the
    logsumexp of the other logits, :math:`p_{c^*} = \sigma(z_{c^*} - r)`, so

    .. math::

        \log p_{c^*} = \log \sigma(z_{c^*} - r), \qquad
        \log(1 - p_{c^*}) = \log \sum_{c \ne c^*} p_c = \log \sigma(r - z_{c^*}),

    both accurate where :math:`p_{c^*}` rounds to 1. Every other class has
    :math:`p_c \le 1/2`, where :math:`\log(1 - p_c)` is ``log1p(-p_c)``.
    Then :math:`(1 - p)^\gamma = e^{\gamma \log(1 - p)}`, and with
    :math:`\gamma = 0` the factor is left out.

    Shapes: those of :func:`cross_entropy`.

    Differences from PyTorch, which has no focal loss, and from its usual
    transcription ``(1 - p_t) ** gamma * F.cross_entropy(..., reduction="none")``:

    - a confident prediction keeps a loss with relative accuracy where the
      transcription gives 0 (example below);
    - with :math:`\gamma = 0` it is the cross-entropy, equal to
      :func:`torch.nn.functional.cross_entropy` and :func:`cross_entropy` to
      rounding, but not bit for bit: the log-probability of the top class is
      :math:`\log \sigma(z_{c^*} - r)`, not :math:`z_{c^*}` minus the logsumexp,
      so it stays accurate where :math:`p_{c^*}` rounds to 1, where theirs
      is 0 (example below);
    - the checks of :func:`cross_entropy` apply: probability targets must lie in
      [0, 1] and sum to 1, class indices must lie in :math:`[0, C)`;
      `gamma` must be finite and at least 0.

    Examples
    --------
    The running example: two images, three classes, true classes 0 and 2.
    Both are misclassified (small :math:`p_t`, printed below), so the factors
    :math:`(1 - p_t)^2` are close to 1 and the focal loss is a little below
    the cross-entropy:

    >>> import torch
    >>> import torch.nn.functional as F
    >>> import clsloss
    >>> logits = torch.tensor([[-1.9609, -0.2974, 0.1152], [0.5912, 1.7348, -2.4041]])
    >>> labels = torch.tensor([0, 2])
    >>> clsloss.focal_loss(logits, labels, reduction="none")
    tensor([2.2971, 4.3224])
    >>> F.cross_entropy(logits, labels, reduction="none")
    tensor([2.6568, 4.4275])

    The same numbers from the transcription, and with :math:`\gamma = 0` the
    cross-entropy:

    >>> p_t = torch.softmax(logits, dim=1)[[0, 1], labels]
    >>> p_t
    tensor([0.0702, 0.0119])
    >>> (1 - p_t) ** 2 * F.cross_entropy(logits, labels, reduction="none")
    tensor([2.2971, 4.3224])
    >>> clsloss.focal_loss(logits, labels, gamma=0.0, reduction="none")
    tensor([2.6568, 4.4275])

    A confident right answer, float32 logits :math:`(20, 0, 0)` for class 0:
    :math:`p_0` rounds to 1, so the transcription's :math:`1 - p_t` and
    cross-entropy are both 0. The exact loss is
    :math:`(1 - p_0)^2 \log(1 + 2e^{-20})` with
    :math:`1 - p_0 = 2e^{-20} / (1 + 2e^{-20})`, computed here in float64
    with Python's ``math``:

    >>> z, y = torch.tensor([[20.0, 0.0, 0.0]]), torch.tensor([0])
    >>> p_t = torch.softmax(z, dim=1)[0, 0]
    >>> (1 - p_t) ** 2 * F.cross_entropy(z, y, reduction="none")
    tensor([-0.])
    >>> clsloss.focal_loss(z, y, reduction="none")
    tensor([7.0052e-26])
    >>> import math
    >>> e = 2 * math.exp(-20)
    >>> (e / (1 + e)) ** 2 * math.log1p(e)
    7.00520853796...e-26

    With :math:`\gamma = 0` it is the cross-entropy :math:`\log(1 + 2e^{-20})`,
    which :func:`torch.nn.functional.cross_entropy` rounds to 0:

    >>> clsloss.focal_loss(z, y, gamma=0.0, reduction="none")
    tensor([4.1223e-09])
    >>> F.cross_entropy(z, y, reduction="none")
    tensor([-0.])
    >>> math.log1p(e)
    4.12230723638...e-09
    """
    xp = namespace(input=input, target=target, weight=weight)
    class_axis, probability_target, _ = check_cross_entropy_args(
        xp, input, target, weight, ignore_index, reduction, 0.0
    )
    gamma = check_gamma(gamma)

    log_p, is_top, margin = _log_softmax_by_margin(xp, input, class_axis)

    if probability_target:
        # The focal log-likelihood of every class, (1 - p_c)^gamma log p_c, in
        # place of the log p_c of cross_entropy.
        if gamma > 0:
            log_p = xp.exp(gamma * _log_not_p(xp, log_p, is_top, margin)) * log_p
        if weight is not None:
            target = _along_class_axis(xp, weight, input, class_axis) * target
        # A class with target 0 adds 0, even where its log-probability is -inf
        # (0 * -inf would be nan: discarded, so not warned).
        with np.errstate(invalid="ignore"):
            terms = xp.where(target == 0, 0.0, target * log_p)
        return _reduce(xp, -xp.sum(terms, axis=class_axis), reduction)

    # The cross-entropy terms -w_y log p_y, scaled by (1 - p_y)^gamma, which is
    # needed for the true class only. gamma = 0 leaves the factor out.
    loss, class_weight, ignored = _nll_terms(xp, log_p, target, weight, ignore_index)
    if gamma > 0:
        # Ignored elements read class 0, as in _nll_terms; their loss stays 0.
        true_class = xp.expand_dims(
            xp.astype(xp.where(ignored, 0, target), xp.int64), axis=class_axis
        )
        log_not_p_y = _log_not_p(
            xp,
            xp.take_along_axis(log_p, true_class, axis=class_axis),
            xp.take_along_axis(is_top, true_class, axis=class_axis),
            margin,
        )
        factor = xp.exp(gamma * xp.squeeze(log_not_p_y, axis=class_axis))
        # `where`, not the product alone: a mean over only ignored targets is
        # 0 / 0, and its infinite slope must reach no factor (as in _nll_terms).
        loss = xp.where(ignored, 0.0, factor * loss)
    return _reduce(xp, loss, reduction, denominator=xp.sum(class_weight))
