r"""
Class weights, ignore_index and reductions
==========================================

:class:`torch.nn.CrossEntropyLoss` has three options that change which
elements count and how much. With per-class weights :math:`w` and targets
equal to ``ignore_index`` masked out, the unreduced loss is

.. math::

    \ell_n = -w_{y_n} \log p_{n, y_n} \cdot \mathbb{1}\{y_n \ne \text{ignore\_index}\},

``reduction="sum"`` adds them, and ``reduction="mean"`` divides by the
**total weight of the counted targets**, not by :math:`N`:

.. math::

    \ell = \frac{\sum_n \ell_n}{\sum_n w_{y_n} \mathbb{1}\{y_n \ne \text{ignore\_index}\}}.
"""

# %%
# A small batch
# -------------
# Four images, three classes, class 2 weighted three times as much, and the
# last image's label to be ignored (marked -100, PyTorch's default).
import numpy as np
import torch

import clsloss

logits = np.array(
    [
        [-1.9609, -0.2974, 0.1152],
        [0.5912, 1.7348, -2.4041],
        [0.3, 2.1, -0.5],
        [1.2, 0.1, 0.4],
    ]
)
labels = np.array([0, 2, 1, -100])
weight = np.array([1.0, 1.0, 3.0])
kwargs = {"weight": weight, "ignore_index": -100}

per_image = clsloss.cross_entropy(logits, labels, reduction="none", **kwargs)
print("per-image losses:", np.array2string(per_image, precision=4))

# %%
# The weighted mean and the mistaken ``.mean()``
# ----------------------------------------------
# The counted weights are :math:`w_0 + w_2 + w_1` for the three counted images.
# Dividing the sum by them is what PyTorch's ``"mean"`` does; averaging the
# per-image losses divides by 4 instead, counting the ignored image and
# forgetting the weights.
counted = labels != -100
denominator = weight[labels[counted]].sum()
weighted_mean = per_image.sum() / denominator
naive_mean = per_image.mean()
reference = torch.nn.CrossEntropyLoss(weight=torch.from_numpy(weight))(
    torch.from_numpy(logits), torch.from_numpy(labels)
).item()
print(f"sum / counted weights = {weighted_mean:.6f}")
print(f"CrossEntropyLoss      = {reference:.6f}")
print(f"reduction='none' then .mean() = {naive_mean:.6f}")
np.testing.assert_allclose(weighted_mean, reference, rtol=1e-12)
np.testing.assert_allclose(
    clsloss.cross_entropy(logits, labels, **kwargs), reference, rtol=1e-12
)
assert not np.isclose(naive_mean, reference)

# %%
import matplotlib.pyplot as plt

fig, axes = plt.subplots(1, 2, figsize=(9, 3.2), layout="constrained")
colors = [
    "C7" if not c else f"C{label}" for c, label in zip(counted, labels, strict=True)
]
axes[0].bar(range(4), per_image, color=colors)
axes[0].set(
    title="per-image loss (image 3 ignored)",
    xlabel="image",
    ylabel=r"$\ell_n$",
    xticks=range(4),
)
axes[1].bar(
    ["weighted mean\n(PyTorch)", "none + .mean()"],
    [weighted_mean, naive_mean],
    color=["C0", "C3"],
)
axes[1].set(title="two different 'means'", ylabel="loss")
plt.show()

# %%
# An ignored class still takes probability
# -----------------------------------------
# ``ignore_index`` may also name a real class, say class 1, to stop training
# on its labels. The targets of class 1 then count for nothing, but class 1
# keeps its column of logits: every image's softmax still divides by
# :math:`e^{z_{n,1}}`. Raising the class-1 logits raises the loss of every
# counted image, although no counted label is class 1.
ignore_class = {"ignore_index": 1}
bumped = logits.copy()
bumped[:, 1] += 2.0
labels_no_void = np.array([0, 2, 1, 0])
before = clsloss.cross_entropy(logits, labels_no_void, reduction="none", **ignore_class)
after = clsloss.cross_entropy(bumped, labels_no_void, reduction="none", **ignore_class)
print("labels:             ", labels_no_void)
print("losses:             ", np.array2string(before, precision=4))
print("class-1 logits + 2: ", np.array2string(after, precision=4))
np.testing.assert_allclose(
    after,
    torch.nn.functional.cross_entropy(
        torch.from_numpy(bumped),
        torch.from_numpy(labels_no_void),
        reduction="none",
        ignore_index=1,
    ).numpy(),
    rtol=1e-12,
)
assert np.all(after[labels_no_void != 1] > before[labels_no_void != 1])

# %%
# All targets ignored
# -------------------
# If every target is ignored, the mean divides 0 by 0: PyTorch and clsloss
# both return nan. A data loader that can yield such a batch needs a guard.
all_ignored = np.full(4, -100)
print("clsloss:", clsloss.cross_entropy(logits, all_ignored))
print(
    "torch:  ",
    torch.nn.functional.cross_entropy(
        torch.from_numpy(logits), torch.from_numpy(all_ignored)
    ),
)
assert np.isnan(clsloss.cross_entropy(logits, all_ignored))

# %%
# Takeaways
# ---------
# - A weighted ``"mean"`` divides by the summed weights of the counted
#   targets; ``reduction="none"`` followed by ``.mean()`` is a different number.
# - ``ignore_index`` removes an element from both the sum and the denominator.
# - A batch with every target ignored has a nan mean.
#
# sphinx_gallery_thumbnail_number = 1
