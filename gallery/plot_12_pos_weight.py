r"""
pos_weight for imbalanced multi-label data
==========================================

In multi-label data a label is often rare: most images are negatives for it.
BCE with logits then learns to say "no" too often. ``pos_weight`` scales only
the positive term of each element,

.. math::

    \ell_{n,c} = -\left[ q_c\, y_{n,c} \log \sigma(z_{n,c})
                 + (1 - y_{n,c}) \log \sigma(-z_{n,c}) \right],

so :math:`q_c = \text{negatives}_c / \text{positives}_c` makes the positives of
class :math:`c` weigh as much, in total, as its negatives. This page shows
what it scales, trains a small model with and without it, and shows how its
shape must match the input's.
"""

# %%
# Only the positive term is scaled
# --------------------------------
# With :math:`q = 3`, a positive element costs three times as much, a negative
# one exactly as before.
import numpy as np
import torch

import clsloss

z = torch.tensor([-1.0, 0.5, 2.0], dtype=torch.float64)
for label in (1.0, 0.0):
    y = torch.full_like(z, label)
    plain = clsloss.binary_cross_entropy_with_logits(z, y, reduction="none")
    weighted = clsloss.binary_cross_entropy_with_logits(
        z, y, pos_weight=torch.tensor([3.0], dtype=torch.float64), reduction="none"
    )
    torch.testing.assert_close(
        weighted,
        torch.nn.functional.binary_cross_entropy_with_logits(
            z, y, pos_weight=torch.tensor([3.0], dtype=torch.float64), reduction="none"
        ),
    )
    print(
        f"label {label:g}: ratio weighted / plain = {(weighted / plain).numpy().round(6)}"
    )

# %%
# A small imbalanced problem
# --------------------------
# Three labels present in about 30%, 10% and 3% of 2000 synthetic samples,
# each depending on a noisy linear score of 10 features. The same linear model
# is trained twice with the same seed, once without and once with
# :math:`q_c = \text{negatives}_c / \text{positives}_c`.
generator = torch.Generator().manual_seed(0)
features = torch.randn(2000, 10, generator=generator, dtype=torch.float64)
directions = torch.randn(10, 3, generator=generator, dtype=torch.float64)
scores = features @ directions + 0.8 * torch.randn(
    2000, 3, generator=generator, dtype=torch.float64
)
thresholds = torch.quantile(
    scores, torch.tensor([0.70, 0.90, 0.97], dtype=torch.float64), dim=0
).diagonal()
labels = (scores > thresholds).double()
train, test = slice(0, 1500), slice(1500, None)
positives = labels[train].sum(dim=0)
pos_weight = (len(labels[train]) - positives) / positives
print("label frequency:", labels.mean(dim=0).numpy().round(3))
print("pos_weight:     ", pos_weight.numpy().round(2))


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
# ``pos_weight`` trades precision for recall, most for the rarest label: the
# model now finds most positives, at the price of more false alarms.
import matplotlib.pyplot as plt

fig, axes = plt.subplots(1, 2, figsize=(9, 3.2), layout="constrained", sharey=True)
x = np.arange(3)
for ax, index, title in [(axes[0], 0, "precision"), (axes[1], 1, "recall")]:
    for offset, (name, values) in zip((-0.2, 0.2), results.items(), strict=True):
        ax.bar(x + offset, values[index], 0.4, label=name)
    names = [
        f"label {c}\n({frequency:.0%})"
        for c, frequency in enumerate(labels.mean(dim=0))
    ]
    ax.set(title=title, xticks=x, xticklabels=names)
axes[0].set_ylabel("on held-out samples")
axes[0].legend()
plt.show()

# %%
# Shapes: pos_weight broadcasts like any array
# --------------------------------------------
# ``pos_weight`` is broadcast against the input with the usual rules, which
# align *trailing* axes. Shape :math:`(C,)` fits an :math:`(N, C)` input. For
# an :math:`(N, C, H, W)` input it would be matched against :math:`W`: the
# per-class weight needs shape :math:`(C, 1, 1)`. When :math:`W \ne C`, PyTorch
# raises a broadcasting error and clsloss says which shape to use; when
# :math:`W = C` both silently weigh columns instead of classes.
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
# Takeaways
# ---------
# - ``pos_weight`` multiplies only the positive term; :math:`q_c =`
#   negatives / positives balances a rare label.
# - It raises recall on rare labels and lowers precision: pick it, or a
#   decision threshold, by the errors you can afford.
# - For :math:`(N, C, H, W)` inputs give it shape :math:`(C, 1, 1)`.
#
# sphinx_gallery_thumbnail_number = 1
