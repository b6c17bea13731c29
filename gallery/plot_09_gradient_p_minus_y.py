r"""
The gradient of cross-entropy is p - y
======================================

Training changes the parameters :math:`\theta` of the model, not the
:term:`logits <logit>`. Backpropagation computes the :term:`gradient` of the loss
with respect to :math:`\theta` by starting from its gradient with respect to
the logits, and for cross-entropy after a softmax that first factor is
strikingly simple. For one sample write
:math:`\ell = -\sum_{c=0}^{C-1} y_c \log p_c` with
:math:`\log p_c = z_c - \log \sum_{k=0}^{C-1} e^{z_k}`. Then
:math:`\partial \log p_c / \partial z_k = \mathbb{1}\{c = k\} - p_k`, and when
the target sums to one, :math:`\sum_c y_c = 1`,

.. math::

    \frac{\partial \ell}{\partial z_k}
    = -\sum_{c=0}^{C-1} y_c \left(\mathbb{1}\{c = k\} - p_k\right)
    = p_k - y_k.

The unweighted mean :math:`L = \frac1N \sum_n \ell_n` divides it by
:math:`N`. This page checks the formula against autograd and finite
differences on two images of three classes, draws it, and does the same for
BCE with logits, whose gradient is :math:`\sigma(z) - y`.
"""

# %%
# Closed form, autograd, finite differences
# -----------------------------------------
import numpy as np
import torch

import clsloss

# sphinx_gallery_thumbnail_number = 1
logits = np.array([[-1.9609, -0.2974, 0.1152], [0.5912, 1.7348, -2.4041]])
labels = np.array([0, 2])
N = len(labels)
y = clsloss.one_hot(labels, num_classes=3).astype(float)
p = clsloss.softmax(logits, axis=1)

closed_form = clsloss.cross_entropy_grad(logits, labels)

leaf = torch.from_numpy(logits).requires_grad_(True)
torch.nn.functional.cross_entropy(leaf, torch.from_numpy(labels)).backward()
autograd = leaf.grad.numpy()

step = 1e-6
finite_differences = np.zeros_like(logits)
for index in np.ndindex(logits.shape):
    bump = np.zeros_like(logits)
    bump[index] = step
    finite_differences[index] = (
        clsloss.cross_entropy(logits + bump, labels)
        - clsloss.cross_entropy(logits - bump, labels)
    ) / (2 * step)

print("(p - y) / N:", np.array2string((p - y) / N, precision=5), sep="\n")
print("autograd:", np.array2string(autograd, precision=5), sep="\n")
print("finite differences:", np.array2string(finite_differences, precision=5), sep="\n")
np.testing.assert_allclose(closed_form, (p - y) / N, rtol=1e-12)
np.testing.assert_allclose(closed_form, autograd, rtol=1e-12)
np.testing.assert_allclose(closed_form, finite_differences, rtol=1e-6, atol=1e-9)

# %%
# What the gradient says
# ----------------------
# The gradient points where the loss grows fastest, so a small change of the
# logits against it, :math:`-\eta\,(p_k - y_k)`, lowers the loss: it raises the
# true class's logit in proportion to :math:`1 - p_t` and lowers every other
# logit in proportion to its probability. The optimiser cannot make that change
# directly: it changes :math:`\theta`, and the logits follow through the model.
# The top panels show :math:`p` and :math:`y` (probabilities), the bottom
# panels :math:`p - y`, the gradient of each image's own loss :math:`\ell_n`.
eta = 0.1
lowered = clsloss.cross_entropy(logits - eta * closed_form, labels)
before = clsloss.cross_entropy(logits, labels)
print(
    f"L = {before:.4f}; after a step of eta = {eta} against the gradient, {lowered:.4f}"
)
assert lowered < before

import matplotlib.pyplot as plt

fig, axes = plt.subplots(
    2, 2, figsize=(8, 5), layout="constrained", sharex=True, sharey="row"
)
classes = np.arange(3)
for image in range(N):
    top, bottom = axes[0, image], axes[1, image]
    top.bar(classes - 0.2, p[image], 0.4, label="$p$")
    top.bar(classes + 0.2, y[image], 0.4, label="$y$")
    top.set(title=f"image {image}, true class {labels[image]}")
    bottom.bar(classes, p[image] - y[image], 0.5, color="C2")
    bottom.axhline(0, color="black", linewidth=0.8)
    bottom.set(xticks=classes, xlabel="class $k$")
axes[0, 0].set_ylabel("probability")
axes[1, 0].set_ylabel(r"$\partial \ell_n / \partial z_{n,k} = p_{n,k} - y_{n,k}$")
axes[0, 0].legend()
true_entries = (p - y)[np.arange(N), labels]
fig.set_label(
    "Four bar charts, one column per image ("
    f"{'; '.join(f'image {n}, true class {labels[n]}' for n in range(N))}), with the "
    f"classes k = {', '.join(map(str, classes))} across. Top: "
    "the predicted probabilities p beside the one-hot target y. Bottom: the gradient "
    "p - y of the image's loss with respect to each logit, negative only at the "
    f"true class ({true_entries[0]:.2f} and {true_entries[1]:.2f}, that is p_t - 1) "
    "and equal to p_k at the other classes."
)
plt.show()

# %%
# When :math:`\sum_c y_c = 1`, each row of :math:`p - y` sums to
# :math:`1 - 1 = 0`: the gradient has no component along the direction that
# adds the same number to all logits of an image, a change that alters no
# probability and no loss.
print("row sums of p - y:", (p - y).sum(axis=1))
np.testing.assert_allclose((p - y).sum(axis=1), 0.0, atol=1e-15)
np.testing.assert_allclose(
    clsloss.cross_entropy(logits + 5.0, labels), before, rtol=1e-12
)

# %%
# Bounded, even for a confident mistake
# -------------------------------------
# Every entry of :math:`p - y` lies in :math:`[-1, 1]`. A confident mistake, a
# logit of :math:`10^4` on a wrong class, costs a huge loss but gets a
# gradient of at most 1 per logit (here for one image, :math:`N = 1`):
mistake = np.array([[1e4, -1e4, 0.0]])
wrong_label = np.array([1])
grad_mistake = clsloss.cross_entropy_grad(mistake, wrong_label)
print(
    f"loss {float(clsloss.cross_entropy(mistake, wrong_label)):.0f}, "
    f"gradient {grad_mistake}"
)
leaf = torch.from_numpy(mistake).requires_grad_(True)
torch.nn.functional.cross_entropy(leaf, torch.from_numpy(wrong_label)).backward()
np.testing.assert_allclose(grad_mistake, leaf.grad.numpy(), atol=1e-12)
assert np.abs(grad_mistake).max() <= 1.0

# %%
# The same for BCE with logits
# ----------------------------
# Per element, :math:`\partial \ell / \partial z = \sigma(z) - y`: the
# :term:`multi-label` version of the same rule, one sigmoid per class instead
# of one softmax per image. With ``reduction="sum"`` there is no :math:`1/N`.
multi_hot = np.array([[1.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
closed_form_bce = clsloss.binary_cross_entropy_with_logits_grad(
    logits, multi_hot, reduction="sum"
)
leaf = torch.from_numpy(logits).requires_grad_(True)
torch.nn.functional.binary_cross_entropy_with_logits(
    leaf, torch.from_numpy(multi_hot), reduction="sum"
).backward()
np.testing.assert_allclose(
    closed_form_bce, clsloss.sigmoid(logits) - multi_hot, rtol=1e-12
)
np.testing.assert_allclose(closed_form_bce, leaf.grad.numpy(), rtol=1e-12)
print("sigmoid(z) - y:", np.array2string(closed_form_bce, precision=4), sep="\n")

# %%
# Weights, ignore_index and smoothing
# -----------------------------------
# With class weights, an :term:`ignore index` or :term:`label smoothing`
# the gradient is no longer plain :math:`(p - y)/N`;
# :func:`clsloss.cross_entropy_grad` computes it in closed form and agrees
# with autograd:
options = {"weight": np.array([1.0, 2.0, 0.5]), "label_smoothing": 0.1}
batch_logits = np.vstack([logits, [[0.2, 0.1, 0.3]]])
batch_labels = np.array([0, 2, -100])
leaf = torch.from_numpy(batch_logits).requires_grad_(True)
torch.nn.functional.cross_entropy(
    leaf,
    torch.from_numpy(batch_labels),
    weight=torch.from_numpy(options["weight"]),
    label_smoothing=options["label_smoothing"],
).backward()
with_options = clsloss.cross_entropy_grad(batch_logits, batch_labels, **options)
print(np.array2string(with_options, precision=4))
np.testing.assert_allclose(with_options, leaf.grad.numpy(), rtol=1e-12, atol=1e-15)

# %%
# Takeaways
# ---------
# - With one-hot (or any summing-to-one) targets, cross-entropy's gradient with
#   respect to the logits is :math:`p - y` per sample, :math:`(p - y)/N` for
#   the unweighted mean; BCE with logits has :math:`\sigma(z) - y` per element.
# - Its entries lie in :math:`[-1, 1]`, so a confident mistake gets a strong
#   but bounded push, however large the loss.
# - This is the gradient with respect to the logits; backpropagation carries it
#   on to the parameters :math:`\theta`, which the optimiser changes.
