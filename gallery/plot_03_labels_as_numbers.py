r"""
Labels as numbers
=================

A loss compares numbers, so every label must become one. The same labels can
be written four ways:

- a **class index** :math:`y_n \in \{0, \dots, C-1\}`, one integer per image;
- a **one-hot** vector, 1 at the true class and 0 elsewhere;
- a **multi-hot** vector, 1 at *every* class present (multi-label tasks);
- a **smoothed** vector, the one-hot vector with a little mass spread over all
  classes.

This page builds each from the running example's labels, and shows why the
tempting shortcut, regressing on the class index itself, is wrong.
"""

# %%
# Index, one-hot, multi-hot, smoothed
# -----------------------------------
# The running example's images are of class 0 and class 2, out of three.
import numpy as np
import torch

import clsloss

labels = np.array([0, 2])
one_hot = clsloss.one_hot(labels, num_classes=3)
multi_hot = np.array([[1, 1, 0], [0, 0, 1]])  # image 0 shows classes 0 and 1
smoothed = clsloss.smooth_labels(labels, 0.1, num_classes=3)
print("index:    ", labels)
print("one-hot:  ", one_hot.tolist())
print("multi-hot:", multi_hot.tolist())
print("smoothed: ", np.array2string(smoothed, precision=4))
np.testing.assert_array_equal(
    one_hot, torch.nn.functional.one_hot(torch.from_numpy(labels), 3).numpy()
)

# %%
# As pictures: each row is an image, each column a class.
import matplotlib.pyplot as plt

fig, axes = plt.subplots(1, 3, figsize=(9, 2.6), layout="constrained")
for ax, (values, title) in zip(
    axes,
    [
        (one_hot, "one-hot"),
        (multi_hot, "multi-hot"),
        (smoothed, r"smoothed, $\varepsilon = 0.1$"),
    ],
    strict=True,
):
    image = ax.imshow(values, cmap="Blues", vmin=0, vmax=1)
    for (n, c), value in np.ndenumerate(values):
        ax.text(
            c,
            n,
            f"{value:.3g}",
            ha="center",
            va="center",
            color="white" if value > 0.5 else "black",
        )
    ax.set(
        title=title, xticks=range(3), yticks=range(2), xlabel="class", ylabel="image"
    )
fig.colorbar(image, ax=axes, label="target value")
plt.show()

# %%
# Rows of one-hot and smoothed targets sum to 1: they are probability
# distributions, the targets of :func:`clsloss.cross_entropy`. A multi-hot
# row can sum to more than 1: it is a set of independent yes/no answers, the
# target of :func:`clsloss.binary_cross_entropy_with_logits`. Each smoothed
# target is :math:`(1 - \varepsilon)\, y + \varepsilon / C`, and cross-entropy
# against it equals PyTorch's ``label_smoothing``:
logits = torch.tensor(
    [[-1.9609, -0.2974, 0.1152], [0.5912, 1.7348, -2.4041]], dtype=torch.float64
)
with_targets = torch.nn.functional.cross_entropy(logits, torch.from_numpy(smoothed))
with_option = torch.nn.functional.cross_entropy(
    logits, torch.from_numpy(labels), label_smoothing=0.1
)
print(f"{with_targets.item():.6f} {with_option.item():.6f}")
torch.testing.assert_close(with_targets, with_option)

# %%
# Why not regress on the class index?
# -----------------------------------
# Treating the label as a number and using a squared error invents an order
# and distances between classes. For digits with true class 0, predicting a
# 1 costs :math:`1^2` but predicting a 9 costs :math:`9^2`, although both are
# simply wrong. Cross-entropy against the one-hot target charges every wrong
# class alike: it only asks how much probability went to the true class.
true_class, num_classes = 0, 10
wrong_classes = np.arange(1, num_classes)
squared_error = (wrong_classes - true_class) ** 2.0
# A confident prediction of each wrong class: logit 5 for it, 0 elsewhere.
confident = 5.0 * clsloss.one_hot(wrong_classes, num_classes).astype(float)
cross_entropy = clsloss.cross_entropy(
    confident, np.full(wrong_classes.size, true_class), reduction="none"
)
np.testing.assert_allclose(
    cross_entropy,
    torch.nn.functional.cross_entropy(
        torch.from_numpy(confident),
        torch.full((wrong_classes.size,), true_class),
        reduction="none",
    ).numpy(),
)
print("squared error:", squared_error)
print("cross-entropy:", np.array2string(cross_entropy, precision=4))

# %%
fig, ax = plt.subplots(layout="constrained")
ax.plot(
    wrong_classes,
    squared_error,
    "o-",
    label=r"squared error $(\hat y - y)^2$ on the index",
)
ax.plot(wrong_classes, cross_entropy, "s-", label="cross-entropy on one-hot targets")
ax.set(xlabel="predicted class (true class 0)", ylabel="loss", xticks=wrong_classes)
ax.legend()
plt.show()

# %%
# Takeaways
# ---------
# - Class indices and one-hot vectors carry the same information; PyTorch's
#   :class:`torch.nn.CrossEntropyLoss` accepts either.
# - Multi-hot targets describe multi-label tasks and need a per-class sigmoid
#   loss, not softmax cross-entropy.
# - Never regress on class indices: the numbers name classes, they do not
#   measure anything.
#
# sphinx_gallery_thumbnail_number = 1
