r"""Divergences between probability distributions: the Kullback-Leibler divergence.

:func:`kl_div` takes the prediction as log-probabilities, as
:func:`torch.nn.functional.kl_div` does, and computes the unreduced terms
:math:`\ell_n` first, then reduces them.
"""

from __future__ import annotations

import numpy as np

from clsloss._validation import Array, check_kl_div_args, namespace
from clsloss.losses import _reduce

__all__ = ["kl_div"]


def kl_div(
    input: Array,
    target: Array,
    *,
    reduction: str = "mean",
    log_target: bool = False,
) -> Array:
    r"""Kullback-Leibler divergence of a prediction from a target distribution.

    Parameters
    ----------
    input : array
        Log-probabilities :math:`\log p` of the prediction, for example
        ``log_softmax(z / T, axis=1)``, any shape, real floating. Every entry
        must be at most 0.
    target : array
        The target distribution :math:`y`, of the shape and dtype of `input`:
        probabilities in [0, 1], or log-probabilities if `log_target` is True.
    reduction : {"mean", "batchmean", "sum", "none"}, optional
        How to reduce the per-element terms. Default "mean", as in PyTorch;
        ``"batchmean"`` is the one that gives the divergence per sample.
    log_target : bool, optional
        Whether `target` holds log-probabilities :math:`\log y`. Default False.

    Returns
    -------
    array
        A 0-dimensional array, or the per-element terms of the shape of
        `input` for ``reduction="none"``, in the dtype of `input`.

    See Also
    --------
    log_softmax : Gives the log-probabilities this takes.
    cross_entropy : :math:`H(y, p) = H(y) + D_{\mathrm{KL}}(y \,\Vert\, p)`.
    torch.nn.KLDivLoss : The PyTorch module this matches.

    Notes
    -----
    The unreduced loss holds one term per element, with :math:`\log p_n` the
    input and :math:`y_n` the target:

    .. math::

        \ell_n = y_n \left( \log y_n - \log p_n \right),

    and :math:`\ell_n = 0` where :math:`y_n = 0` (the limit
    :math:`0 \log 0 = 0`). With ``log_target=True`` the target is
    :math:`\log y_n` and :math:`\ell_n = e^{\log y_n} (\log y_n - \log p_n)`.
    Summed over the classes :math:`c = 0, \dots, C-1` of one sample, the terms
    give the divergence :math:`D_{\mathrm{KL}}(y \,\Vert\, p) = \sum_c y_c
    \log (y_c / p_c) \ge 0`, which is 0 only when :math:`p = y`. The reductions are

    .. math::

        L = \begin{cases}
            \frac{1}{N} \sum_{n} \ell_n, & \text{if reduction} = \text{batchmean;}\\
            \frac{1}{\text{number of elements}} \sum_{n} \ell_n,
                & \text{if reduction} = \text{mean;}\\
            \sum_{n} \ell_n, & \text{if reduction} = \text{sum,}
        \end{cases}

    where :math:`N` is the length of the first axis, ``input.shape[0]``
    (``"batchmean"`` of a 0-dimensional input is the sum). For an input of
    shape :math:`(N, C)`, ``"batchmean"`` is the mean divergence per sample.
    ``"mean"`` divides by all :math:`N C` elements, so it is that divergence
    divided by :math:`C` as well: its value and its gradients shrink as classes
    are added, which is almost never what a user wants. PyTorch keeps
    ``"mean"`` as its default and issues a ``UserWarning`` on every call with
    ``reduction="mean"``, announcing that "mean" will behave as "batchmean"
    in its next major release (shown below). clsloss keeps the default, for
    equal results, and does not warn. Note that ``input.shape[0]`` of an
    unbatched :math:`(C)` input is :math:`C`, so its ``"batchmean"`` also
    divides by :math:`C`, as in PyTorch: use ``"sum"`` for a single distribution.

    Shapes: `input` any shape :math:`(*)`; `target` the same; the output
    :math:`()` or, for ``"none"``, :math:`(*)`.

    Differences from PyTorch:

    - an `input` entry above 0, impossible for a log-probability, raises a
      ValueError that points to :func:`log_softmax` (PyTorch computes a
      number from logits or probabilities passed by mistake);
    - a target outside [0, 1] (or above 0 with ``log_target=True``) raises a
      ValueError (PyTorch returns nan for a negative target);
    - a term whose target is 0 is 0: PyTorch returns nan for it where
      `input` is ``-inf``, and with ``log_target=True`` wherever the target
      is ``-inf`` (:math:`\log 0`);
    - `target` must have the shape and dtype of `input` (PyTorch broadcasts);
    - ``reduction="mean"`` gives PyTorch's number without its warning.

    Examples
    --------
    The divergence of a prediction from a target, for two samples of three
    classes, is the same number as :class:`torch.nn.KLDivLoss` gives:

    >>> import torch
    >>> import clsloss
    >>> log_p = torch.log(torch.tensor([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]]))
    >>> y = torch.tensor([[0.8, 0.2, 0.0], [0.0, 0.5, 0.5]])
    >>> clsloss.kl_div(log_p, y, reduction="none")
    tensor([[0.1068, 0.0000, 0.0000],
            [0.0000, 0.8047, -0.2350]])
    >>> clsloss.kl_div(log_p, y, reduction="batchmean")
    tensor(0.3383)
    >>> torch.nn.KLDivLoss(reduction="batchmean")(log_p, y)
    tensor(0.3383)

    ``"mean"`` divides the same sum by all six elements, not by the two
    samples; PyTorch warns about it:

    >>> import warnings
    >>> clsloss.kl_div(log_p, y, reduction="mean")
    tensor(0.1128)
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     torch.nn.functional.kl_div(log_p, y, reduction="mean")
    tensor(0.1128)
    >>> caught[0].category.__name__, str(caught[0].message)[:43]
    ('UserWarning', "reduction: 'mean' divides the total loss by")

    Knowledge distillation trains a student to match a teacher's softened
    probabilities :math:`\operatorname{softmax}(z / T)`. The gradient of the
    softened divergence with respect to the student's logits shrinks roughly
    as :math:`1 / T^2` (the softened probabilities differ by about
    :math:`1/T`, and the chain rule through :math:`z / T` adds another
    :math:`1/T`), so the loss is multiplied by :math:`T^2` to keep its
    gradients on the scale of a hard-label loss at any temperature:

    >>> teacher = torch.tensor([[3.0, 1.0, -2.0], [0.5, 2.5, 0.0]])
    >>> student = torch.tensor([[2.0, 0.5, -1.0], [1.0, 1.0, 0.5]])
    >>> T = 4.0
    >>> def distillation(student, T):
    ...     log_p = clsloss.log_softmax(student / T, axis=1)
    ...     y = clsloss.softmax(teacher / T, axis=1)
    ...     return clsloss.kl_div(log_p, y, reduction="batchmean") * T**2
    >>> distillation(student, T)
    tensor(0.3721)
    >>> torch.nn.functional.kl_div(
    ...     torch.log_softmax(student / T, dim=1), torch.softmax(teacher / T, dim=1),
    ...     reduction="batchmean") * T**2
    tensor(0.3721)

    Without the factor the gradient norm falls more than 3-fold each time the
    temperature doubles; with it, the norm stays between 0.27 and 0.37:

    >>> for T in (1.0, 2.0, 4.0, 8.0, 16.0):
    ...     z = student.clone().requires_grad_(True)
    ...     distillation(z, T).backward()
    ...     norm = float(z.grad.norm())
    ...     print(f"T = {T:4}: without T**2 {norm / T**2:.5f}, with T**2 {norm:.3f}")
    T =  1.0: without T**2 0.27642, with T**2 0.276
    T =  2.0: without T**2 0.08155, with T**2 0.326
    T =  4.0: without T**2 0.02180, with T**2 0.349
    T =  8.0: without T**2 0.00562, with T**2 0.359
    T = 16.0: without T**2 0.00142, with T**2 0.364
    """
    xp = namespace(input=input, target=target)
    check_kl_div_args(xp, input, target, reduction, log_target)

    # A term whose target is 0 is 0. Its log, and the product 0 * inf where the
    # input is -inf, are formed on a safe stand-in and then discarded, so they
    # neither warn nor send nan into the gradients.
    if log_target:
        absent = target == -xp.inf
        safe_log_target = xp.where(absent, 0.0, target)
        with np.errstate(invalid="ignore"):
            terms = xp.exp(target) * (safe_log_target - input)
    else:
        absent = target == 0
        safe_target = xp.where(absent, 1.0, target)
        with np.errstate(invalid="ignore"):
            terms = target * (xp.log(safe_target) - input)
    loss = xp.where(absent, 0.0, terms)

    if reduction == "batchmean":
        batch = float(input.shape[0]) if input.ndim > 0 else 1.0
        return _reduce(xp, loss, "mean", denominator=batch)
    return _reduce(xp, loss, reduction)
