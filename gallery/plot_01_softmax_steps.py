r"""
Softmax step by step
====================

A classifier ends with one score per class, the :term:`logits <logit>`
:math:`z_c` for the classes :math:`c = 0, \dots, C-1`. The :term:`softmax`
turns them into :term:`probabilities <probability>` that are positive and sum
to 1:

.. math::

    p_c = \frac{e^{z_c}}{\sum_{k=0}^{C-1} e^{z_k}}

This page computes it in four steps (shift by the largest logit
:math:`z_{\max}`, exponentiate, sum, divide) on the running example of two
images and three classes, draws each step, and shows why the shift changes no
probability but keeps the exponentials from overflowing.
"""

# %%
# The running example
# -------------------
# Two images, three classes. Each row holds one image's logits.
import numpy as np
import torch

import clsloss

# sphinx_gallery_thumbnail_number = 1
logits = np.array([[-1.9609, -0.2974, 0.1152], [0.5912, 1.7348, -2.4041]])
print(logits)

# %%
# Four steps
# ----------
# :func:`clsloss.softmax_steps` returns every intermediate array. First the
# largest logit of each row, :math:`z_{\max}`, is subtracted, so the largest
# shifted logit is 0. Then each shifted logit is exponentiated, the
# exponentials are summed, and each is divided by the sum.
steps = clsloss.softmax_steps(logits, axis=1)
for name in ("max", "shifted", "exponentials", "sum", "probabilities"):
    print(f"{name:>13}: {np.array2string(getattr(steps, name), precision=4)}")
np.testing.assert_array_equal(steps.shifted.max(axis=1), 0.0)

# %%
# Each step drawn
# ---------------
# The first image, one colour per class. The logits may be negative; the
# shift moves them down by :math:`z_{\max}` (dashed line) so the largest is 0;
# the exponentials :math:`e^{z_c - z_{\max}}` are positive and at most 1; their
# sum is drawn as one stacked bar; dividing by it rescales that stack to a
# height of 1, the probabilities :math:`p_c`. Each panel has its own axis:
# logits, exponentials and probabilities are different kinds of number.
import matplotlib.pyplot as plt

classes = np.arange(3)
colours = ["C0", "C1", "C2"]
fig, grid = plt.subplots(2, 3, figsize=(6.4, 5.2), layout="constrained")
axes, legend_ax = grid.flat[:5], grid.flat[5]
bar_panels = [
    (logits[0], "logits", r"$z_c$"),
    (steps.shifted[0], "1. shift", r"$z_c - z_{\max}$"),
    (steps.exponentials[0], "2. exponentiate", r"$e^{z_c - z_{\max}}$"),
]
for ax, (values, title, ylabel) in zip(axes[:3], bar_panels, strict=True):
    ax.bar(classes, values, color=colours)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set(title=title, ylabel=ylabel, xticks=classes, xlabel="class $c$")
axes[0].axhline(steps.max[0, 0], color="gray", linestyle="--", label=r"$z_{\max}$")
axes[0].legend(loc="lower right")
stacks = [
    (steps.exponentials[0], "3. sum", r"$\sum_k e^{z_k - z_{\max}}$"),
    (steps.probabilities[0], "4. divide", r"$p_c$, stacked"),
]
for ax, (values, title, ylabel) in zip(axes[3:], stacks, strict=True):
    bottoms = np.concatenate([[0.0], np.cumsum(values)[:-1]])
    for c in classes:
        ax.bar(0, values[c], bottom=bottoms[c], color=colours[c], label=f"class {c}")
    ax.text(0, values.sum(), f"{values.sum():.4f}", ha="center", va="bottom")
    ax.set(title=title, ylabel=ylabel, xticks=[], ylim=(0, 1.15 * values.sum()))
legend_ax.axis("off")
legend_ax.legend(*axes[4].get_legend_handles_labels(), loc="center")
fig.set_label(
    f"Five bar panels for image 0, one colour per class {', '.join(map(str, classes))}:"
    f" its logits z with a dashed line at z_max = {steps.max[0, 0]:.4f}; the logits"
    " minus z_max, the largest now 0; their exponentials, the largest now 1; the"
    f" exponentials stacked into their sum, {steps.sum[0, 0]:.4f}; and the stack"
    " divided by that sum, the probabilities p, stacked to height"
    f" {steps.probabilities[0].sum():.4f}."
)
plt.show()

# %%
# The bars agree with :func:`torch.softmax`, and each row of probabilities sums
# to 1 up to rounding (printed):
probabilities = torch.softmax(torch.from_numpy(logits), dim=1).numpy()
np.testing.assert_allclose(steps.probabilities, probabilities, rtol=1e-12)
np.testing.assert_allclose(steps.probabilities.sum(axis=1), 1.0, rtol=1e-12)
print(probabilities.sum(axis=1))

# %%
# Why subtract the maximum
# ------------------------
# Multiplying numerator and denominator by :math:`e^{-z_{\max}}` changes
# nothing:
#
# .. math::
#
#     \frac{e^{z_c}}{\sum_{k=0}^{C-1} e^{z_k}}
#     = \frac{e^{z_c - z_{\max}}}{\sum_{k=0}^{C-1} e^{z_k - z_{\max}}}
#
# With :math:`z_{\max} = \max_k z_k` every exponent is at most 0, so every
# exponential is at most 1, the largest is :math:`e^0 = 1`, and the sum lies
# between 1 and :math:`C` (checked below on the running example). Without the
# shift, :math:`e^z` overflows to ``inf`` once :math:`z` exceeds the logarithm
# of the largest number the dtype can hold:
assert np.all(steps.sum >= 1)
assert np.all(steps.sum <= logits.shape[1])
for dtype in (np.float16, np.float32, np.float64):
    limit = np.log(np.finfo(dtype).max.astype(np.float64))
    below, above = np.array([limit - 0.01, limit + 0.01], dtype=dtype)
    with np.errstate(over="ignore"):
        assert np.isfinite(np.exp(below))
        assert np.isinf(np.exp(above))
    print(
        f"{np.dtype(dtype).name}: log(largest) = {limit:.2f}; "
        f"exp({below:.2f}) is finite, exp({above:.2f}) is inf"
    )

# %%
# Scaled by 500, the logits of image 1 pass the float64 limit, so the naive
# formula computes ``inf / inf = nan`` for class 1, whose probability is 1.
# Image 0's largest scaled logit stays below the limit, so its row survives.
# The shifted formula stays finite and agrees with :func:`torch.softmax`:
large = logits * 500
float64_limit = np.log(np.finfo(np.float64).max)
print("largest scaled logit per image:", large.max(axis=1))
with np.errstate(over="ignore", invalid="ignore"):
    naive = np.exp(large) / np.exp(large).sum(axis=1, keepdims=True)
shifted = clsloss.softmax(large, axis=1)
print("naive:  ", np.array2string(naive, precision=4))
print("shifted:", np.array2string(shifted, precision=4))
assert large[0].max() < float64_limit < large[1].max()
assert np.isnan(naive[1, 1])
assert np.all(np.isfinite(shifted))
np.testing.assert_allclose(shifted[1, 1], 1.0, rtol=1e-12)
np.testing.assert_allclose(
    shifted, torch.softmax(torch.from_numpy(large), dim=1).numpy(), rtol=1e-12
)

# %%
# The curve below follows the denominator for image 1 as its logits are
# scaled by :math:`s`. The naive sum overflows once :math:`s \max_k z_k`
# passes the float64 limit (the scale is printed); the shifted sum stays
# between 1 and :math:`C = 3`.
scales = np.linspace(1, 800, 400)
with np.errstate(over="ignore"):
    naive_sum = np.array([np.exp(logits[1] * s).sum() for s in scales])
shifted_sum = np.array([clsloss.softmax_steps(logits[1] * s).sum[0] for s in scales])
overflow_scale = float64_limit / logits[1].max()
print(f"the naive sum overflows from s = {overflow_scale:.1f}")
assert np.all(np.isfinite(naive_sum[scales < overflow_scale]))
assert np.all(np.isinf(naive_sum[scales > overflow_scale]))
assert np.all((shifted_sum >= 1) & (shifted_sum <= 3))
fig, ax = plt.subplots(layout="constrained")
ax.plot(
    scales,
    np.log10(np.where(np.isinf(naive_sum), np.nan, naive_sum)),
    label=r"naive $\sum_k e^{s z_k}$ (missing once it overflows)",
)
ax.plot(scales, np.log10(shifted_sum), label=r"shifted $\sum_k e^{s z_k - s z_{\max}}$")
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
fig.set_label(
    "Base-10 logarithm of the softmax denominator of image 1 against the scale s of"
    f" its logits, from {scales[0]:g} to {scales[-1]:g}. The naive sum of e^(s z)"
    " climbs in a straight line to the largest float64 (dotted line, at"
    f" {np.log10(np.finfo(np.float64).max):.0f} on this axis) and is missing from"
    f" s = {overflow_scale:.1f} on, where it overflows; the shifted sum stays between"
    f" 1 and {logits.shape[1]}, near 0 on this axis."
)
plt.show()

# %%
# Try it
# ------
# The panel below starts from the first image's logits (the :ref:`playground`
# page explains what it computes). Drag a logit, or type ``50`` in one box and
# ``-50`` in another and lower the temperature: the probabilities stay finite
# because the panel shifts by the largest logit first, as
# :func:`clsloss.softmax` does.
#
# .. loss-playground::
#    :logits: -1.9609, -0.2974, 0.1152
#    :target: 0

# %%
# Takeaways
# ---------
# - Softmax is shift, exponentiate, sum, divide; the probabilities lie in
#   :math:`[0, 1]` (a tiny one can round to 0, as in the scaled example) and
#   each row sums to 1 up to rounding.
# - Subtracting the largest logit first changes no probability and keeps every
#   exponential at most 1, so none overflows, whatever the scale of the logits.
# - :func:`clsloss.softmax` computes it this way and matches
#   :func:`torch.softmax`.
