r"""
Sigmoid vs softmax
==================

Both turn logits into numbers between 0 and 1, but they answer different
questions. The **sigmoid** scores each class on its own,

.. math::

    \sigma(z_c) = \frac{1}{1 + e^{-z_c}},

so the scores of several classes need not sum to 1: right for *multi-label*
tasks, where an image may show several classes at once. The **softmax**
makes the classes compete for one unit of probability: right for
*single-label* tasks, where exactly one class is true.
"""

# %%
# The same logits, two activations
# ---------------------------------
# On the running example, :func:`clsloss.sigmoid` scores each class
# independently while :func:`clsloss.softmax` normalises each row.
import numpy as np
import torch

import clsloss

logits = np.array([[-1.9609, -0.2974, 0.1152], [0.5912, 1.7348, -2.4041]])
sigmoid = clsloss.sigmoid(logits)
softmax = clsloss.softmax(logits, axis=1)
print("sigmoid:", np.array2string(sigmoid, precision=4), sep="\n")
print("row sums:", np.array2string(sigmoid.sum(axis=1), precision=4))
print("softmax:", np.array2string(softmax, precision=4), sep="\n")
print("row sums:", np.array2string(softmax.sum(axis=1), precision=4))
np.testing.assert_allclose(
    sigmoid, torch.sigmoid(torch.from_numpy(logits)).numpy(), rtol=1e-12
)
np.testing.assert_allclose(
    softmax, torch.softmax(torch.from_numpy(logits), dim=1).numpy(), rtol=1e-12
)

# %%
# The sigmoid row sums printed above are not 1, and nothing forces them to
# be. Read as multi-label scores, image 1 is "probably class 0 *and* class 1"
# (both scores above one half).
import matplotlib.pyplot as plt

fig, axes = plt.subplots(1, 2, figsize=(9, 3.2), layout="constrained", sharey=True)
width = 0.38
for image, ax in enumerate(axes):
    x = np.arange(3)
    ax.bar(x - width / 2, sigmoid[image], width, label=r"sigmoid $\sigma(z_c)$")
    ax.bar(x + width / 2, softmax[image], width, label=r"softmax $p_c$")
    ax.set(
        title=f"image {image}: sums {sigmoid[image].sum():.2f} vs {softmax[image].sum():.2f}",
        xticks=x,
        xlabel="class",
    )
axes[0].set_ylabel("score")
axes[0].legend()
plt.show()

# %%
# Two classes: softmax is a sigmoid
# ---------------------------------
# With two classes, dividing numerator and denominator by :math:`e^{z_1}` gives
#
# .. math::
#
#     p_0 = \frac{e^{z_0}}{e^{z_0} + e^{z_1}} = \frac{1}{1 + e^{-(z_0 - z_1)}}
#         = \sigma(z_0 - z_1).
#
# So a binary classifier needs one output unit, not two: only the difference
# of the two logits matters.
two_class = logits[:, :2]
np.testing.assert_allclose(
    clsloss.softmax(two_class, axis=1)[:, 0],
    clsloss.sigmoid(two_class[:, 0] - two_class[:, 1]),
    rtol=1e-12,
)
print(
    clsloss.softmax(two_class, axis=1)[:, 0],
    clsloss.sigmoid(two_class[:, 0] - two_class[:, 1]),
)

# %%
# The curves below make the identity visible: the softmax probability of
# class 0 against :math:`z_0`, with :math:`z_1` held fixed, is the sigmoid
# shifted by :math:`z_1`.
z0 = np.linspace(-8, 8, 200)
fig, ax = plt.subplots(layout="constrained")
for z1 in (-2.0, 0.0, 3.0):
    pair = np.stack([z0, np.full_like(z0, z1)], axis=1)
    ax.plot(
        z0, clsloss.softmax(pair, axis=1)[:, 0], label=rf"softmax $p_0$, $z_1 = {z1:g}$"
    )
    ax.plot(z0, clsloss.sigmoid(z0 - z1), "k:", linewidth=1)
ax.plot([], [], "k:", label=r"$\sigma(z_0 - z_1)$")
ax.set(xlabel=r"logit $z_0$", ylabel="probability of class 0")
ax.legend()
plt.show()

# %%
# Takeaways
# ---------
# - Sigmoid scores are independent: use them (with
#   :func:`clsloss.binary_cross_entropy_with_logits`) when an image can carry
#   several labels. Their sum means nothing.
# - Softmax scores compete and sum to 1: use them (with
#   :func:`clsloss.cross_entropy`) when exactly one class is true.
# - With two classes, softmax is the sigmoid of the logit difference.
#
# sphinx_gallery_thumbnail_number = 1
