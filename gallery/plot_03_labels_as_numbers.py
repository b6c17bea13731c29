r"""
Labels as numbers
=================

A loss compares numbers, so every label must become one. A label can be
written in four ways:

- a :term:`class index` :math:`y_n \in \{0, \dots, C-1\}`, one integer per
  image;
- a :term:`one-hot` vector, 1 at the true class and 0 elsewhere;
- a :term:`multi-hot` vector, 1 at *every* class present, for
  :term:`multi-label` tasks;
- a smoothed vector, a :term:`soft label` made from the one-hot vector by
  :term:`label smoothing`, which spreads a little mass over all classes.

This page builds each from the running example's labels, shows where
PyTorch treats indices and one-hot vectors differently, and why the tempting
shortcut, regressing on the class index itself, is wrong.
"""

# %%
# Index, one-hot, multi-hot, smoothed
# -----------------------------------
# The running example's images are of class 0 and class 2, out of three. The
# multi-hot row is a different labelling, of a multi-label task in which
# image 0 also shows class 1.
import numpy as np
import torch

import clsloss

# sphinx_gallery_thumbnail_number = 1
labels = np.array([0, 2])
one_hot = clsloss.one_hot(labels, num_classes=3)
multi_hot = np.array([[1, 1, 0], [0, 0, 1]])  # image 0 shows classes 0 and 1
epsilon = 0.1
smoothed = clsloss.smooth_labels(labels, epsilon, num_classes=3)
print("index:    ", labels)
print("one-hot:  ", one_hot.tolist())
print("multi-hot:", multi_hot.tolist())
print("smoothed: ", np.array2string(smoothed, precision=4))
np.testing.assert_array_equal(
    one_hot, torch.nn.functional.one_hot(torch.from_numpy(labels), 3).numpy()
)
np.testing.assert_allclose(smoothed, (1 - epsilon) * one_hot + epsilon / 3, rtol=1e-12)

# %%
# As pictures: each row is an image, each column a class.
import matplotlib.pyplot as plt

fig, axes = plt.subplots(1, 3, figsize=(8, 2.6), layout="constrained")
for ax, (values, title) in zip(
    axes,
    [
        (one_hot, "one-hot"),
        (multi_hot, "multi-hot"),
        (smoothed, rf"smoothed, $\varepsilon = {epsilon:g}$"),
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
        title=title,
        xticks=range(3),
        yticks=range(2),
        xlabel="class $c$",
        ylabel="image",
    )
fig.colorbar(image, ax=axes, label="target value")
fig.set_label(
    "Three grids of target values, rows images 0 and 1, columns classes 0, 1 and 2,"
    f" each value printed and shaded. One-hot: 1 at class {labels[0]} for image 0 and"
    f" class {labels[1]} for image 1, 0 elsewhere. Multi-hot: the same, plus a 1 at"
    f" class {np.flatnonzero(multi_hot[0] - one_hot[0])[0]} for image 0. Smoothed with"
    f" epsilon = {epsilon:g}: {smoothed[0, labels[0]]:.3g} at the true class and"
    f" {smoothed[0, 1]:.3g} at each other class."
)
plt.show()

# %%
# Rows of one-hot and smoothed targets sum to 1 (printed): they are
# probability distributions, the targets of :func:`clsloss.cross_entropy`. A
# multi-hot row can sum to more than 1 (or to 0): it is a set of independent
# yes/no answers, the target of
# :func:`clsloss.binary_cross_entropy_with_logits`. Each smoothed target is
# :math:`(1 - \varepsilon)\, y + \varepsilon / C`, and cross-entropy against it
# equals PyTorch's ``label_smoothing``:
print("row sums, one-hot:", one_hot.sum(axis=1), " smoothed:", smoothed.sum(axis=1))
print("row sums, multi-hot:", multi_hot.sum(axis=1))
np.testing.assert_allclose(smoothed.sum(axis=1), 1.0, rtol=1e-12)
logits = torch.tensor(
    [[-1.9609, -0.2974, 0.1152], [0.5912, 1.7348, -2.4041]], dtype=torch.float64
)
with_targets = torch.nn.functional.cross_entropy(logits, torch.from_numpy(smoothed))
with_option = torch.nn.functional.cross_entropy(
    logits, torch.from_numpy(labels), label_smoothing=epsilon
)
print(f"{with_targets.item():.6f} {with_option.item():.6f}")
torch.testing.assert_close(with_targets, with_option)

# %%
# Indices and one-hot: the same loss, until the options differ
# ------------------------------------------------------------
# Without options, :class:`torch.nn.CrossEntropyLoss` gives the same loss for
# class indices and for one-hot targets. With class weights :math:`w_c`
# (``weight=``) the mean is taken differently. With indices it divides by the
# summed weights of the targets, with one-hot (probability) targets by the
# number of images :math:`N`:
#
# .. math::
#
#     L_{\text{index}} = \frac{\sum_{n=1}^{N} \ell_n}{\sum_{n=1}^{N} w_{y_n}},
#     \qquad
#     L_{\text{one-hot}} = \frac{\sum_{n=1}^{N} \ell_n}{N},
#     \qquad \ell_n = -w_{y_n} \log p_{n, y_n}.
#
# The two numbers, from PyTorch and from :mod:`clsloss`:
weight = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64)
index_t, one_hot_t = torch.from_numpy(labels), torch.from_numpy(one_hot).double()
per_image = torch.nn.functional.cross_entropy(
    logits, index_t, weight=weight, reduction="none"
)
for name, target in [("indices", index_t), ("one-hot", one_hot_t)]:
    ours = clsloss.cross_entropy(logits, target, weight=weight)
    theirs = torch.nn.functional.cross_entropy(logits, target, weight=weight)
    print(
        f"weighted mean, {name:>7}: torch {theirs.item():.6f}, clsloss {ours.item():.6f}"
    )
    torch.testing.assert_close(ours, theirs)
    denominator = weight[index_t].sum() if name == "indices" else len(labels)
    torch.testing.assert_close(theirs, per_image.sum() / denominator)

# %%
# The one-hot mean is the index mean times :math:`\sum_n w_{y_n} / N`:
ratio = weight[index_t].sum().item() / len(labels)
print(f"one-hot mean / index mean = {ratio:.4f}")
np.testing.assert_allclose(
    clsloss.cross_entropy(logits, one_hot_t, weight=weight).item(),
    ratio * clsloss.cross_entropy(logits, index_t, weight=weight).item(),
    rtol=1e-12,
)

# %%
# The second difference is :term:`ignore_index <ignore index>`: it marks
# elements by a *class index*, so it needs index targets. With probability
# targets PyTorch 2.13 raises for a non-negative ``ignore_index``:
for ignore_index in (0, 2, 255):
    message = ""
    try:
        torch.nn.functional.cross_entropy(logits, one_hot_t, ignore_index=ignore_index)
    except RuntimeError as error:
        message = str(error)
    print(f"torch, ignore_index={ignore_index}: {message}")
    assert message == "ignore_index is not supported for floating point target"

# %%
# A negative ``ignore_index`` (the default is -100) is accepted silently, and
# with probability targets it ignores nothing:
negative = torch.nn.functional.cross_entropy(logits, one_hot_t, ignore_index=-1)
print(f"torch, ignore_index=-1: {negative.item():.6f}")
torch.testing.assert_close(
    negative, torch.nn.functional.cross_entropy(logits, one_hot_t)
)

# %%
# :func:`clsloss.cross_entropy` refuses any ``ignore_index`` other than the
# default with probability targets, negative or not:
message = ""
try:
    clsloss.cross_entropy(logits, one_hot_t, ignore_index=-1)
except ValueError as error:
    message = str(error)
print("clsloss, ignore_index=-1:", message)
assert message.startswith("ignore_index applies to class-index targets only")

# %%
# Why not regress on the class index?
# -----------------------------------
# Treating the label as a number and using a squared error invents an order
# and distances between classes. For digits with true class 0, predicting a
# 1 costs :math:`1^2 = 1` but predicting a 9 costs :math:`9^2 = 81`, although
# both are simply wrong. Cross-entropy against the one-hot target looks only
# at the probability of the true class, so it charges every wrong class
# alike when each gets the same confident logits (5 for the predicted class,
# 0 elsewhere):
true_class, num_classes = 0, 10
wrong_classes = np.arange(1, num_classes)
squared_error = (wrong_classes - true_class) ** 2.0
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
assert squared_error[0] == 1
assert squared_error[-1] == 81
np.testing.assert_allclose(cross_entropy, cross_entropy[0], rtol=1e-12)

# %%
# The two losses are on different scales (squared index units and
# :term:`nats`), so each gets its own axis.
fig, axes = plt.subplots(1, 2, figsize=(8, 3.2), layout="constrained", sharex=True)
axes[0].plot(wrong_classes, squared_error, "o-", color="C0")
axes[0].set(title="squared error on the index", ylabel=r"$(\hat y - y)^2$")
axes[1].plot(wrong_classes, cross_entropy, "s-", color="C1")
axes[1].set(
    title="cross-entropy on one-hot targets",
    ylabel=r"$-\log p_{y}$ (nats)",
    ylim=(0, 1.2 * cross_entropy.max()),
)
for ax in axes:
    ax.set(
        xlabel=r"predicted class $\hat y$ (true class $y = 0$)", xticks=wrong_classes
    )
fig.set_label(
    f"Two panels against the predicted class, {wrong_classes[0]} to"
    f" {wrong_classes[-1]}, when the true class is {true_class}. Left, the squared"
    f" error on the index rises from {squared_error[0]:g} to {squared_error[-1]:g}, as"
    " if some wrong classes were worse than others; right, cross-entropy on one-hot"
    f" targets is the same {cross_entropy[0]:.3f} nats for every wrong class."
)
plt.show()

# %%
# Takeaways
# ---------
# - Class indices and one-hot vectors name the same class, and
#   :class:`torch.nn.CrossEntropyLoss` accepts either, but not with the same
#   options: with ``weight=`` the mean over one-hot targets divides by
#   :math:`N`, not by :math:`\sum_n w_{y_n}`, and ``ignore_index`` needs
#   class indices.
# - Multi-hot targets describe multi-label tasks and need a per-class sigmoid
#   loss, not softmax cross-entropy.
# - Do not regress on the indices of unordered classes: the numbers name
#   classes, they do not measure anything.
