r"""
Softmax in three steps
======================

A classifier ends with one score per class, the *logits* :math:`z`. Softmax
turns them into probabilities that are positive and sum to 1:

.. math::

    p_i = \frac{e^{z_i}}{\sum_{j=1}^{C} e^{z_j}}

This page computes it in three steps (exponentiate, sum, divide) on the
running example of two images and three classes, draws each step, and shows
why subtracting the largest logit first changes nothing but avoids overflow.
"""

# %%
# The running example
# -------------------
# Two images, three classes. Each row holds one image's logits.
import numpy as np
import torch

import clsloss

logits = np.array([[-1.9609, -0.2974, 0.1152], [0.5912, 1.7348, -2.4041]])
print(logits)

# %%
# Three steps, and the shift by the maximum
# -----------------------------------------
# :func:`clsloss.softmax_steps` returns every intermediate array. First the
# largest logit of each row is subtracted, so the largest shifted logit is 0.
# Then each shifted logit is exponentiated, the exponentials are summed, and
# each is divided by the sum.
steps = clsloss.softmax_steps(logits, axis=1)
for name in ("max", "shifted", "exponentials", "sum", "probabilities"):
    print(f"{name:>13}: {np.array2string(getattr(steps, name), precision=4)}")

# %%
# Each step drawn
# ---------------
# The bars of the first image: the logits may be negative, the exponentials
# are positive, and the probabilities are the exponentials rescaled to sum to 1.
import matplotlib.pyplot as plt

classes = np.arange(3)
fig, axes = plt.subplots(1, 3, figsize=(9, 3), layout="constrained", sharex=True)
panels = [
    (logits[0], r"logits $z_i$"),
    (steps.exponentials[0], r"$e^{z_i - \max z}$"),
    (steps.probabilities[0], r"$p_i = e^{z_i - \max z} / \sum_j e^{z_j - \max z}$"),
]
for ax, (values, title) in zip(axes, panels, strict=True):
    ax.bar(
        classes, values, color=["C0", "C1", "C2"], label=[f"class {c}" for c in classes]
    )
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set(title=title, xticks=classes, xlabel="class")
axes[0].set_ylabel("value")
axes[2].legend(fontsize=8)
fig.suptitle("Softmax of image 0, step by step")
plt.show()

# %%
# The sum of each row is 1 by construction. Every number above agrees with
# :func:`torch.softmax`:
probabilities = torch.softmax(torch.from_numpy(logits), dim=1).numpy()
np.testing.assert_allclose(steps.probabilities, probabilities, rtol=1e-12)
np.testing.assert_allclose(steps.probabilities.sum(axis=1), 1.0, rtol=1e-12)
print(probabilities.sum(axis=1))

# %%
# Why subtract the maximum
# ------------------------
# Multiplying numerator and denominator by :math:`e^{-m}` changes nothing:
#
# .. math::
#
#     \frac{e^{z_i}}{\sum_j e^{z_j}} = \frac{e^{z_i - m}}{\sum_j e^{z_j - m}}
#
# With :math:`m = \max_j z_j` every exponent is at most 0, so every
# exponential lies in :math:`(0, 1]` and the sum in :math:`[1, C]`. Without
# the shift, logits in the hundreds overflow: :math:`e^z` exceeds the largest
# representable number once :math:`z` passes the log of that number.
for dtype in (np.float16, np.float32, np.float64):
    print(
        f"{np.dtype(dtype).name}: exp(z) overflows above z = {np.log(float(np.finfo(dtype).max)):.2f}"
    )

# %%
# Scaled by 500, the running example's logits overflow the naive formula in
# float64 (``inf / inf`` is ``nan``), while the shifted one is exact:
large = logits * 500
with np.errstate(over="ignore", invalid="ignore"):
    naive = np.exp(large) / np.exp(large).sum(axis=1, keepdims=True)
print("naive:  ", np.array2string(naive, precision=4))
print("shifted:", np.array2string(clsloss.softmax(large, axis=1), precision=4))
np.testing.assert_allclose(
    clsloss.softmax(large, axis=1),
    torch.softmax(torch.from_numpy(large), dim=1).numpy(),
)

# %%
# The shift lets the largest exponential be exactly 1, whatever the scale of
# the logits. The curve below shows the naive denominator overflowing as the
# logits grow, while the shifted one stays between 1 and 3.
scales = np.linspace(1, 800, 400)
with np.errstate(over="ignore"):
    naive_sum = np.array([np.exp(logits[1] * s).sum() for s in scales])
shifted_sum = np.array([clsloss.softmax_steps(logits[1] * s).sum[0] for s in scales])
fig, ax = plt.subplots(layout="constrained")
ax.plot(
    scales,
    np.log10(np.where(np.isinf(naive_sum), np.nan, naive_sum)),
    label=r"naive $\sum_j e^{s z_j}$ (missing once it overflows)",
)
ax.plot(
    scales, np.log10(shifted_sum), label=r"shifted $\sum_j e^{s z_j - \max_j s z_j}$"
)
ax.axhline(
    np.log10(np.finfo(np.float64).max),
    color="gray",
    linestyle=":",
    label="largest float64",
)
ax.set(
    xlabel=r"scale $s$ of the logits of image 1",
    ylabel=r"$\log_{10}$ of the denominator",
)
ax.legend()
plt.show()

# %%
# Takeaways
# ---------
# - Softmax is exponentiate, sum, divide; the result is positive and sums to 1.
# - Subtracting the largest logit first changes no probability and keeps every
#   exponential in :math:`(0, 1]`, so nothing overflows.
# - :func:`clsloss.softmax` does exactly this and matches :func:`torch.softmax`.
#
# sphinx_gallery_thumbnail_number = 1
