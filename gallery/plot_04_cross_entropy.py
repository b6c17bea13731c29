r"""
Cross-entropy: per class, summed, averaged
==========================================

For one image with one-hot label :math:`y` and softmax probabilities
:math:`p`, cross-entropy adds one term per class,

.. math::

    \ell_n = -\sum_{c=1}^{C} y_{n,c} \log p_{n,c},

and the loss of a batch is the mean over the :math:`N` images. Because
:math:`y` is one-hot, only the true class's term survives:
:math:`\ell_n = -\log p_{n, y_n}`. This page builds the loss term by term on
the running example and checks it against :class:`torch.nn.CrossEntropyLoss`
with index targets and with one-hot probability targets.
"""

# %%
# Per-element terms
# -----------------
# :func:`clsloss.log_softmax` gives :math:`\log p` without ever forming a
# probability that could round to 0.
import numpy as np
import torch

import clsloss

logits = np.array([[-1.9609, -0.2974, 0.1152], [0.5912, 1.7348, -2.4041]])
labels = np.array([0, 2])
y = clsloss.one_hot(labels, num_classes=3).astype(float)
log_p = clsloss.log_softmax(logits, axis=1)
terms = -y * log_p
print("log p:", np.array2string(log_p, precision=4), sep="\n")
print("-y log p:", np.array2string(terms, precision=4), sep="\n")

# %%
# Only the true class contributes: the heatmap is zero off the labels.
import matplotlib.pyplot as plt

fig, axes = plt.subplots(1, 2, figsize=(9, 3), layout="constrained")
for ax, values, title in [
    (axes[0], -log_p, r"$-\log p_{n,c}$"),
    (axes[1], terms, r"$-y_{n,c} \log p_{n,c}$"),
]:
    image = ax.imshow(values, cmap="viridis", vmin=0, vmax=4.5)
    for (n, c), value in np.ndenumerate(values):
        ax.text(
            c,
            n,
            f"{value:.3f}",
            ha="center",
            va="center",
            color="white" if value < 3 else "black",
        )
    ax.set(
        title=title,
        xticks=range(3),
        yticks=range(2),
        xlabel="class $c$",
        ylabel="image $n$",
    )
fig.colorbar(image, ax=axes, label="loss term")
plt.show()

# %%
# Summed over classes, averaged over images
# -----------------------------------------
# Summing each row gives the per-image losses; their mean is the batch loss.
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
    torch.nn.CrossEntropyLoss()(logits_t, torch.from_numpy(labels)).item(), loss
)

# %%
# The loss of one image against its true-class probability
# ---------------------------------------------------------
# With a one-hot label the loss is :math:`-\log p_{\text{true}}`: 0 for a
# certain correct prediction and unbounded as the true class's probability
# goes to 0. The dots are the two images of the running example.
p_true = np.linspace(1e-3, 1, 300)
fig, ax = plt.subplots(layout="constrained")
ax.plot(p_true, -np.log(p_true), label=r"$\ell = -\log p_{\mathrm{true}}$")
ax.scatter(np.exp(-per_image), per_image, color="C3", zorder=3, label="running example")
ax.set(xlabel=r"probability of the true class $p_{\mathrm{true}}$", ylabel="loss")
ax.legend()
plt.show()

# %%
# Takeaways
# ---------
# - Cross-entropy is a sum over classes of :math:`-y_c \log p_c`, then a mean
#   over images; with one-hot labels only :math:`-\log p_{\text{true}}` is left.
# - :func:`clsloss.cross_entropy` and :class:`torch.nn.CrossEntropyLoss` take
#   logits, and either class indices or one-hot (or soft) probability targets.
#
# sphinx_gallery_thumbnail_number = 1
