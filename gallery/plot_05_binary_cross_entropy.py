r"""
Binary cross-entropy per class
==============================

In a :term:`multi-label` task each class is its own yes/no question, answered
by a :term:`sigmoid` probability :math:`p_{n,c} = \sigma(z_{n,c})`. Binary
cross-entropy scores every (image, class) element separately,

.. math::

    \ell_{n,c} = -\left[ y_{n,c} \log p_{n,c} + (1 - y_{n,c}) \log(1 - p_{n,c}) \right],

and :class:`torch.nn.BCELoss` with the :term:`reduction` ``"mean"`` averages all
:math:`N \times C` elements. This page computes the element matrix for the
running example, shows that the mean of the per-class means is the same
number, and what happens when the :math:`1/N` is applied twice.
"""

# %%
# The element matrix
# ------------------
# The running example's logits, scored per class with a sigmoid, against the
# one-hot labels read as three yes/no answers per image.
import numpy as np
import torch

import clsloss

# sphinx_gallery_thumbnail_number = 1
logits = np.array([[-1.9609, -0.2974, 0.1152], [0.5912, 1.7348, -2.4041]])
y = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
p = clsloss.sigmoid(logits)
elements = clsloss.binary_cross_entropy(p, y, reduction="none")
by_hand = -(y * np.log(p) + (1 - y) * np.log(1 - p))
print("p:", np.array2string(p, precision=4), sep="\n")
print("elements:", np.array2string(elements, precision=4), sep="\n")
np.testing.assert_allclose(elements, by_hand, rtol=1e-12)

# %%
# Each cell is one question's loss. The two positives (class 0 of image 0,
# class 2 of image 1) got low probabilities (printed above), so they cost the
# most: they are the two largest elements.
import matplotlib.pyplot as plt

two_largest = np.argsort(elements, axis=None)[-2:]
np.testing.assert_array_equal(np.sort(two_largest), np.flatnonzero(y == 1))

fig, ax = plt.subplots(figsize=(5, 3), layout="constrained")
image = ax.imshow(elements, cmap="magma_r", vmin=0)
for (n, c), value in np.ndenumerate(elements):
    ax.text(
        c,
        n,
        f"{value:.3f}\n(y={y[n, c]:g})",
        ha="center",
        va="center",
        color="white" if value > 1.5 else "black",
    )
ax.set(
    title=r"$\ell_{n,c}$, binary cross-entropy per element",
    xticks=range(3),
    yticks=range(2),
    xlabel="class $c$",
    ylabel="image $n$",
)
fig.colorbar(image, ax=ax, label="loss (nats)")
positives = [
    f"image {n} at class {c} ({elements[n, c]:.3f} nats)"
    for n, c in np.argwhere(y == 1)
]
fig.set_label(
    "Heatmap of the binary cross-entropy of each element, rows images 0 and 1,"
    " columns classes 0, 1 and 2, each cell printed with its loss and its label y."
    f" The two cells with y = 1 cost the most, {' and '.join(positives)}; the other"
    f" {np.count_nonzero(y == 0)} lie between {elements[y == 0].min():.3f} and"
    f" {elements[y == 0].max():.3f}."
)
plt.show()

# %%
# Per-class means, and the mean of the means
# ------------------------------------------
# Averaging each column over the :math:`N` images gives one loss per class.
# With every class seen on every image, the mean of those class means is the
# mean of all elements, which is what ``reduction="mean"`` computes.
class_means = elements.mean(axis=0)
mean_of_means = class_means.mean()
bce = torch.nn.BCELoss()(torch.from_numpy(p), torch.from_numpy(y)).item()
print("class means:", np.array2string(class_means, precision=4))
print(f"mean of class means {mean_of_means:.6f}, BCELoss(mean) {bce:.6f}")
np.testing.assert_allclose(mean_of_means, bce, rtol=1e-12)
np.testing.assert_allclose(clsloss.binary_cross_entropy(p, y), bce, rtol=1e-12)

# %%
# ``reduction="sum"`` adds the elements instead, and ``"none"`` returns the
# matrix itself, as PyTorch does:
for reduction in ("sum", "none"):
    ours = clsloss.binary_cross_entropy(p, y, reduction=reduction)
    theirs = torch.nn.BCELoss(reduction=reduction)(
        torch.from_numpy(p), torch.from_numpy(y)
    ).numpy()
    np.testing.assert_allclose(ours, theirs, rtol=1e-12)
    print(reduction, np.array2string(np.asarray(ours), precision=4))

# %%
# Dividing by N twice
# -------------------
# A hand-written loss may average each class over the images first and then,
# to "average everything", divide the sum of those class means by
# :math:`N \cdot C`. The means already divided by :math:`N`, so this applies
# :math:`1/N` twice and returns :math:`1/N` of the loss: half of it for the
# two images of the running example (the ratio is printed).
num_images, num_classes = y.shape
twice = elements.mean(axis=0).sum() / (num_images * num_classes)
print(f"correct {bce:.6f}, 1/N applied twice {twice:.6f}, ratio {twice / bce:.6f}")
np.testing.assert_allclose(twice / bce, 1 / num_images, rtol=1e-12)

# %%
# Nothing fails: the loss is just smaller, and so is its gradient, by the same
# factor :math:`1/N`; with plain stochastic gradient descent this acts like a
# learning rate divided by :math:`N`.
# Autograd on both versions, with respect to the logits:
z = torch.from_numpy(logits).requires_grad_()
y_t = torch.from_numpy(y)
elements_t = torch.nn.BCELoss(reduction="none")(torch.sigmoid(z), y_t)
(grad_correct,) = torch.autograd.grad(elements_t.mean(), z, retain_graph=True)
(grad_twice,) = torch.autograd.grad(
    elements_t.mean(dim=0).sum() / (num_images * num_classes), z
)
print("gradient ratio:", np.array2string((grad_twice / grad_correct).numpy()))
torch.testing.assert_close(grad_twice, grad_correct / num_images)

fig, ax = plt.subplots(figsize=(5, 3), layout="constrained")
ax.bar(
    ["BCELoss(mean)", "mean of\nclass means"],
    [bce, mean_of_means],
    color="C0",
    label="the loss",
)
ax.bar([r"$1/N$ twice"], [twice], color="C3", label=r"scaled by $1/N$")
ax.set(ylabel="loss (nats)", title="The same loss, and the one divided twice")
ax.legend()
fig.set_label(
    "Three bars of loss in nats. BCELoss with the mean reduction and the mean of the"
    f" per-class means are both {bce:.3f} (blue); the loss with 1/N applied twice is"
    f" {twice:.3f} (red), {twice / bce:g} times the loss: 1/N for N = {num_images}"
    " images."
)
plt.show()

# %%
# Takeaways
# ---------
# - Binary cross-entropy has one term per (image, class) element; the mean
#   averages all :math:`N \times C` of them.
# - The mean of per-class means equals it; dividing by :math:`N` twice
#   scales the loss and its gradient by :math:`1/N`, without any error.
# - Feed it probabilities only; from logits, prefer
#   :func:`clsloss.binary_cross_entropy_with_logits` (next page).
