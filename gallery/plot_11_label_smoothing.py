r"""
Label smoothing and probability targets
=======================================

Label smoothing replaces each one-hot target by a mixture with the uniform
distribution over the :math:`C` classes,

.. math::

    \tilde y_c = (1 - \varepsilon)\, y_c + \frac{\varepsilon}{C},

so the true class keeps :math:`1 - \varepsilon + \varepsilon / C` and every
other class gets :math:`\varepsilon / C`. Cross-entropy against
:math:`\tilde y` can no longer reach 0: it penalises over-confident logits.
This page checks the formula against PyTorch's ``label_smoothing``, shows how
it combines with ``weight`` and ``ignore_index``, and draws its effect on a
confident correct prediction.
"""

# %%
# The formula, three ways
# -----------------------
import numpy as np
import torch

import clsloss

logits = np.array([[-1.9609, -0.2974, 0.1152], [0.5912, 1.7348, -2.4041]])
labels = np.array([0, 2])
epsilon = 0.1
smoothed = clsloss.smooth_labels(labels, epsilon, num_classes=3)
print("smoothed targets:", np.array2string(smoothed, precision=4), sep="\n")

by_targets = clsloss.cross_entropy(logits, smoothed)
by_option = clsloss.cross_entropy(logits, labels, label_smoothing=epsilon)
reference = torch.nn.functional.cross_entropy(
    torch.from_numpy(logits), torch.from_numpy(labels), label_smoothing=epsilon
).item()
print(
    f"smoothed targets {by_targets:.6f}, label_smoothing {by_option:.6f}, torch {reference:.6f}"
)
np.testing.assert_allclose([by_targets, by_option], reference, rtol=1e-12)

# %%
# Split into its two parts, the smoothed loss is :math:`1 - \varepsilon` times
# the usual loss plus :math:`\varepsilon / C` times the sum of
# :math:`-\log p_c` over all classes:
log_p = clsloss.log_softmax(logits, axis=1)
nll = clsloss.nll_loss(log_p, labels, reduction="none")
uniform = -log_p.sum(axis=1)
split = (1 - epsilon) * nll + epsilon / 3 * uniform
np.testing.assert_allclose(
    split,
    clsloss.cross_entropy(logits, labels, label_smoothing=epsilon, reduction="none"),
    rtol=1e-12,
)
print("(1 - eps) * nll + eps / C * uniform:", np.array2string(split, precision=4))

# %%
# With weights and ignore_index
# -----------------------------
# PyTorch weighs the uniform part by each class's weight too, and a weighted
# ``"mean"`` still divides by the summed weights of the counted true classes.
# An ignored element drops out of both parts.
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
log_p = clsloss.log_softmax(batch_logits, axis=1)[:2]
by_hand = (
    (1 - epsilon) * -weight[[0, 2]] * log_p[[0, 1], [0, 2]]
    + epsilon / 3 * -(weight * log_p).sum(axis=1)
).sum() / weight[[0, 2]].sum()
print(
    f"weighted, ignored, smoothed: clsloss {ours:.6f}, by hand {by_hand:.6f}, torch {theirs:.6f}"
)
np.testing.assert_allclose([ours, by_hand], theirs, rtol=1e-12)

# %%
# A confident correct prediction
# ------------------------------
# Give the true class a logit :math:`m` and the others 0. Without smoothing
# the loss goes to 0 as :math:`m` grows, so training keeps pushing the logits
# apart. With smoothing the loss has a minimum at a finite margin and rises
# after it: being too sure costs something.
import matplotlib.pyplot as plt

margins = np.linspace(0, 15, 300)
confident = np.zeros((margins.size, 3))
confident[:, 0] = margins
target = np.zeros(margins.size, dtype=int)
fig, ax = plt.subplots(layout="constrained")
for eps in (0.0, 0.05, 0.1, 0.2):
    loss = clsloss.cross_entropy(
        confident, target, label_smoothing=eps, reduction="none"
    )
    best = margins[np.argmin(loss)]
    ax.plot(
        margins,
        loss,
        label=rf"$\varepsilon = {eps:g}$"
        + ("" if eps == 0 else f", minimum at {best:.2f}"),
    )
    if eps > 0:
        # The minimum is where p_true equals the smoothed target 1 - eps + eps / C.
        np.testing.assert_allclose(
            clsloss.softmax(confident[np.argmin(loss)])[0], 1 - eps + eps / 3, atol=0.01
        )
ax.set(
    xlabel="margin $m$ of the true class's logit", ylabel="cross-entropy", ylim=(0, 1.5)
)
ax.legend()
plt.show()

# %%
# Takeaways
# ---------
# - Smoothed targets are :math:`(1 - \varepsilon) y + \varepsilon / C`; passing
#   them as probability targets equals PyTorch's ``label_smoothing``.
# - With weights, the uniform part is weighted too; ignored elements vanish.
# - Smoothing gives the loss a minimum at a finite margin, discouraging
#   over-confident logits.
#
# sphinx_gallery_thumbnail_number = 1
