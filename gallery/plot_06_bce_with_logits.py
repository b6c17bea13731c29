r"""
BCE with logits: sigmoid and BCE in one stable step
===================================================

:class:`torch.nn.BCEWithLogitsLoss` takes logits and computes
:class:`torch.nn.BCELoss` of their sigmoid, but without ever forming
:math:`\sigma(z)`. With :math:`\log(1 - \sigma(z)) = \log \sigma(-z)`,

.. math::

    \ell = -\left[ y \log \sigma(z) + (1 - y) \log \sigma(-z) \right]
         = \max(z, 0) - z y + \log\left(1 + e^{-|z|}\right),

and :func:`clsloss.log_sigmoid` evaluates each log without rounding
:math:`\sigma(z)` to 0 or 1 first. This page compares the naive and the
log-space loss over logits from -100 to 100 in float32, shows the clamp that
:class:`~torch.nn.BCELoss` applies, and derives the gradient
:math:`\sigma(z) - y`.
"""

# %%
# Same numbers where the naive formula works
# ------------------------------------------
# On the running example both routes agree with PyTorch.
import numpy as np
import torch

import clsloss

logits = np.array(
    [[-1.9609, -0.2974, 0.1152], [0.5912, 1.7348, -2.4041]], dtype=np.float32
)
y = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]], dtype=np.float32)
with_logits = clsloss.binary_cross_entropy_with_logits(logits, y)
of_sigmoid = clsloss.binary_cross_entropy(clsloss.sigmoid(logits), y)
reference = torch.nn.BCEWithLogitsLoss()(
    torch.from_numpy(logits), torch.from_numpy(y)
).item()
print(
    f"with logits {with_logits:.6f}, BCE of sigmoid {of_sigmoid:.6f}, torch {reference:.6f}"
)
np.testing.assert_allclose(with_logits, reference, rtol=1e-6)
np.testing.assert_allclose(of_sigmoid, reference, rtol=1e-6)

# %%
# Where the naive formula breaks
# ------------------------------
# In float32, :math:`\sigma(z)` rounds to exactly 1 once :math:`z` is large
# enough (printed below), so :math:`\log(1 - \sigma(z))` becomes
# :math:`\log 0 = -\infty`.
# :class:`~torch.nn.BCELoss` clamps each log at -100, so a wrong label then
# costs a flat 100, whatever the logit. The log-space loss keeps growing
# exactly like :math:`|z|`.
z = np.linspace(-100, 100, 2001, dtype=np.float32)
target = np.zeros_like(z)  # label 0: large positive logits are confidently wrong
with np.errstate(divide="ignore", over="ignore"):
    naive = -np.log(1 - 1 / (1 + np.exp(-z)))
clamped = clsloss.binary_cross_entropy(clsloss.sigmoid(z), target, reduction="none")
stable = clsloss.binary_cross_entropy_with_logits(z, target, reduction="none")
np.testing.assert_allclose(
    stable,
    torch.nn.functional.binary_cross_entropy_with_logits(
        torch.from_numpy(z), torch.from_numpy(target), reduction="none"
    ).numpy(),
    rtol=1e-6,
    atol=1e-6,  # torch's float32 rounds the tiniest losses to 0; clsloss keeps them
)
first_one = z[np.argmax(clsloss.sigmoid(z) == 1)]
first_inf = z[np.argmax(np.isinf(naive))]
print(f"float32 sigmoid(z) == 1 from z = {first_one:.1f}")
print(
    f"naive loss infinite from z = {first_inf:.1f}; clamped BCE at most {clamped.max():.1f}"
)

# %%
import matplotlib.pyplot as plt

fig, ax = plt.subplots(layout="constrained")
ax.plot(z, stable, label="log space (BCEWithLogitsLoss)", linewidth=3, alpha=0.6)
ax.plot(
    z,
    np.where(np.isinf(naive), np.nan, naive),
    "--",
    label=r"naive $-\log(1-\sigma(z))$ (inf: gap)",
)
ax.plot(z, clamped, ":", label="BCELoss of sigmoid (log clamped at -100)")
ax.axvline(first_inf, color="gray", linewidth=0.8)
ax.set(xlabel="logit $z$ (label $y = 0$)", ylabel="loss, float32")
ax.legend()
plt.show()

# %%
# The gradient is :math:`\sigma(z) - y`
# --------------------------------------
# Differentiating :math:`\log \sigma(z)` gives :math:`1 - \sigma(z)` and
# differentiating :math:`\log \sigma(-z)` gives :math:`-\sigma(z)`, so
#
# .. math::
#
#     \frac{\partial \ell}{\partial z} = -\left[y (1 - \sigma(z)) - (1 - y)\sigma(z)\right]
#                                      = \sigma(z) - y.
#
# It is bounded by 1 in size, so even a confidently wrong prediction gives a
# finite push. :func:`clsloss.binary_cross_entropy_with_logits_grad` computes
# it in closed form; autograd agrees.
z64 = torch.linspace(-10, 10, 201, dtype=torch.float64, requires_grad=True)
ones = torch.ones_like(z64)
torch.nn.functional.binary_cross_entropy_with_logits(
    z64, ones, reduction="sum"
).backward()
closed_form = clsloss.binary_cross_entropy_with_logits_grad(
    z64.detach(), ones, reduction="sum"
)
torch.testing.assert_close(closed_form, z64.grad)
torch.testing.assert_close(closed_form, torch.sigmoid(z64.detach()) - 1)

fig, ax = plt.subplots(layout="constrained")
ax.plot(z64.detach(), closed_form, label=r"$\sigma(z) - 1$ (label 1)")
ax.plot(z64.detach(), clsloss.sigmoid(z64.detach()), label=r"$\sigma(z) - 0$ (label 0)")
ax.set(xlabel="logit $z$", ylabel=r"$\partial \ell / \partial z$")
ax.legend()
plt.show()

# %%
# Takeaways
# ---------
# - Give logits to :class:`~torch.nn.BCEWithLogitsLoss` (or
#   :func:`clsloss.binary_cross_entropy_with_logits`), never a sigmoid first.
# - In float32 the naive loss becomes infinite, and :class:`~torch.nn.BCELoss`
#   flattens it at 100, exactly where a wrong prediction should cost the most.
# - The gradient is simply :math:`\sigma(z) - y`.
#
# sphinx_gallery_thumbnail_number = 2
