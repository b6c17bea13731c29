"""Targets as numbers: class indices to one-hot vectors, and label smoothing."""

from __future__ import annotations

import math

from array_api_compat import device

from clsloss._validation import (
    Array,
    check_axis,
    check_class_indices,
    check_fraction,
    check_integer_labels,
    check_probability_rows,
    namespace,
)

__all__ = ["one_hot", "smooth_labels"]


def one_hot(labels: Array, num_classes: int | None = None) -> Array:
    r"""Turn class indices into one-hot vectors.

    Parameters
    ----------
    labels : array
        Class indices of any shape and integer dtype, each in
        :math:`[0, C)`.
    num_classes : int, optional
        The number of classes :math:`C`. Default: one more than the largest
        label, as :func:`torch.nn.functional.one_hot` infers it.

    Returns
    -------
    array
        Shape ``(*labels.shape, C)``, dtype int64: 1 at each label's class,
        0 elsewhere.

    See Also
    --------
    smooth_labels : One-hot vectors with some mass spread over every class.

    Notes
    -----
    .. math::

        y_{n,c} = \mathbb{1}\{c = y_n\}, \qquad c = 0, \dots, C - 1

    where :math:`y_n` is the class index of element :math:`n`.

    The classes go on a new last axis, as in :func:`torch.nn.functional.one_hot`.
    Give `num_classes` explicitly when a batch may not contain the last class.

    Examples
    --------
    The labels of the running example, classes 0 and 2 of three:

    >>> import numpy as np
    >>> import clsloss
    >>> clsloss.one_hot(np.array([0, 2]), num_classes=3)
    array([[1, 0, 0],
           [0, 0, 1]])

    The same as :func:`torch.nn.functional.one_hot`:

    >>> import torch
    >>> clsloss.one_hot(torch.tensor([0, 2]), num_classes=3)
    tensor([[1, 0, 0],
            [0, 0, 1]])
    >>> torch.nn.functional.one_hot(torch.tensor([0, 2]), num_classes=3)
    tensor([[1, 0, 0],
            [0, 0, 1]])
    """
    xp = namespace(labels=labels)
    check_integer_labels(xp, labels, "labels")
    if num_classes is None:
        if math.prod(labels.shape) == 0:
            msg = (
                "num_classes must be given when labels is empty, since it cannot be "
                f"inferred from labels of shape {tuple(labels.shape)}."
            )
            raise ValueError(msg)
        num_classes = int(xp.max(labels)) + 1
    if isinstance(num_classes, bool) or not isinstance(num_classes, int):
        msg = f"num_classes must be an int, got {type(num_classes).__name__}."
        raise TypeError(msg)
    if num_classes < 1:
        msg = f"num_classes must be at least 1, got {num_classes}."
        raise ValueError(msg)
    check_class_indices(xp, labels, num_classes, ignore_index=None)
    classes = xp.arange(num_classes, dtype=labels.dtype, device=device(labels))
    return xp.astype(labels[..., None] == classes, xp.int64)


def smooth_labels(
    target: Array,
    epsilon: float,
    *,
    num_classes: int | None = None,
    axis: int = -1,
) -> Array:
    r"""Smooth targets the way :func:`torch.nn.functional.cross_entropy` does.

    Parameters
    ----------
    target : array
        Either class indices (integer dtype, turned into one-hot vectors on a
        new last axis) or one-hot or probability vectors (floating dtype, the
        classes along `axis`, each vector summing to 1).
    epsilon : float
        The smoothing :math:`\varepsilon \in [0, 1]`: the share of the mass
        spread uniformly over all classes.
    num_classes : int, optional
        For class indices only: the number of classes, as in :func:`one_hot`.
    axis : int, optional
        For probability targets only: the class axis. Default -1, the last.

    Returns
    -------
    array
        Smoothed probabilities. Floating targets keep their dtype; class
        indices give the default floating dtype of their library (float64
        for NumPy, float32 for torch).

    See Also
    --------
    one_hot : The unsmoothed vectors.
    cross_entropy : Its ``label_smoothing`` argument applies this formula.

    Notes
    -----
    .. math::

        \tilde y_{c} = (1 - \varepsilon)\, y_{c} + \frac{\varepsilon}{C},
        \qquad c = 0, \dots, C - 1

    Every class receives :math:`\varepsilon / C`, the true class
    :math:`1 - \varepsilon + \varepsilon / C`, and each vector still sums to 1.

    Examples
    --------
    With :math:`\varepsilon = 0.1` and three classes, the true class keeps
    :math:`0.9 + 0.1/3` and the others get :math:`0.1/3`:

    >>> import numpy as np
    >>> import clsloss
    >>> clsloss.smooth_labels(np.array([0, 2]), 0.1, num_classes=3)
    array([[0.93333333, 0.03333333, 0.03333333],
           [0.03333333, 0.03333333, 0.93333333]])

    Cross-entropy with these targets equals torch's ``label_smoothing``:

    >>> import torch
    >>> logits = torch.tensor([[-1.9609, -0.2974, 0.1152], [0.5912, 1.7348, -2.4041]])
    >>> smoothed = clsloss.smooth_labels(torch.tensor([0, 2]), 0.1, num_classes=3)
    >>> torch.nn.functional.cross_entropy(logits, smoothed)
    tensor(3.3610)
    >>> torch.nn.functional.cross_entropy(logits, torch.tensor([0, 2]), label_smoothing=0.1)
    tensor(3.3610)
    """
    xp = namespace(target=target)
    epsilon = check_fraction(epsilon, "epsilon")
    if xp.isdtype(target.dtype, "real floating"):
        if target.ndim == 0:
            msg = (
                "target holds class probabilities, which need a class axis, got a "
                "0-dimensional array. Pass a vector of shape (C,) or class indices."
            )
            raise ValueError(msg)
        axis = check_axis(axis, target.ndim)
        check_probability_rows(xp, target, axis)
        probabilities = target
    else:
        check_integer_labels(xp, target, "target")
        default_float = xp.__array_namespace_info__().default_dtypes()["real floating"]
        probabilities = xp.astype(one_hot(target, num_classes), default_float)
        axis = -1
    return (1 - epsilon) * probabilities + epsilon / probabilities.shape[axis]
