r"""
Cross-entropy: per class, summed, averaged
==========================================

For one image :math:`n` with target :math:`y_n` and softmax probabilities
:math:`p_n`, the :term:`cross-entropy` adds one term per class,

.. math::

    \ell_n = -\sum_{c=0}^{C-1} y_{n,c} \log p_{n,c},

and, with the default :term:`reduction` ``"mean"``, the loss of a batch is the mean
over the :math:`N` images, :math:`L = \frac{1}{N} \sum_{n=1}^{N} \ell_n`.
Because a :term:`one-hot` :math:`y_n` is 0 off the true class, only the
true class's term survives: :math:`\ell_n = -\log p_{n, y_n}`. This page
builds the loss term by term on the running example and checks it against
:class:`torch.nn.CrossEntropyLoss` with :term:`class index` targets and with
one-hot probability targets.
"""

# %%
# Per-element terms
# -----------------
# :func:`clsloss.log_softmax` computes
# :math:`\log p_{n,c} = z_{n,c} - z_{\max} - \log \sum_k e^{z_{n,k} - z_{\max}}`
# (:math:`z_{\max}` the largest logit of image :math:`n`), so it never takes
# the logarithm of a probability that has rounded to 0.
import numpy as np
import torch

import clsloss

# sphinx_gallery_thumbnail_number = 1
logits = np.array([[-1.9609, -0.2974, 0.1152], [0.5912, 1.7348, -2.4041]])
labels = np.array([0, 2])
y = clsloss.one_hot(labels, num_classes=3).astype(float)
log_p = clsloss.log_softmax(logits, axis=1)
terms = -y * log_p
print("log p:", np.array2string(log_p, precision=4), sep="\n")
print("-y log p:", np.array2string(terms, precision=4), sep="\n")
np.testing.assert_allclose(
    log_p, torch.log_softmax(torch.from_numpy(logits), dim=1).numpy(), rtol=1e-12
)

# %%
# Only the true class contributes: the right heatmap is zero off the labels.
import matplotlib.pyplot as plt

off_labels = y == 0
assert np.all(terms[off_labels] == 0)

fig, axes = plt.subplots(1, 2, figsize=(8, 3), layout="constrained")
for ax, values, title in [
    (axes[0], -log_p, r"$-\log p_{n,c}$"),
    (axes[1], terms, r"$-y_{n,c} \log p_{n,c}$"),
]:
    image = ax.imshow(values, cmap="viridis", vmin=0, vmax=(-log_p).max())
    for (n, c), value in np.ndenumerate(values):
        ax.text(
            c,
            n,
            f"{value:.3f}",
            ha="center",
            va="center",
            color="white" if value < 0.6 * (-log_p).max() else "black",
        )
    ax.set(
        title=title,
        xticks=range(3),
        yticks=range(2),
        xlabel="class $c$",
        ylabel="image",
    )
fig.colorbar(image, ax=axes, label="loss term (nats)")
fig.set_label(
    "Two heatmaps, rows images 0 and 1, columns classes 0, 1 and 2, each value"
    f" printed. Left, minus log p of every class, from {(-log_p).min():.3f} to"
    f" {(-log_p).max():.3f} nats. Right, the same times the one-hot target: 0 except"
    f" at the true classes, {terms[0, labels[0]]:.3f} for image 0 at class"
    f" {labels[0]} and {terms[1, labels[1]]:.3f} for image 1 at class {labels[1]}."
)
plt.show()

# %%
# Summed over classes, averaged over images
# -----------------------------------------
# Summing each row gives the per-image losses :math:`\ell_n`; their mean is
# the batch loss :math:`L`.
per_image = terms.sum(axis=1)
loss = per_image.mean()
print(
    "per image:",
    np.array2string(per_image, precision=4),
    " mean:",
    round(float(loss), 4),
)

# %%
# The same numbers from :func:`clsloss.cross_entropy`, from PyTorch with class
# indices, and from PyTorch with one-hot probability targets:
logits_t = torch.from_numpy(logits)
torch_index = torch.nn.CrossEntropyLoss(reduction="none")(
    logits_t, torch.from_numpy(labels)
)
torch_one_hot = torch.nn.CrossEntropyLoss(reduction="none")(
    logits_t, torch.from_numpy(y)
)
for name, values in [
    ("by hand", per_image),
    ("clsloss", clsloss.cross_entropy(logits, labels, reduction="none")),
    ("torch, indices", torch_index.numpy()),
    ("torch, one-hot", torch_one_hot.numpy()),
]:
    print(f"{name:>15}: {np.array2string(values, precision=6)}")
    np.testing.assert_allclose(values, per_image, rtol=1e-12)
np.testing.assert_allclose(
    torch.nn.CrossEntropyLoss()(logits_t, torch.from_numpy(labels)).item(),
    loss,
    rtol=1e-12,
)

# %%
# The loss of one image against its true-class probability
# ---------------------------------------------------------
# With a one-hot label the loss is :math:`-\log p_t`, where
# :math:`p_t = p_{n, y_n}` is the probability of the true class: 0 for a
# certain correct prediction (:math:`p_t = 1`) and unbounded as :math:`p_t`
# goes to 0. The dots are the two images of the running example, placed at
# their softmax probability of the true class.
p_t = clsloss.softmax(logits, axis=1)[np.arange(len(labels)), labels]
print("p_t:", np.array2string(p_t, precision=4))
np.testing.assert_allclose(-np.log(p_t), per_image, rtol=1e-12)
p_grid = np.linspace(1e-3, 1, 300)
fig, ax = plt.subplots(layout="constrained")
ax.plot(p_grid, -np.log(p_grid), label=r"$\ell = -\log p_t$")
ax.scatter(p_t, per_image, color="C3", zorder=3, label="running example")
ax.set(xlabel=r"probability of the true class $p_t$", ylabel=r"loss $\ell$ (nats)")
ax.legend()
fig.set_label(
    "The loss minus log p_t against the probability of the true class p_t, from"
    f" {p_grid[0]:g} to {p_grid[-1]:g}: it falls steeply near 0, from"
    f" {-np.log(p_grid[0]):.2f} nats, to 0 at p_t = 1. Red dots mark the two images,"
    f" at p_t = {p_t[0]:.4f} (loss {per_image[0]:.3f}) and p_t = {p_t[1]:.4f}"
    f" (loss {per_image[1]:.3f}): the less probable the true class, the larger the"
    " loss."
)
plt.show()

# %%
# Try it
# ------
# The panel below starts from the first image's logits and its label, class 0
# (the :ref:`playground` page explains it). Drag the logit of the true class
# up and watch :math:`-\log p_t` fall; press another class to move the target.
#
# .. loss-playground::
#    :logits: -1.9609, -0.2974, 0.1152
#    :target: 0

# %%
# Takeaways
# ---------
# - Cross-entropy is a sum over classes of :math:`-y_{n,c} \log p_{n,c}`,
#   then (by default) a mean over images; with one-hot labels only
#   :math:`-\log p_t` is left.
# - :func:`clsloss.cross_entropy` and :class:`torch.nn.CrossEntropyLoss` take
#   logits, and either class indices or one-hot (or soft) probability
#   targets. Without options both give the same loss; with ``weight=`` or
#   ``ignore_index`` they do not
#   (:ref:`sphx_glr_auto_examples_plot_03_labels_as_numbers.py`).
