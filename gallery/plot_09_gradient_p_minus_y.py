r"""
The gradient of cross-entropy is p - y
======================================

Training follows the gradient of the loss with respect to the logits. For
cross-entropy with softmax it is strikingly simple. Write
:math:`\ell = -\sum_c y_c \log p_c` with :math:`\log p_c = z_c - \log \sum_j e^{z_j}`.
Then :math:`\partial \log p_c / \partial z_k = [c = k] - p_k`, and since
:math:`\sum_c y_c = 1`,

.. math::

    \frac{\partial \ell}{\partial z_k} = -\sum_c y_c \left([c = k] - p_k\right)
                                       = p_k - y_k.

The mean over :math:`N` images divides it by :math:`N`. This page checks the
formula against autograd and finite differences, draws it for the running
example, and does the same for BCE with logits, whose gradient is
:math:`\sigma(z) - y`.
"""

# %%
# Closed form, autograd, finite differences
# -----------------------------------------
import numpy as np
import torch

import clsloss

logits = np.array([[-1.9609, -0.2974, 0.1152], [0.5912, 1.7348, -2.4041]])
labels = np.array([0, 2])
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

print("(p - y) / N:", np.array2string((p - y) / 2, precision=5), sep="\n")
print("autograd:", np.array2string(autograd, precision=5), sep="\n")
print("finite differences:", np.array2string(finite_differences, precision=5), sep="\n")
np.testing.assert_allclose(closed_form, (p - y) / 2, rtol=1e-12)
np.testing.assert_allclose(closed_form, autograd, rtol=1e-12)
np.testing.assert_allclose(closed_form, finite_differences, rtol=1e-6, atol=1e-9)

# %%
# What the gradient says
# ----------------------
# Gradient descent moves each logit by :math:`-(p_k - y_k)`: the true class's
# logit goes up by :math:`1 - p_{\text{true}}`, every other logit goes down by
# its probability. The bars show :math:`p`, :math:`y` and their difference.
import matplotlib.pyplot as plt

fig, axes = plt.subplots(1, 2, figsize=(9, 3.2), layout="constrained", sharey=True)
classes = np.arange(3)
for image, ax in enumerate(axes):
    ax.bar(classes - 0.27, p[image], 0.27, label="$p$")
    ax.bar(classes, y[image], 0.27, label="$y$")
    ax.bar(classes + 0.27, p[image] - y[image], 0.27, label="$p - y$")
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set(
        title=f"image {image}, true class {labels[image]}",
        xticks=classes,
        xlabel="class",
    )
axes[0].set_ylabel("value")
axes[0].legend()
plt.show()

# %%
# Each row of :math:`p - y` sums to 0: the gradient never moves all the logits
# of an image together, which would change nothing, since softmax ignores a
# common shift.
print("row sums of p - y:", (p - y).sum(axis=1))
np.testing.assert_allclose((p - y).sum(axis=1), 0.0, atol=1e-15)

# %%
# The same for BCE with logits
# ----------------------------
# Per element, :math:`\partial \ell / \partial z = \sigma(z) - y`: the
# multi-label version of the same rule, one sigmoid per class instead of one
# softmax per image.
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
# Takeaways
# ---------
# - Cross-entropy's gradient with respect to the logits is :math:`(p - y)/N`;
#   BCE with logits has :math:`\sigma(z) - y` per element.
# - Both are bounded, so a confident mistake gives a strong but finite push.
# - :func:`clsloss.cross_entropy_grad` also handles weights, ``ignore_index``
#   and label smoothing in closed form.
#
# sphinx_gallery_thumbnail_number = 1
