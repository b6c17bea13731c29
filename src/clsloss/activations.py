"""Output activations: sigmoid and softmax, and their logarithms.

Each function takes a NumPy array or a torch tensor of logits and returns the
same kind. They work in log space and shift by the maximum, so they stay
finite where the textbook formulas overflow.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np
from array_api_compat import device, is_torch_array

from clsloss._validation import (
    Array,
    check_floating,
    check_logits_along,
    namespace,
)

__all__ = [
    "SoftmaxSteps",
    "log_sigmoid",
    "log_softmax",
    "logsumexp",
    "sigmoid",
    "softmax",
    "softmax_steps",
]


def _minus_abs(xp: Any, x: Array) -> Array:
    """Return ``-|x|``, written with ``where`` so autograd gives -1 at 0, not 0."""
    return xp.where(x >= 0, -x, x)


def _constant(shift: Array) -> Array:
    """Return `shift` excluded from automatic differentiation, where there is any.

    Subtracting the maximum changes no result, so its exact derivative is 0.
    Differentiating through ``max`` anyway only costs time (and adds rounding),
    so for torch tensors the shift is detached from the autograd graph.
    """
    return shift.detach() if is_torch_array(shift) else shift


def _one_logit(xp: Any, function: Callable[[Array], Array], x: Array) -> Array:
    """Apply a reduction over classes to a 0-dimensional `x`: a single class.

    As in torch, one logit is read as a vector of length 1; the result is
    0-dimensional again.
    """
    return xp.reshape(function(xp.reshape(x, (1,))), ())


def sigmoid(x: Array) -> Array:
    r"""Logistic sigmoid, the probability of the positive class.

    Parameters
    ----------
    x : array
        Logits :math:`z` of any shape and real floating dtype.

    Returns
    -------
    array
        :math:`\sigma(z)`, the same shape and dtype as `x`, in :math:`[0, 1]`.

    See Also
    --------
    log_sigmoid : Its logarithm, computed without forming ``sigmoid(x)``.
    softmax : The multi-class counterpart.

    Notes
    -----
    .. math::

        \sigma(z) = \frac{1}{1 + e^{-z}} = \frac{e^{z}}{1 + e^{z}}

    Only :math:`e^{-|z|} \le 1` is ever computed: the first form is used for
    :math:`z \ge 0` and the second for :math:`z < 0`, so nothing overflows.
    The scores of different classes are independent and need not sum to 1.

    Examples
    --------
    Sigmoid maps 0 to one half and large logits to 0 or 1, without overflow:

    >>> import numpy as np
    >>> import clsloss
    >>> clsloss.sigmoid(np.array([-1000.0, -2.0, 0.0, 2.0, 1000.0]))
    array([0.        , 0.11920292, 0.5       , 0.88079708, 1.        ])

    It agrees with :func:`torch.sigmoid`:

    >>> import torch
    >>> logits = torch.tensor([-1.9609, -0.2974, 0.1152])
    >>> clsloss.sigmoid(logits)
    tensor([0.1234, 0.4262, 0.5288])
    >>> torch.sigmoid(logits)
    tensor([0.1234, 0.4262, 0.5288])
    """
    xp = namespace(x=x)
    check_floating(xp, x, "x")
    # e = exp(-|x|) lies in (0, 1], so neither branch can overflow.
    e = xp.exp(_minus_abs(xp, x))
    return xp.where(x >= 0, 1 / (1 + e), e / (1 + e))


def log_sigmoid(x: Array) -> Array:
    r"""Logarithm of the sigmoid, computed in log space.

    Parameters
    ----------
    x : array
        Logits :math:`z` of any shape and real floating dtype.

    Returns
    -------
    array
        :math:`\log \sigma(z)`, the same shape and dtype as `x`, at most 0.

    See Also
    --------
    sigmoid : The probability itself.
    binary_cross_entropy_with_logits : The loss built from it.

    Notes
    -----
    .. math::

        \log \sigma(z) = \min(z, 0) - \log\left(1 + e^{-|z|}\right)

    The second term is evaluated with ``log1p``, accurate for tiny
    :math:`e^{-|z|}`. Since :math:`1 - \sigma(z) = \sigma(-z)`, ``log_sigmoid(-x)``
    is :math:`\log(1 - \sigma(z))`. In exact arithmetic
    ``log_sigmoid(x) == log(sigmoid(x))``.

    Examples
    --------
    A logit of -200 has probability :math:`e^{-200}`, which ``log`` of the
    float32 sigmoid turns into ``-inf``; ``log_sigmoid`` keeps the exact -200:

    >>> import torch
    >>> import clsloss
    >>> x = torch.tensor([-200.0, 0.0, 200.0])
    >>> clsloss.log_sigmoid(x)
    tensor([-200.0000,   -0.6931,    0.0000])
    >>> torch.log(torch.sigmoid(x))
    tensor([   -inf, -0.6931,  0.0000])
    >>> torch.nn.functional.logsigmoid(x)
    tensor([-200.0000,   -0.6931,    0.0000])
    """
    xp = namespace(x=x)
    check_floating(xp, x, "x")
    negative_part = xp.where(x >= 0, 0.0, x)
    return negative_part - xp.log1p(xp.exp(_minus_abs(xp, x)))


def logsumexp(x: Array, axis: int = -1, *, keepdims: bool = False) -> Array:
    r"""Logarithm of the sum of exponentials along an axis.

    Parameters
    ----------
    x : array
        Logits :math:`z`, a real floating array. A 0-dimensional `x` is a
        single logit (as in torch).
    axis : int, optional
        The axis to reduce. Default -1, the last.
    keepdims : bool, optional
        Keep the reduced axis with length 1. Default False.

    Returns
    -------
    array
        :math:`\log \sum_c e^{z_c}` along `axis`, in the dtype of `x`. Along
        an axis with no entries the sum is 0 and the result is ``-inf``, as in
        :func:`torch.logsumexp` and :func:`scipy.special.logsumexp`.

    See Also
    --------
    log_softmax : ``x - logsumexp(x)``.
    scipy.special.logsumexp : The same function in SciPy.

    Notes
    -----
    .. math::

        \operatorname{logsumexp}(z) = z_{\max} + \log \sum_{c=0}^{C-1} e^{z_c - z_{\max}},
        \qquad z_{\max} = \max_c z_c

    Shifting by the maximum makes every exponent at most 0, so the sum lies in
    :math:`[1, C]` and cannot overflow. Rows whose maximum is not finite are
    shifted as in :func:`softmax`, so the result is ``inf`` or ``-inf`` there.

    Examples
    --------
    ``log(sum(exp(x)))`` overflows for logits of a thousand; logsumexp does not:

    >>> import numpy as np
    >>> import clsloss
    >>> x = np.array([1000.0, 1000.0])
    >>> clsloss.logsumexp(x)
    np.float64(1000.6931471805599)

    Along the class axis of a batch, it matches :func:`torch.logsumexp`:

    >>> import torch
    >>> logits = torch.tensor([[-1.9609, -0.2974, 0.1152], [0.5912, 1.7348, -2.4041]])
    >>> clsloss.logsumexp(logits, axis=1)
    tensor([0.6959, 2.0234])
    >>> torch.logsumexp(logits, dim=1)
    tensor([0.6959, 2.0234])
    """
    xp, axis = check_logits_along(x, axis, allow_empty=True)
    if x.ndim == 0:
        return _one_logit(xp, logsumexp, x)
    if x.shape[axis] == 0:
        # A sum of no exponentials is 0, and log 0 = -inf, as in torch and scipy.
        shape = list(x.shape)
        shape[axis] = 1
        out = xp.full(tuple(shape), -xp.inf, dtype=x.dtype, device=device(x))
        return out if keepdims else xp.squeeze(out, axis=axis)
    x_max, shifted = _shift_by_max(xp, x, axis)
    total = xp.sum(xp.exp(shifted), axis=axis, keepdims=True)
    # All entries -inf give a sum of 0, whose log is the correct -inf.
    with np.errstate(divide="ignore"):
        out = xp.log(total) + x_max
    return out if keepdims else xp.squeeze(out, axis=axis)


class SoftmaxSteps(NamedTuple):
    """The intermediate arrays of :func:`softmax`, in the order they are computed."""

    max: Array
    """The largest logit along the axis, kept as a length-1 axis."""
    shifted: Array
    """The logits minus their maximum: every entry is at most 0."""
    exponentials: Array
    """``exp(shifted)``: every entry lies in (0, 1]."""
    sum: Array
    """The sum of the exponentials along the axis, kept as a length-1 axis."""
    probabilities: Array
    """``exponentials / sum``: the softmax."""


def _shift_by_max(xp: Any, x: Array, axis: int) -> tuple[Array, Array]:
    """Return the maximum along ``axis`` and ``x`` minus it.

    A row whose maximum is not finite needs care. All -inf (or nan): shift
    by 0 instead, leaving the row as it is. A +inf logit takes all the
    probability mass (shared with other +inf logits), which is the limit of
    softmax as that logit grows; subtracting inf from inf would give nan, so
    those rows are written out directly.
    """
    x_max = _constant(xp.max(x, axis=axis, keepdims=True))
    finite = xp.isfinite(x_max)
    if bool(xp.all(finite)):
        return x_max, x - x_max
    shifted = x - xp.where(finite, x_max, 0.0)
    positive_inf = x_max == xp.inf
    # Arrays, not Python floats, in both branches, so that float32 stays float32.
    limit = xp.where(x == xp.inf, xp.zeros_like(x), xp.full_like(x, -xp.inf))
    return x_max, xp.where(positive_inf, limit, shifted)


def softmax_steps(x: Array, axis: int = -1) -> SoftmaxSteps:
    r"""Softmax, returning every intermediate step.

    Parameters
    ----------
    x : array
        Logits :math:`z`, real floating, with at least one entry along `axis`.
        A 0-dimensional `x` is a single logit (as in torch).
    axis : int, optional
        The class axis. Default -1, the last.

    Returns
    -------
    SoftmaxSteps
        A named tuple ``(max, shifted, exponentials, sum, probabilities)``.

    See Also
    --------
    softmax : Only the probabilities.

    Notes
    -----
    .. math::

        z_{\max} = \max_c z_c, \qquad
        e_c = e^{z_c - z_{\max}}, \qquad
        S = \sum_{k=0}^{C-1} e_k, \qquad
        p_c = \frac{e_c}{S}

    The fields ``max``, ``shifted``, ``exponentials``, ``sum`` and
    ``probabilities`` hold :math:`z_{\max}`, :math:`z_c - z_{\max}`,
    :math:`e_c`, :math:`S` and :math:`p_c`. Subtracting :math:`z_{\max}`
    changes no probability, since the factor :math:`e^{-z_{\max}}` cancels
    between numerator and denominator, but it keeps every exponent at most 0,
    so :math:`e_c \le 1` and :math:`1 \le S \le C`.

    Examples
    --------
    The first image of the running example, step by step:

    >>> import numpy as np
    >>> import clsloss
    >>> steps = clsloss.softmax_steps(np.array([-1.9609, -0.2974, 0.1152]))
    >>> steps.shifted
    array([-2.0761, -0.4126,  0.    ])
    >>> steps.exponentials
    array([0.12540719, 0.66193002, 1.        ])
    >>> steps.sum
    array([1.78733721])
    >>> steps.probabilities
    array([0.07016396, 0.37034515, 0.5594909 ])

    The last step is :func:`torch.softmax`:

    >>> import torch
    >>> torch.softmax(torch.tensor([-1.9609, -0.2974, 0.1152], dtype=torch.float64), dim=0)
    tensor([0.0702, 0.3703, 0.5595], dtype=torch.float64)
    """
    xp, axis = check_logits_along(x, axis)
    if x.ndim == 0:
        steps = softmax_steps(xp.reshape(x, (1,)))
        return SoftmaxSteps(*(xp.reshape(step, ()) for step in steps))
    x_max, shifted = _shift_by_max(xp, x, axis)
    exponentials = xp.exp(shifted)
    total = xp.sum(exponentials, axis=axis, keepdims=True)
    return SoftmaxSteps(x_max, shifted, exponentials, total, exponentials / total)


def softmax(x: Array, axis: int = -1) -> Array:
    r"""Softmax: turn logits into probabilities that sum to 1 along an axis.

    Parameters
    ----------
    x : array
        Logits :math:`z`, real floating, with at least one entry along `axis`.
        A 0-dimensional `x` is a single logit (as in torch).
    axis : int, optional
        The class axis. Default -1, the last.

    Returns
    -------
    array
        Probabilities of the shape and dtype of `x`, summing to 1 along `axis`.

    See Also
    --------
    log_softmax : Its logarithm, computed without forming ``softmax(x)``.
    softmax_steps : The same computation, returning every intermediate array.
    sigmoid : Independent per-class probabilities, for multi-label tasks.

    Notes
    -----
    .. math::

        \operatorname{softmax}(z)_c = \frac{e^{z_c}}{\sum_{k=0}^{C-1} e^{z_k}}
        = \frac{e^{z_c - z_{\max}}}{\sum_{k=0}^{C-1} e^{z_k - z_{\max}}},
        \qquad z_{\max} = \max_k z_k

    Shifting by the maximum keeps every exponent at most 0, so no exponential
    overflows. With a +inf logit the result is the limit: the +inf entries
    share all the mass (:func:`torch.softmax` returns nan there).

    Examples
    --------
    The textbook formula overflows at a logit of 1000; the shifted one does not:

    >>> import numpy as np
    >>> import clsloss
    >>> clsloss.softmax(np.array([1000.0, 0.0]))
    array([1., 0.])

    On the running example it agrees with :func:`torch.softmax`:

    >>> import torch
    >>> logits = torch.tensor([[-1.9609, -0.2974, 0.1152], [0.5912, 1.7348, -2.4041]])
    >>> clsloss.softmax(logits, axis=1)
    tensor([[0.0702, 0.3703, 0.5595],
            [0.2388, 0.7493, 0.0119]])
    >>> torch.softmax(logits, dim=1)
    tensor([[0.0702, 0.3703, 0.5595],
            [0.2388, 0.7493, 0.0119]])
    """
    xp, axis = check_logits_along(x, axis)
    if x.ndim == 0:
        return _one_logit(xp, softmax, x)
    # softmax_steps without keeping its steps: the shifted logits are freed as
    # soon as they are exponentiated, so at most two input-sized arrays live.
    exponentials = xp.exp(_shift_by_max(xp, x, axis)[1])
    return exponentials / xp.sum(exponentials, axis=axis, keepdims=True)


def log_softmax(x: Array, axis: int = -1) -> Array:
    r"""Logarithm of the softmax, computed in log space.

    Parameters
    ----------
    x : array
        Logits :math:`z`, real floating, with at least one entry along `axis`.
        A 0-dimensional `x` is a single logit (as in torch).
    axis : int, optional
        The class axis. Default -1, the last.

    Returns
    -------
    array
        Log-probabilities of the shape and dtype of `x`.

    See Also
    --------
    softmax : The probabilities themselves.
    logsumexp : The normaliser subtracted here.
    nll_loss : The loss that takes these log-probabilities.

    Notes
    -----
    .. math::

        \log \operatorname{softmax}(z)_c = (z_c - z_{\max})
        - \log \sum_{k=0}^{C-1} e^{z_k - z_{\max}}, \qquad z_{\max} = \max_k z_k

    The maximum is subtracted first, so the sum lies in :math:`[1, C]`.
    In exact arithmetic ``log_softmax(x) == log(softmax(x))``, but the log of
    a probability that underflowed to 0 is ``-inf``, while this stays finite.

    Examples
    --------
    ``log(softmax(x))`` loses the small probability entirely:

    >>> import numpy as np
    >>> import clsloss
    >>> x = np.array([1000.0, 0.0])
    >>> clsloss.log_softmax(x)
    array([    0., -1000.])
    >>> with np.errstate(divide="ignore"):
    ...     np.log(clsloss.softmax(x))
    array([  0., -inf])

    It matches :func:`torch.log_softmax` on the running example:

    >>> import torch
    >>> logits = torch.tensor([[-1.9609, -0.2974, 0.1152], [0.5912, 1.7348, -2.4041]])
    >>> clsloss.log_softmax(logits, axis=1)
    tensor([[-2.6568, -0.9933, -0.5807],
            [-1.4322, -0.2886, -4.4275]])
    >>> torch.log_softmax(logits, dim=1)
    tensor([[-2.6568, -0.9933, -0.5807],
            [-1.4322, -0.2886, -4.4275]])
    """
    xp, axis = check_logits_along(x, axis)
    if x.ndim == 0:
        return _one_logit(xp, log_softmax, x)
    _, shifted = _shift_by_max(xp, x, axis)
    log_sum = xp.log(xp.sum(xp.exp(shifted), axis=axis, keepdims=True))
    # shifted + (-log_sum) rather than shifted - log_sum: the same number, but
    # autograd then negates the small (..., 1) log_sum instead of the full-size
    # gradient flowing back through the subtraction.
    return shifted + (-log_sum)
