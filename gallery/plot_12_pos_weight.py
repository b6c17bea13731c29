r"""
pos_weight for imbalanced multi-label data
==========================================

In :term:`multi-label` data a label is often rare: most images are negatives
for it (a :term:`class imbalance`). A model trained with plain BCE with
logits then tends to keep the probabilities of a rare label low, so at a
:term:`threshold` of 0.5 it can miss many of its positives, as the example
below does. ``pos_weight`` scales only the positive term of each element,

.. math::

    \ell_{n,c} = -\left[ w^+_c\, y_{n,c} \log \sigma(z_{n,c})
                 + (1 - y_{n,c}) \log \sigma(-z_{n,c}) \right].

With :math:`N^+_c` positives and :math:`N^-_c` negatives of class :math:`c`,
the choice :math:`w^+_c = N^-_c / N^+_c` gives the positive terms of class
:math:`c` the same total weight, :math:`w^+_c N^+_c = N^-_c`, as its negative
terms. This page shows what it scales, how far it moves the best logit, what
it does to a small trained model, and how its shape must match the input's.
"""

# %%
# Only the positive term is scaled
# --------------------------------
# With :math:`w^+ = 3`, a positive element costs three times as much as
# without it, a negative one the same.
import numpy as np
import torch

import clsloss

# sphinx_gallery_thumbnail_number = 1
z = torch.tensor([-1.0, 0.5, 2.0], dtype=torch.float64)
three = torch.tensor([3.0], dtype=torch.float64)
for label in (1.0, 0.0):
    y = torch.full_like(z, label)
    plain = clsloss.binary_cross_entropy_with_logits(z, y, reduction="none")
    weighted = clsloss.binary_cross_entropy_with_logits(
        z, y, pos_weight=three, reduction="none"
    )
    torch.testing.assert_close(
        weighted,
        torch.nn.functional.binary_cross_entropy_with_logits(
            z, y, pos_weight=three, reduction="none"
        ),
    )
    ratio = (weighted / plain).numpy()
    print(f"label {label:g}: ratio weighted / plain = {ratio.round(6)}")
    np.testing.assert_allclose(ratio, 3.0 if label == 1 else 1.0, rtol=1e-12)

# %%
# A small imbalanced problem
# --------------------------
# Three labels present in 30%, 10% and 3% of 2000 synthetic samples, each
# depending on a noisy linear score of 10 features. 1500 samples train, 500
# are held out.
generator = torch.Generator().manual_seed(0)
features = torch.randn(2000, 10, generator=generator, dtype=torch.float64)
directions = torch.randn(10, 3, generator=generator, dtype=torch.float64)
scores = features @ directions + 0.8 * torch.randn(
    2000, 3, generator=generator, dtype=torch.float64
)
cuts = torch.quantile(
    scores, torch.tensor([0.70, 0.90, 0.97], dtype=torch.float64), dim=0
).diagonal()
labels = (scores > cuts).double()
train, test = slice(0, 1500), slice(1500, None)
positives = labels[train].sum(dim=0)
negatives = len(labels[train]) - positives
pos_weight = negatives / positives
print("label frequency:         ", labels.mean(dim=0).numpy().round(3))
print("positives in training:   ", positives.numpy().astype(int))
print("positives held out:      ", labels[test].sum(dim=0).numpy().astype(int))
print("pos_weight N^- / N^+:    ", pos_weight.numpy().round(2))

# %%
# How far pos_weight moves the logit
# ----------------------------------
# Take the simplest model, one constant logit :math:`z_c` per class for every
# sample. Setting the derivative of the mean loss to zero gives
# :math:`\sigma(z_c) = w^+_c N^+_c / (w^+_c N^+_c + N^-_c)`, that is
#
# .. math::
#
#     z_c^\star = \log \frac{N^+_c}{N^-_c} + \log w^+_c :
#
# ``pos_weight`` shifts the best logit by :math:`\log w^+_c`, and with
# :math:`w^+_c = N^-_c / N^+_c` the best constant logit is 0, a probability of
# 0.5. Fitting the constant numerically confirms it:


def best_constant_logit(pos_weight: torch.Tensor | None) -> np.ndarray:
    """Minimise the training loss of a constant logit per class (Newton's method)."""
    constant = torch.zeros(3, dtype=torch.float64, requires_grad=True)
    for _ in range(20):
        loss = clsloss.binary_cross_entropy_with_logits(
            constant.expand(1500, 3), labels[train], pos_weight=pos_weight
        )
        (slope,) = torch.autograd.grad(loss, constant, create_graph=True)
        (curvature,) = torch.autograd.grad(slope.sum(), constant)
        with torch.no_grad():
            constant -= slope / curvature
    return constant.detach().numpy()


plain_best = best_constant_logit(None)
weighted_best = best_constant_logit(pos_weight)
print("best constant logit, plain:        ", plain_best.round(4))
print("best constant logit, pos_weight:   ", weighted_best.round(4) + 0.0)
print("shift:                             ", (weighted_best - plain_best).round(4))
print("log(pos_weight):                   ", torch.log(pos_weight).numpy().round(4))
np.testing.assert_allclose(
    plain_best, torch.log(positives / negatives).numpy(), atol=1e-6
)
np.testing.assert_allclose(
    weighted_best - plain_best, torch.log(pos_weight).numpy(), atol=1e-6
)
np.testing.assert_allclose(weighted_best, 0.0, atol=1e-6)

# %%
# A trained model
# ---------------
# The same linear model is trained twice from the same initial weights, once
# without and once with :math:`w^+_c = N^-_c / N^+_c`, and its predictions on
# the held-out samples are thresholded at logit 0 (probability 0.5).


def train_model(pos_weight: torch.Tensor | None) -> torch.nn.Linear:
    torch.manual_seed(1)
    model = torch.nn.Linear(10, 3).double()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
    for _ in range(200):
        optimizer.zero_grad()
        loss = clsloss.binary_cross_entropy_with_logits(
            model(features[train]), labels[train], pos_weight=pos_weight
        )
        loss.backward()
        optimizer.step()
    return model


def precision_recall(model: torch.nn.Linear) -> tuple[np.ndarray, np.ndarray]:
    with torch.no_grad():
        predicted = model(features[test]) > 0
    truth = labels[test].bool()
    hits = (predicted & truth).sum(dim=0).double()
    return (hits / predicted.sum(dim=0).clamp(min=1)).numpy(), (
        hits / truth.sum(dim=0)
    ).numpy()


results = {
    "without pos_weight": precision_recall(train_model(None)),
    "with pos_weight": precision_recall(train_model(pos_weight)),
}
for name, (precision, recall) in results.items():
    print(f"{name:>18}: precision {precision.round(2)}, recall {recall.round(2)}")

# %%
# Here ``pos_weight`` raises the :term:`recall` of every label and lowers its
# :term:`precision`, and both change most for the rarest label: the model
# finds more of the positives, at the price of more false alarms. With a
# handful of held-out positives for the rarest label (printed above), its
# numbers are coarse.
(precision_0, recall_0), (precision_1, recall_1) = results.values()
assert np.all(recall_1 > recall_0)
assert np.all(precision_1 < precision_0)
assert np.argmax(recall_1 - recall_0) == 2
assert np.argmax(precision_0 - precision_1) == 2
assert recall_0[2] < 0.5  # the plain model misses most positives of the rarest label

import matplotlib.pyplot as plt

fig, axes = plt.subplots(1, 2, figsize=(8, 3.8), layout="constrained", sharey=True)
x = np.arange(3)
names = [
    f"label {c}\n({frequency:.0%})" for c, frequency in enumerate(labels.mean(dim=0))
]
for ax, index, title in [(axes[0], 0, "precision"), (axes[1], 1, "recall")]:
    for offset, (name, values) in zip((-0.2, 0.2), results.items(), strict=True):
        ax.bar(x + offset, values[index], 0.4, label=name)
    ax.set(title=f"{title} on held-out samples", xticks=x, xticklabels=names)
axes[0].set_ylabel("fraction")
fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncols=2)
frequencies = labels.mean(dim=0).numpy()
rarest = int(np.argmin(frequencies))
fig.set_label(
    "Grouped bars of precision (left) and recall (right) on the held-out samples for "
    f"labels {', '.join(map(str, range(len(frequencies))))} (present in "
    f"{', '.join(f'{f:.0%}' for f in frequencies)} of samples), without pos_weight "
    "(blue) and with it (orange). pos_weight raises every "
    "label's recall and lowers its precision, most for the rarest label, label "
    f"{rarest}: recall from {recall_0[rarest]:.2f} to {recall_1[rarest]:.2f}, "
    f"precision from {precision_0[rarest]:.2f} to {precision_1[rarest]:.2f}."
)
plt.show()

# %%
# Shapes: pos_weight broadcasts like any array
# --------------------------------------------
# ``pos_weight`` is broadcast against the input with the usual rules, which
# align *trailing* axes. Shape :math:`(C,)` fits an :math:`(N, C)` input. For
# an :math:`(N, C, H, W)` input it is matched against :math:`W`: the
# per-class weight needs shape :math:`(C, 1, 1)`. When :math:`W \ne C`, PyTorch
# raises a broadcasting error and clsloss says which shape to use:
maps = torch.zeros(2, 3, 4, 5, dtype=torch.float64)
per_class = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64)
for name, loss in [
    ("torch", torch.nn.functional.binary_cross_entropy_with_logits),
    ("clsloss", clsloss.binary_cross_entropy_with_logits),
]:
    try:
        loss(maps, torch.ones_like(maps), pos_weight=per_class)
    except (RuntimeError, ValueError) as error:
        print(f"{name}: {type(error).__name__}: {error}")
    else:
        message = f"{name} accepted pos_weight of shape (C,) for W != C"
        raise AssertionError(message)
right = clsloss.binary_cross_entropy_with_logits(
    maps, torch.ones_like(maps), pos_weight=per_class.reshape(3, 1, 1)
)
torch.testing.assert_close(
    right,
    torch.nn.functional.binary_cross_entropy_with_logits(
        maps, torch.ones_like(maps), pos_weight=per_class.reshape(3, 1, 1)
    ),
)
print(f"with shape (C, 1, 1): {right.item():.6f}")

# %%
# When :math:`W = C` there is no error: both libraries silently weigh the
# columns instead of the classes. Here only class 0 has positives, so the
# per-class weights give them weight 1, the per-column weights 1, 2 and 3:
square = torch.zeros(2, 3, 4, 3, dtype=torch.float64)
only_class_0 = torch.zeros_like(square)
only_class_0[:, 0] = 1.0
by_column = torch.nn.functional.binary_cross_entropy_with_logits(
    square, only_class_0, pos_weight=per_class, reduction="none"
)
by_class = torch.nn.functional.binary_cross_entropy_with_logits(
    square, only_class_0, pos_weight=per_class.reshape(3, 1, 1), reduction="none"
)
torch.testing.assert_close(
    clsloss.binary_cross_entropy_with_logits(
        square, only_class_0, pos_weight=per_class, reduction="none"
    ),
    by_column,
)
print(
    "losses of class 0, image 0, row 0, weight of shape (C,):      ", by_column[0, 0, 0]
)
print(
    "losses of class 0, image 0, row 0, weight of shape (C, 1, 1): ", by_class[0, 0, 0]
)
# A logit of 0 costs log 2 per unit of weight: the (C,) weight follows the columns.
torch.testing.assert_close(by_column[0, 0, 0], per_class * np.log(2))
torch.testing.assert_close(by_class[0, 0, 0], torch.full_like(per_class, np.log(2)))
assert not torch.isclose(by_column.mean(), by_class.mean())

# %%
# Takeaways
# ---------
# - ``pos_weight`` multiplies only the positive term; :math:`w^+_c = N^-_c /
#   N^+_c` gives the positives of a rare label the total weight of its
#   negatives.
# - It shifts the best constant logit by :math:`\log w^+_c`. On the trained
#   model above it raised recall and lowered precision, most for the rarest
#   label: choose it, or a decision threshold, by the errors you can afford.
# - For :math:`(N, C, H, W)` inputs give it shape :math:`(C, 1, 1)`; shape
#   :math:`(C,)` weighs the last axis, silently when its length is :math:`C`.
