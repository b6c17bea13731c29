r"""
Label smoothing and probability targets
=======================================

:term:`Label smoothing <label smoothing>` replaces each :term:`one-hot`
target by a mixture with the uniform distribution over the :math:`C`
classes,

.. math::

    \tilde y_c = (1 - \varepsilon)\, y_c + \frac{\varepsilon}{C},
    \qquad c = 0, \dots, C-1,

so the true class keeps :math:`1 - \varepsilon + \varepsilon / C` and every
other class gets :math:`\varepsilon / C`. For :math:`\varepsilon > 0` the
cross-entropy against :math:`\tilde y` cannot fall below the entropy
:math:`H(\tilde y) > 0`, and it grows again when the prediction is more
confident than :math:`\tilde y`. This page checks the formula against
PyTorch's ``label_smoothing``, shows how it combines with ``weight`` and
``ignore_index``, and draws its effect on a confident correct prediction.
"""

# %%
# Smoothed targets, the option, and PyTorch
# -----------------------------------------
# Two images of three classes, :math:`\varepsilon = 0.1`. Passing the
# smoothed rows as :term:`soft label` targets gives the same loss as the
# ``label_smoothing`` option, in clsloss and in PyTorch.
import numpy as np
import torch

import clsloss

# sphinx_gallery_thumbnail_number = 1
logits = np.array([[-1.9609, -0.2974, 0.1152], [0.5912, 1.7348, -2.4041]])
labels = np.array([0, 2])
C = 3
epsilon = 0.1
smoothed = clsloss.smooth_labels(labels, epsilon, num_classes=C)
print("smoothed targets:", np.array2string(smoothed, precision=4), sep="\n")
np.testing.assert_allclose(
    smoothed, (1 - epsilon) * clsloss.one_hot(labels, num_classes=C) + epsilon / C
)

by_targets = clsloss.cross_entropy(logits, smoothed)
by_option = clsloss.cross_entropy(logits, labels, label_smoothing=epsilon)
reference = torch.nn.functional.cross_entropy(
    torch.from_numpy(logits), torch.from_numpy(labels), label_smoothing=epsilon
).item()
print(
    f"smoothed targets {by_targets:.6f}, label_smoothing {by_option:.6f}, "
    f"torch {reference:.6f}"
)
np.testing.assert_allclose([by_targets, by_option], reference, rtol=1e-12)

# %%
# Split into its two parts, the smoothed loss of a sample is
# :math:`1 - \varepsilon` times the usual loss :math:`-\log p_{n, y_n}` plus
# :math:`\varepsilon / C` times :math:`-\sum_{c=0}^{C-1} \log p_{n,c}`:
log_p = clsloss.log_softmax(logits, axis=1)
nll = clsloss.nll_loss(log_p, labels, reduction="none")
uniform = -log_p.sum(axis=1)
split = (1 - epsilon) * nll + epsilon / C * uniform
np.testing.assert_allclose(
    split,
    clsloss.cross_entropy(logits, labels, label_smoothing=epsilon, reduction="none"),
    rtol=1e-12,
)
print("(1 - eps) * nll + eps / C * uniform:", np.array2string(split, precision=4))

# %%
# With weights and ignore_index
# -----------------------------
# PyTorch weighs the uniform part by each class's weight too,
# :math:`-\frac{\varepsilon}{C} \sum_c w_c \log p_{n,c}`, and a weighted
# ``"mean"`` still divides by the summed weights :math:`w_{y_n}` of the
# counted targets. An ignored element drops out of both parts. The sum below
# is written out by hand and checked against both libraries.
weight = np.array([1.0, 2.0, 0.5])
batch_labels = np.array([0, 2, -100])
batch_logits = np.vstack([logits, [[0.2, 0.1, 0.3]]])
ours = clsloss.cross_entropy(
    batch_logits, batch_labels, weight=weight, label_smoothing=epsilon
)
theirs = torch.nn.functional.cross_entropy(
    torch.from_numpy(batch_logits),
    torch.from_numpy(batch_labels),
    weight=torch.from_numpy(weight),
    label_smoothing=epsilon,
).item()
kept = batch_labels != -100
log_p_kept = clsloss.log_softmax(batch_logits, axis=1)[kept]
true_class = batch_labels[kept]
by_hand = (
    (1 - epsilon)
    * -weight[true_class]
    * log_p_kept[np.arange(len(true_class)), true_class]
    + epsilon / C * -(weight * log_p_kept).sum(axis=1)
).sum() / weight[true_class].sum()
print(
    f"weighted, ignored, smoothed: clsloss {ours:.6f}, by hand {by_hand:.6f}, "
    f"torch {theirs:.6f}"
)
np.testing.assert_allclose([ours, by_hand], theirs, rtol=1e-12)

# %%
# With weights, smoothed targets passed as probabilities are a different loss:
# each term :math:`\tilde y_{n,c}` is weighted by :math:`w_c`, and the mean
# divides by :math:`N` (see the probability-target section of
# :ref:`sphx_glr_auto_examples_plot_10_weights_ignore_reductions.py`).
as_probabilities = torch.nn.functional.cross_entropy(
    torch.from_numpy(batch_logits[kept]),
    torch.from_numpy(clsloss.smooth_labels(true_class, epsilon, num_classes=C)),
    weight=torch.from_numpy(weight),
).item()
print(f"smoothed probability targets with weights: torch {as_probabilities:.6f}")
assert not np.isclose(as_probabilities, theirs)

# %%
# A confident correct prediction
# ------------------------------
# Give the true class a logit :math:`s` and the others 0, so
# :math:`p_t = e^s / (e^s + C - 1)`. Without smoothing the loss
# :math:`-\log p_t` falls towards 0 as :math:`s` grows, without reaching it,
# so training keeps pushing the logits apart. With smoothing the loss is
# smallest where :math:`p_t = 1 - \varepsilon + \varepsilon / C`, that is at
# :math:`s^\star = \log\left(1 + C (1 - \varepsilon) / \varepsilon\right)`,
# where it equals :math:`H(\tilde y)`, and rises after it: being too sure
# costs something.
import matplotlib.pyplot as plt

gaps = np.linspace(0, 15, 1501)
confident = np.zeros((gaps.size, C))
confident[:, 0] = gaps
target = np.zeros(gaps.size, dtype=int)
fig, ax = plt.subplots(layout="constrained")
minima = {}
for eps in (0.0, 0.05, 0.1, 0.2):
    loss = clsloss.cross_entropy(
        confident, target, label_smoothing=eps, reduction="none"
    )
    np.testing.assert_allclose(
        loss,
        torch.nn.functional.cross_entropy(
            torch.from_numpy(confident),
            torch.from_numpy(target),
            label_smoothing=eps,
            reduction="none",
        ).numpy(),
        rtol=1e-12,
    )
    if eps == 0:
        assert np.all(loss > 0)
        assert np.all(np.diff(loss) < 0)
        label = r"$\varepsilon = 0$"
    else:
        best = np.log(1 + C * (1 - eps) / eps)
        assert abs(gaps[np.argmin(loss)] - best) <= gaps[1] - gaps[0]
        smoothed_row = clsloss.smooth_labels(np.array([0]), eps, num_classes=C)[0]
        entropy = -(smoothed_row * np.log(smoothed_row)).sum()
        at_best = clsloss.cross_entropy(
            np.array([[best, 0.0, 0.0]]), np.array([0]), label_smoothing=eps
        )
        np.testing.assert_allclose(at_best, entropy, rtol=1e-12)
        label = rf"$\varepsilon = {eps:g}$, minimum at $s^\star = {best:.2f}$"
        minima[eps] = best
    ax.plot(gaps, loss, label=label)
ax.set(
    xlabel="logit $s$ of the true class (other logits 0)",
    ylabel=r"$\ell$ (nats)",
    ylim=(0, 1.5),
    title=f"smoothed cross-entropy, $C = {C}$",
)
ax.legend()
fig.set_label(
    "Smoothed cross-entropy l in nats against the logit s of the true class, from "
    f"{gaps[0]:g} to {gaps[-1]:g}, the other {C - 1} logits being 0, one line per "
    "smoothing eps. With eps = 0 the loss falls towards 0 as s grows; with "
    "smoothing each curve has a minimum, at s* = "
    f"{', '.join(f'{at:.2f} for eps = {e:g}' for e, at in minima.items())}, "
    "and rises after it: being too sure costs something."
)
plt.show()

# %%
# Try it
# ------
# The panel below starts from the first image's logits and label with
# :math:`\varepsilon = 0.1` (the :ref:`playground` page explains it). Drag the
# logit of the true class far up: with :math:`\varepsilon > 0` the
# cross-entropy stops falling and its gradient changes sign, because the
# smoothed target asks for less than all the probability.
#
# .. loss-playground::
#    :logits: -1.9609, -0.2974, 0.1152
#    :target: 0
#    :smoothing: 0.1

# %%
# Takeaways
# ---------
# - Smoothed targets are :math:`(1 - \varepsilon) y + \varepsilon / C`; without
#   class weights, passing them as probability targets equals PyTorch's
#   ``label_smoothing``.
# - With weights, PyTorch weights the uniform part too and divides the mean by
#   the summed weights of the true classes; ignored elements drop out.
# - Smoothing gives the loss a minimum at a finite logit,
#   :math:`s^\star = \log(1 + C (1 - \varepsilon) / \varepsilon)` in the example
#   above, which discourages over-confident logits.
