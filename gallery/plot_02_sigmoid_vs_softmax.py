r"""
Sigmoid vs softmax
==================

Both turn :term:`logits <logit>` into numbers between 0 and 1, but they answer
different questions. The :term:`sigmoid` scores each class on its own,

.. math::

    \sigma(z_c) = \frac{1}{1 + e^{-z_c}},

so the scores of several classes need not sum to 1: right for
:term:`multi-label` tasks, where an image may show several classes at once.
The :term:`softmax` makes the classes compete for one unit of probability:
right for :term:`multi-class` tasks, where each image belongs to exactly one
class.
"""

# %%
# The same logits, two activations
# ---------------------------------
# On the running example, :func:`clsloss.sigmoid` scores each class
# independently while :func:`clsloss.softmax` normalises each row.
import numpy as np
import torch

import clsloss

# sphinx_gallery_thumbnail_number = 1
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
# be. Read as multi-label scores, image 1 is "probably class 0 *and* class 1":
# the classes whose sigmoid score is above one half are printed below.
import matplotlib.pyplot as plt

above_half = np.flatnonzero(sigmoid[1] > 0.5)
print("image 1, classes with sigmoid > 0.5:", above_half)
np.testing.assert_array_equal(above_half, [0, 1])

fig, axes = plt.subplots(1, 2, figsize=(8, 3.2), layout="constrained", sharey=True)
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
fig.set_label(
    "Two bar panels, image 0 and image 1, each with the sigmoid score (blue) and the"
    " softmax probability (orange) of classes 0, 1 and 2. The sigmoid scores sum to"
    f" {sigmoid[0].sum():.2f} and {sigmoid[1].sum():.2f}, the softmax probabilities to"
    f" {softmax[0].sum():.2f} and {softmax[1].sum():.2f}; in image 1 the sigmoid scores"
    f" of classes {' and '.join(map(str, above_half))} are both above one half."
)
plt.show()

# %%
# Two classes: softmax is a sigmoid
# ---------------------------------
# With two classes, dividing numerator and denominator by :math:`e^{z_0}`
# gives
#
# .. math::
#
#     p_0 = \frac{e^{z_0}}{e^{z_0} + e^{z_1}}
#         = \frac{1}{1 + e^{z_1 - z_0}}
#         = \frac{1}{1 + e^{-(z_0 - z_1)}}
#         = \sigma(z_0 - z_1).
#
# (Dividing by :math:`e^{z_1}` instead gives
# :math:`e^{z_0 - z_1} / (e^{z_0 - z_1} + 1)`, the same number written as
# :math:`e^x / (e^x + 1)`.) Each form, computed on the first two classes of
# the running example:
two_class = logits[:, :2]
z_0, z_1 = two_class[:, 0], two_class[:, 1]
forms = {
    "e^z0 / (e^z0 + e^z1)": np.exp(z_0) / (np.exp(z_0) + np.exp(z_1)),
    "1 / (1 + e^(z1 - z0))": 1 / (1 + np.exp(z_1 - z_0)),
    "e^(z0-z1) / (e^(z0-z1) + 1)": np.exp(z_0 - z_1) / (np.exp(z_0 - z_1) + 1),
    "sigmoid(z0 - z1)": clsloss.sigmoid(z_0 - z_1),
    "torch softmax, class 0": torch.softmax(torch.from_numpy(two_class), dim=1)[
        :, 0
    ].numpy(),
}
for name, values in forms.items():
    print(f"{name:>28}: {np.array2string(values, precision=8)}")
    np.testing.assert_allclose(values, forms["sigmoid(z0 - z1)"], rtol=1e-12)

# %%
# Only the difference of the two logits matters, so a :term:`binary`
# classifier can use one output, the logit :math:`z_0 - z_1`, instead of two.
# The curves below make the identity visible: the softmax probability of
# class 0 against :math:`z_0`, with :math:`z_1` held fixed, is the sigmoid
# shifted right by :math:`z_1`.
z0 = np.linspace(-8, 8, 200)
fig, ax = plt.subplots(layout="constrained")
held_z1 = (-2.0, 0.0, 3.0)
for z1 in held_z1:
    pair = np.stack([z0, np.full_like(z0, z1)], axis=1)
    p_0 = clsloss.softmax(pair, axis=1)[:, 0]
    np.testing.assert_allclose(p_0, clsloss.sigmoid(z0 - z1), rtol=1e-12)
    ax.plot(z0, p_0, label=rf"softmax $p_0$, $z_1 = {z1:g}$")
    ax.plot(z0, clsloss.sigmoid(z0 - z1), "k:", linewidth=1)
ax.plot([], [], "k:", label=r"$\sigma(z_0 - z_1)$")
ax.set(xlabel=r"logit $z_0$", ylabel="probability of class 0")
ax.legend()
held = ", ".join(
    f"{colour} for z_1 = {z1:g}"
    for colour, z1 in zip(("blue", "orange", "green"), held_z1, strict=True)
)
fig.set_label(
    f"Softmax probability of class 0 against the logit z_0, from {z0[0]:g} to"
    f" {z0[-1]:g}, one S-shaped curve for each fixed z_1: {held}. A dotted black"
    " curve of sigma(z_0 - z_1) lies on each: the softmax curve is the sigmoid"
    " shifted right by z_1, crossing one half where z_0 equals z_1."
)
plt.show()

# %%
# Try it
# ------
# The panel below starts from the first image's logits, in the multi-label
# mode with classes 0 and 2 present (the :ref:`playground` page explains it).
# Add the same amount to every logit: the softmax bars stay where they are,
# the sigmoid bars move. Switch to the multi-class mode to compare the two
# losses on one target.
#
# .. loss-playground::
#    :logits: -1.9609, -0.2974, 0.1152
#    :mode: multilabel
#    :target: 0, 2

# %%
# Takeaways
# ---------
# - Sigmoid scores are computed independently: use them (with
#   :func:`clsloss.binary_cross_entropy_with_logits`) when an image can carry
#   several labels. Their sum is not a total probability but the number of
#   labels the model expects per image.
# - Softmax scores compete and sum to 1: use them (with
#   :func:`clsloss.cross_entropy`) when each image has exactly one class.
# - With two classes, softmax is the sigmoid of the logit difference.
