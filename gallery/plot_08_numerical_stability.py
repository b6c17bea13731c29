r"""
Numerical stability: overflow, the max shift, and log space
===========================================================

The textbook formulas are exact in real numbers and fragile in floating
point. :math:`e^z` overflows once :math:`z` exceeds the logarithm of the
largest representable number, and a probability that underflows to 0 has
logarithm :math:`-\infty`. Two tricks fix both:

- shift by the maximum: :math:`\log \sum_j e^{z_j} = m + \log \sum_j e^{z_j - m}`
  with :math:`m = \max_j z_j`;
- stay in log space: compute :math:`\log p` directly, never :math:`\log` of a
  rounded :math:`p`.
"""

# %%
# Where each precision overflows
# ------------------------------
# :math:`e^z` is finite only below :math:`\log(\text{max})` of the dtype.
import numpy as np
import torch

import clsloss

DTYPES = (np.float16, np.float32, np.float64)
for dtype in DTYPES:
    limit = np.log(float(np.finfo(dtype).max))
    print(
        f"{np.dtype(dtype).name:>8}: largest {float(np.finfo(dtype).max):.4g}, exp overflows above {limit:.2f}"
    )

# %%
# Naive vs shifted log-sum-exp
# ----------------------------
# Scale a pair of logits :math:`(s, 0)` and compute
# :math:`\log(e^s + e^0)` both ways in each precision. The naive value turns
# into ``inf`` at the threshold; :func:`clsloss.logsumexp` stays on the exact
# line :math:`s + \log(1 + e^{-s})`.
import matplotlib.pyplot as plt

scale = np.linspace(1, 1000, 1000)
fig, axes = plt.subplots(1, 3, figsize=(10, 3.2), layout="constrained", sharey=True)
for ax, dtype in zip(axes, DTYPES, strict=True):
    pair = np.stack([scale, np.zeros_like(scale)], axis=1).astype(dtype)
    with np.errstate(over="ignore"):
        naive = np.log(np.exp(pair).sum(axis=1))
    shifted = clsloss.logsumexp(pair, axis=1)
    np.testing.assert_allclose(
        shifted.astype(np.float64),
        torch.logsumexp(torch.from_numpy(pair.astype(np.float64)), dim=1).numpy(),
        rtol=float(np.finfo(dtype).eps) * 4,
    )
    ax.plot(
        scale,
        np.where(np.isinf(naive), np.nan, naive),
        linewidth=4,
        alpha=0.5,
        label="naive",
    )
    ax.plot(scale, shifted, "k", linewidth=1, label="max-shifted")
    ax.axvline(
        np.log(float(np.finfo(dtype).max)),
        color="C3",
        linestyle=":",
        label="overflow threshold",
    )
    ax.set(title=np.dtype(dtype).name, xlabel="logit $s$")
axes[0].set_ylabel(r"$\log(e^s + e^0)$")
axes[0].legend()
plt.show()

# %%
# Log space: never the log of a rounded probability
# -------------------------------------------------
# Even with a stable softmax, a tiny probability rounds to 0 and its log is
# :math:`-\infty`. :func:`clsloss.log_softmax` subtracts the log-sum-exp
# instead, and the loss of a wrong prediction stays finite and exact.
logits = np.array([[0.0, 120.0, -30.0]], dtype=np.float32)
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
# The same holds for the losses: :func:`clsloss.cross_entropy` stays finite
# and exact at logits of :math:`\pm 10^4` in float32.
extreme = np.array([[1e4, -1e4, 0.0]], dtype=np.float32)
for label in range(3):
    loss = clsloss.cross_entropy(extreme, np.array([label]))
    reference = torch.nn.functional.cross_entropy(
        torch.from_numpy(extreme), torch.tensor([label])
    )
    np.testing.assert_allclose(loss, reference.item(), rtol=1e-6)
    print(f"true class {label}: loss {float(loss):.1f}")

# %%
# Takeaways
# ---------
# - Shift by the maximum before exponentiating: the largest term becomes 1.
# - Stay in log space: use ``log_softmax``, ``log_sigmoid``, ``logsumexp``,
#   never ``log(softmax(...))`` and never ``log(p + eps)``.
# - :func:`clsloss.cross_entropy` and
#   :func:`clsloss.binary_cross_entropy_with_logits` do both for you.
#
# sphinx_gallery_thumbnail_number = 1
