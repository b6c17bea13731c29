r"""
Numerical stability: overflow, the max shift, and log space
===========================================================

The textbook formulas are exact in real numbers and fragile in floating
point. :math:`e^z` overflows to ``inf`` once :math:`z` exceeds the logarithm
of the largest number the dtype can hold, and a :term:`probability` that
underflows to 0 has logarithm :math:`-\infty`. Two tricks avoid both:

- shift by the largest :term:`logit` before exponentiating, as in the
  :term:`log-sum-exp`:

  .. math::

      \log \sum_{c=0}^{C-1} e^{z_c}
      = z_{\max} + \log \sum_{c=0}^{C-1} e^{z_c - z_{\max}},
      \qquad z_{\max} = \max_c z_c;

- stay in log space: compute :math:`\log p_c = z_c - \log \sum_k e^{z_k}`
  directly, not :math:`\log` of a :math:`p_c` that has already been rounded.
"""

# %%
# Where each precision overflows
# ------------------------------
# In exact arithmetic :math:`e^z` exceeds the largest representable number
# once :math:`z > \log(\text{largest})`. The thresholds are computed here, and
# checked: just below each one ``np.exp`` is finite, just above it is ``inf``.
import numpy as np
import torch

import clsloss

# sphinx_gallery_thumbnail_number = 1
DTYPES = (np.float16, np.float32, np.float64)
thresholds = {}
for dtype in DTYPES:
    largest = float(np.finfo(dtype).max)
    thresholds[dtype] = np.log(largest)
    below, above = (dtype(thresholds[dtype] + step) for step in (-0.02, 0.02))
    with np.errstate(over="ignore"):
        assert np.isfinite(np.exp(below))
        assert np.isinf(np.exp(above))
    print(
        f"{np.dtype(dtype).name:>8}: largest {largest:.4g}, "
        f"exp overflows above z = {thresholds[dtype]:.2f}"
    )
assert 85 < thresholds[np.float32] < 90
assert 700 < thresholds[np.float64] < 710

# %%
# A float32 logit a little below 90 is enough to overflow a naive softmax
# (it returns nan); float64 lasts a little past 700.
pair = np.array([89.0, 0.0], dtype=np.float32)
with np.errstate(over="ignore", invalid="ignore"):
    naive_softmax = np.exp(pair) / np.exp(pair).sum()
print("naive softmax of (89, 0) in float32:", naive_softmax)
print("clsloss.softmax:                    ", clsloss.softmax(pair, axis=0))
assert np.isnan(naive_softmax[0])
np.testing.assert_allclose(
    clsloss.softmax(pair, axis=0),
    torch.softmax(torch.from_numpy(pair), dim=0).numpy(),
    rtol=1e-6,
)

# %%
# Naive vs shifted log-sum-exp
# ----------------------------
# Take a pair of logits :math:`(s, 0)` with :math:`s` from 1 to 1000 and
# compute :math:`\log(e^s + e^0)` both ways in each precision. The naive value
# is ``inf`` (not drawn) beyond the threshold; :func:`clsloss.logsumexp`
# stays on the true curve :math:`s + \log(1 + e^{-s})`, checked against
# :func:`torch.logsumexp` in float64.
import matplotlib.pyplot as plt

scale = np.linspace(1, 1000, 1000)
fig, axes = plt.subplots(1, 3, figsize=(8, 3.6), layout="constrained", sharey=True)
for ax, dtype in zip(axes, DTYPES, strict=True):
    pair = np.stack([scale, np.zeros_like(scale)], axis=1).astype(dtype)
    s = pair[:, 0].astype(np.float64)  # s as the dtype rounds it
    with np.errstate(over="ignore"):
        naive = np.log(np.exp(pair).sum(axis=1))
    shifted = clsloss.logsumexp(pair, axis=1)
    tolerance = float(np.finfo(dtype).eps) * 4
    np.testing.assert_allclose(
        shifted.astype(np.float64),
        torch.logsumexp(torch.from_numpy(pair.astype(np.float64)), dim=1).numpy(),
        rtol=tolerance,
    )
    np.testing.assert_allclose(shifted, s + np.log1p(np.exp(-s)), rtol=tolerance)
    assert np.isinf(naive[s > thresholds[dtype] + 0.02]).all()
    assert np.isfinite(naive[s < thresholds[dtype] - 0.02]).all()
    ax.plot(
        scale,
        np.where(np.isinf(naive), np.nan, naive),
        linewidth=4,
        alpha=0.5,
        label="naive",
    )
    ax.plot(scale, shifted, "k", linewidth=1, label="max-shifted")
    ax.axvline(thresholds[dtype], color="C3", linestyle=":", label="overflow threshold")
    ax.set(title=np.dtype(dtype).name, xlabel="logit $s$")
axes[0].set_ylabel(r"$\log(e^s + e^0)$")
fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncols=3)
fig.set_label(
    "Three panels, one per precision ("
    f"{', '.join(np.dtype(dtype).name for dtype in DTYPES)}), plot log(e^s + e^0) "
    f"against the logit s from {scale[0]:g} to {scale[-1]:g}. The naive value "
    "(thick pale line) stops at the overflow threshold (dotted vertical line), at s = "
    f"{', '.join(f'{thresholds[dtype]:.2f}' for dtype in DTYPES)} respectively, "
    "beyond which it is inf; the max-shifted log-sum-exp (thin black line) stays "
    f"on the straight true curve up to s = {scale[-1]:g} in every precision."
)
plt.show()

# %%
# Log space: not the log of a rounded probability
# -----------------------------------------------
# Even a stable softmax rounds a tiny probability to 0. With float32 logits
# :math:`(0, 120, -30)`, :math:`p_0 = e^{-120} / (1 + e^{-120} + e^{-150})`
# is smaller than the smallest positive float32 (both printed below), so
# :math:`\log p_0` comes out as :math:`-\infty`. :func:`clsloss.log_softmax`
# subtracts the log-sum-exp instead and stays finite.
logits = np.array([[0.0, 120.0, -30.0]], dtype=np.float32)
print(
    f"exp(-120) = {np.exp(-120.0):.3g}, "
    f"smallest float32 = {float(np.finfo(np.float32).smallest_subnormal):.3g}"
)
assert np.exp(-120.0) < np.finfo(np.float32).smallest_subnormal
with np.errstate(divide="ignore"):
    log_of_softmax = np.log(clsloss.softmax(logits, axis=1))
log_softmax = clsloss.log_softmax(logits, axis=1)
print("log(softmax(z)):", log_of_softmax)
print("log_softmax(z): ", log_softmax)
np.testing.assert_allclose(
    log_softmax, torch.log_softmax(torch.from_numpy(logits), dim=1).numpy(), rtol=1e-6
)
assert np.isinf(log_of_softmax).any()
assert np.isfinite(log_softmax).all()

# %%
# The same holds for the losses: at logits of :math:`\pm 10^4` in float32,
# :func:`clsloss.cross_entropy` stays finite and agrees, to float32 rounding,
# with the same loss computed in float64.
extreme = np.array([[1e4, -1e4, 0.0]], dtype=np.float32)
for label in range(3):
    loss = clsloss.cross_entropy(extreme, np.array([label]))
    reference = torch.nn.functional.cross_entropy(
        torch.from_numpy(extreme), torch.tensor([label])
    )
    in_float64 = clsloss.cross_entropy(extreme.astype(np.float64), np.array([label]))
    np.testing.assert_allclose(loss, reference.item(), rtol=1e-6)
    np.testing.assert_allclose(loss, in_float64, rtol=float(np.finfo(np.float32).eps))
    print(f"true class {label}: loss {float(loss):.1f}")

# %%
# Takeaways
# ---------
# - :math:`e^z` overflows once :math:`z` exceeds the log of the dtype's
#   largest number (the first table above): shift by :math:`z_{\max}` first,
#   so that the largest exponential is :math:`e^0 = 1`.
# - Stay in log space: use ``log_softmax``, ``log_sigmoid``, ``logsumexp``,
#   not ``log(softmax(...))`` nor ``log(p + eps)``.
# - :func:`clsloss.cross_entropy` and
#   :func:`clsloss.binary_cross_entropy_with_logits` take logits and work in
#   log space for you.
