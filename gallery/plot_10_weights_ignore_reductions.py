r"""
Class weights, ignore_index and reductions
==========================================

:class:`torch.nn.CrossEntropyLoss` has three options that change which
elements count and how much: a weight :math:`w_c` per class, an
:term:`ignore index` that masks targets out, and the :term:`reduction`. With
:term:`class index` targets :math:`y_n` the unreduced loss is

.. math::

    \ell_n = -w_{y_n} \log p_{n, y_n} \cdot \mathbb{1}\{y_n \ne \text{ignore\_index}\},

``reduction="sum"`` adds them, and ``reduction="mean"`` divides by the
**total weight of the counted targets**, not by :math:`N`:

.. math::

    L = \frac{\sum_{n=1}^{N} \ell_n}
             {\sum_{n=1}^{N} w_{y_n} \mathbb{1}\{y_n \ne \text{ignore\_index}\}}.

With probability targets the rules differ; the last section shows how.
"""

# %%
# A small batch
# -------------
# Four images, three classes, class 2 weighted three times as much as the
# others, and the last image's label to be ignored (marked -100, PyTorch's
# default ``ignore_index``).
import numpy as np
import torch

import clsloss

# sphinx_gallery_thumbnail_number = 1
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
np.testing.assert_allclose(
    per_image,
    torch.nn.functional.cross_entropy(
        torch.from_numpy(logits),
        torch.from_numpy(labels),
        weight=torch.from_numpy(weight),
        reduction="none",
    ).numpy(),
    rtol=1e-12,
)
assert per_image[3] == 0.0

# %%
# The weighted mean and the mistaken ``.mean()``
# ----------------------------------------------
# The counted weights are :math:`w_0 + w_2 + w_1` for the three counted images.
# Dividing the sum by them is what PyTorch's ``"mean"`` does; averaging the
# per-image losses divides by 4 instead, counting the ignored image and
# leaving out the weights.
counted = labels != -100
denominator = weight[labels[counted]].sum()
weighted_mean = per_image.sum() / denominator
naive_mean = per_image.mean()
reference = torch.nn.CrossEntropyLoss(weight=torch.from_numpy(weight))(
    torch.from_numpy(logits), torch.from_numpy(labels)
).item()
print(f"sum / counted weights ({denominator:g})  = {weighted_mean:.6f}")
print(f"CrossEntropyLoss               = {reference:.6f}")
print(f"reduction='none' then .mean()  = {naive_mean:.6f}")
np.testing.assert_allclose(weighted_mean, reference, rtol=1e-12)
np.testing.assert_allclose(
    clsloss.cross_entropy(logits, labels, **kwargs), reference, rtol=1e-12
)
assert not np.isclose(naive_mean, reference)

# %%
# Left, the per-image losses coloured by true class; the ignored image costs 0.
# Right, the two "means" of the same four losses.
import matplotlib.pyplot as plt
from matplotlib.patches import Patch

fig, axes = plt.subplots(1, 2, figsize=(8, 3.4), layout="constrained")
colors = ["C7" if label == -100 else f"C{label}" for label in labels]
axes[0].bar(range(4), per_image, color=colors)
axes[0].set(
    title="per-image loss (image 3 ignored)",
    xlabel="image $n$",
    ylabel=r"$\ell_n$ (nats)",
    xticks=range(4),
)
axes[0].legend(
    handles=[Patch(color=f"C{c}", label=f"true class {c}") for c in range(3)]
    + [Patch(color="C7", label="ignored")]
)
axes[1].bar(
    ["weighted mean\n(PyTorch)", "none, then .mean()"],
    [weighted_mean, naive_mean],
    color="C0",
)
axes[1].set(title="two different 'means'", ylabel="$L$ (nats)")
largest = int(np.argmax(per_image))
ignored = int(np.flatnonzero(~counted)[0])
fig.set_label(
    f"Left: bars of the per-image loss l_n in nats for images 0 to {len(labels) - 1}, "
    f"coloured by true class. Image {largest}, of class {labels[largest]} with "
    f"weight {weight[labels[largest]]:g}, has the largest loss, "
    f"{per_image[largest]:.2f}; the ignored image {ignored} costs 0. Right: two "
    "'means' of the same losses differ: PyTorch's weighted mean, the sum divided by "
    f"the counted weights ({denominator:g}), is {weighted_mean:.2f}; "
    f"reduction='none' then .mean() gives {naive_mean:.2f}."
)
plt.show()

# %%
# An ignored class still takes probability
# -----------------------------------------
# ``ignore_index`` may also name a real class, say class 1, to stop training
# on its labels. The targets of class 1 then count for nothing, but class 1
# keeps its column of logits: the denominator of every image's softmax still
# contains :math:`e^{z_{n,1}}`. Raising the class-1 logits raises the loss of
# every counted image, although no counted label is class 1.
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
# both return nan, while the sum is 0. A data loader that can yield such a
# batch needs a guard.
all_ignored = np.full(4, -100)
ours = clsloss.cross_entropy(logits, all_ignored)
theirs = torch.nn.functional.cross_entropy(
    torch.from_numpy(logits), torch.from_numpy(all_ignored)
)
theirs_sum = torch.nn.functional.cross_entropy(
    torch.from_numpy(logits), torch.from_numpy(all_ignored), reduction="sum"
)
print(f"mean: clsloss {ours}, torch {theirs.item()}; sum: torch {theirs_sum.item()}")
assert np.isnan(ours)
assert torch.isnan(theirs)
assert theirs_sum.item() == 0.0

# %%
# With probability targets
# ------------------------
# With a row of class probabilities :math:`y_{n,c}` as target, the loss is
# :math:`\ell_n = -\sum_{c=0}^{C-1} w_c\, y_{n,c} \log p_{n,c}` and PyTorch's
# ``"mean"`` divides by the number of samples :math:`N`, whatever the weights.
# So the same labels given as one-hot rows give another weighted mean:
counted_logits = torch.from_numpy(logits[counted])
counted_labels = torch.from_numpy(labels[counted])
as_rows = torch.nn.functional.one_hot(counted_labels, num_classes=3).double()
by_index = torch.nn.functional.cross_entropy(
    counted_logits, counted_labels, weight=torch.from_numpy(weight)
).item()
by_rows = torch.nn.functional.cross_entropy(
    counted_logits, as_rows, weight=torch.from_numpy(weight)
).item()
rows_none = clsloss.cross_entropy(
    logits[counted], as_rows.numpy(), weight=weight, reduction="none"
)
print(f"class indices: {by_index:.6f}; one-hot rows: {by_rows:.6f}")
np.testing.assert_allclose(by_rows, rows_none.sum() / len(rows_none), rtol=1e-12)
np.testing.assert_allclose(by_index, rows_none.sum() / denominator, rtol=1e-12)
np.testing.assert_allclose(
    clsloss.cross_entropy(logits[counted], as_rows.numpy(), weight=weight),
    by_rows,
    rtol=1e-12,
)

# %%
# ``ignore_index`` does not apply to probability targets. PyTorch 2.13 raises
# an error when it is 0 or more, and silently accepts a negative value, which
# then masks nothing. clsloss raises for any value other than the default
# -100.


def outcome(loss_function, *args, **kwargs):
    """The loss, or the error it raises, as a short string."""
    try:
        return f"loss {float(loss_function(*args, **kwargs)):.6f}"
    except (RuntimeError, ValueError) as error:
        return f"{type(error).__name__}: {error}"


outcomes = {}
for ignore_index in (0, -1):
    outcomes["torch", ignore_index] = outcome(
        torch.nn.functional.cross_entropy,
        counted_logits,
        as_rows,
        ignore_index=ignore_index,
    )
    outcomes["clsloss", ignore_index] = outcome(
        clsloss.cross_entropy,
        logits[counted],
        as_rows.numpy(),
        ignore_index=ignore_index,
    )
for (library, ignore_index), text in outcomes.items():
    print(f"{library}, ignore_index={ignore_index}: {text}")
unmasked = clsloss.cross_entropy(logits[counted], as_rows.numpy())
assert outcomes["torch", 0] == (
    "RuntimeError: ignore_index is not supported for floating point target"
)
assert outcomes["torch", -1] == f"loss {unmasked:.6f}"
assert outcomes["clsloss", 0].startswith("ValueError")
assert outcomes["clsloss", -1].startswith("ValueError")

# %%
# Takeaways
# ---------
# - With class indices, a weighted ``"mean"`` divides by the summed weights of
#   the counted targets; ``reduction="none"`` followed by ``.mean()`` is a
#   different number.
# - ``ignore_index`` removes an element from both the sum and the denominator;
#   a batch with every target ignored has a nan mean.
# - With probability targets the mean divides by :math:`N`, and
#   ``ignore_index`` does not apply: leave out the samples to skip yourself,
#   for example by selecting rows of ``reduction="none"``.
