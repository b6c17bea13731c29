r"""
BCE with logits: sigmoid and BCE in one stable step
===================================================

:class:`torch.nn.BCEWithLogitsLoss` takes :term:`logits <logit>` and computes
:class:`torch.nn.BCELoss` of their :term:`sigmoid`, but without ever forming
:math:`\sigma(z)`. With :math:`\log(1 - \sigma(z)) = \log \sigma(-z)`,

.. math::

    \ell = -\left[ y \log \sigma(z) + (1 - y) \log \sigma(-z) \right]
         = \max(z, 0) - z y + \log\left(1 + e^{-|z|}\right),

and :func:`clsloss.log_sigmoid` evaluates each log without rounding
:math:`\sigma(z)` to 0 or 1 first. This page compares the naive and the
log-space loss over logits from -100 to 100 in float32, shows the clamp that
:class:`~torch.nn.BCELoss` applies and the zero :term:`gradient` behind it,
and derives the gradient :math:`\sigma(z) - y`.
"""

# %%
# Same numbers where the naive formula works
# ------------------------------------------
# On the running example both routes agree with PyTorch.
import numpy as np
import torch

import clsloss

# sphinx_gallery_thumbnail_number = 2
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
# Where float32 sigmoid rounds to 1
# ---------------------------------
# :math:`\sigma(z) = 1 / (1 + e^{-z})` rounds to exactly 1 in float32 once
# :math:`1 + e^{-z}` rounds to 1, that is once :math:`e^{-z}` is at most
# :math:`2^{-24}`, half the float32 spacing above 1: from about
# :math:`z = 24 \log 2`. The smallest such float32 logit, found by bisection
# over the float32 numbers (which are ordered like their bit patterns):
def first_float32(condition, low, high):
    """Smallest float32 in (low, high] where the monotone `condition` holds."""

    def as_float32(bits):
        return np.array(bits, dtype=np.int32).view(np.float32)[()]

    lo, hi = (int(bits) for bits in np.array([low, high], np.float32).view(np.int32))
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if condition(torch.tensor(as_float32(mid))):
            hi = mid
        else:
            lo = mid
    return as_float32(hi)


z_one = first_float32(lambda z: torch.sigmoid(z) == 1, 0.0, 100.0)
below = np.nextafter(z_one, np.float32(0))
sigmoid_below = torch.sigmoid(torch.tensor(below)).item()
print(f"float32 sigmoid(z) == 1 from z = {z_one:.6f}; 24 log 2 = {24 * np.log(2):.6f}")
print(f"one float32 step below: sigmoid = 1 - 2**{np.log2(1 - sigmoid_below):g}")
assert sigmoid_below == 1 - 2.0**-23
np.testing.assert_allclose(z_one, 24 * np.log(2), rtol=1e-6)

# %%
# Past that point the naive loss of label 0, :math:`-\log(1 - \sigma(z))`,
# is :math:`-\log 0 = \infty`. :class:`~torch.nn.BCELoss` clamps each log at
# -100, so there the loss jumps to 100 and stays at 100 whatever the logit.
# The log-space loss of label 0 is
# :math:`\log(1 + e^{z})`: close to 0 for very negative :math:`z`, and
# approaching :math:`z` (from above) for large :math:`z`.
z = np.linspace(-100, 100, 2001, dtype=np.float32)
target = np.zeros_like(z)  # label 0: large positive logits are confidently wrong
with np.errstate(divide="ignore", over="ignore"):
    naive = -np.log(1 - 1 / (1 + np.exp(-z)))
z_t, target_t = torch.from_numpy(z), torch.from_numpy(target)
clamped = torch.nn.BCELoss(reduction="none")(torch.sigmoid(z_t), target_t).numpy()
stable = clsloss.binary_cross_entropy_with_logits(z, target, reduction="none")
np.testing.assert_allclose(
    stable,
    torch.nn.functional.binary_cross_entropy_with_logits(
        z_t, target_t, reduction="none"
    ).numpy(),
    rtol=1e-6,
    atol=1e-6,  # torch's float32 rounds the tiniest losses to 0; clsloss keeps them
)
np.testing.assert_allclose(
    clamped,
    clsloss.binary_cross_entropy(clsloss.sigmoid(z), target, reduction="none"),
    rtol=1e-6,
    atol=1e-6,  # torch rounds -log(1 - p) to 0 for the tiniest p; clsloss keeps p
)
last_finite = clamped[z < z_one].max()
print(f"BCELoss just below z = {z_one:.4f}: {last_finite:.4f}; from there on:")
print(np.unique(clamped[z >= z_one]))
np.testing.assert_array_equal(clamped[z >= z_one], 100.0)
np.testing.assert_allclose(last_finite, 23 * np.log(2), rtol=1e-6)
assert np.all(np.isinf(naive[z >= z_one]))
assert np.all(np.isfinite(naive[z < z_one]))
print(f"log-space loss for z <= -20: at most {stable[z <= -20].max():.1e}")
assert stable[z <= -20].max() < 1e-8

# %%
# The log-space loss is not :math:`|z|`: the gap
# :math:`\log(1 + e^{z}) - z = \log(1 + e^{-z})` shrinks as :math:`z`
# grows (computed in float64, where it stays visible longer):
z_gap = np.array([0.0, 1.0, 2.0, 5.0, 10.0, 20.0])
gap = (
    clsloss.binary_cross_entropy_with_logits(
        z_gap, np.zeros_like(z_gap), reduction="none"
    )
    - z_gap
)
for z_value, gap_value in zip(z_gap, gap, strict=True):
    print(f"z = {z_value:4.0f}: loss - z = {gap_value:.3e}")
np.testing.assert_allclose(gap, np.log1p(np.exp(-z_gap)), rtol=1e-5)
assert np.all(gap > 0)
assert np.all(np.diff(gap) < 0)

# %%
# In the figure, the jump of the BCELoss curve is the point where float32
# :math:`\sigma(z)` becomes exactly 1 (gray line). Just below it,
# :math:`\sigma(z)` is :math:`1 - 2^{-23}` (printed above), so the loss is
# :math:`23 \log 2`; from the line on, :math:`\log(1 - 1) = -\infty` is
# clamped to -100 and the loss is 100.
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
ax.axvline(z_one, color="gray", linewidth=0.8, label=r"float32 $\sigma(z)$ rounds to 1")
ax.set(xlabel="logit $z$ (label $y = 0$)", ylabel=r"loss $\ell$ (nats), float32")
ax.legend()
fig.set_label(
    f"Loss of label 0 in float32 against the logit z, from {z[0]:g} to {z[-1]:g}."
    " The log-space loss of BCEWithLogitsLoss (thick line) is near 0 for negative z"
    " and rises close to z. The naive loss minus log(1 - sigma(z)) (dashed) and"
    " BCELoss of the sigmoid (dotted) follow it up to the"
    f" gray vertical line at z = {z_one:.2f}, where float32 sigma(z) rounds to 1; past"
    f" it the naive loss is infinite (not drawn) and BCELoss jumps to {clamped.max():g}"
    " and stays there."
)
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
# Its size is at most 1 and approaches 1 for a confidently wrong prediction.
#
# BCELoss of a sigmoid: the gradient vanishes
# -------------------------------------------
# The clamp does more than cap the loss. Past the gray line the float32
# sigmoid is a constant 1, so autograd through :class:`~torch.nn.BCELoss` of
# :func:`torch.sigmoid` gives a gradient of exactly 0 with respect to the
# logit. The confidently wrong elements, the ones that most need correcting,
# send nothing back through the network to its weights :math:`\theta`, and
# learning stops for them. :class:`~torch.nn.BCEWithLogitsLoss` gives
# :math:`\sigma(z) - 0`, close to 1, there, as does the closed form of
# :func:`clsloss.binary_cross_entropy_with_logits_grad`. All in float32,
# label 0:
gradients = {}
for name, loss_of in [
    (
        "BCELoss(sigmoid(z))",
        lambda v: torch.nn.BCELoss(reduction="sum")(torch.sigmoid(v), target_t),
    ),
    (
        "BCEWithLogitsLoss(z)",
        lambda v: torch.nn.BCEWithLogitsLoss(reduction="sum")(v, target_t),
    ),
]:
    z_grad = z_t.clone().requires_grad_()
    (gradients[name],) = torch.autograd.grad(loss_of(z_grad), z_grad)
    past = gradients[name][z_t >= z_one]
    print(
        f"{name:>21}: gradient past z = {z_one:.4f} in [{past.min():.4f}, {past.max():.4f}]"
    )
assert torch.all(gradients["BCELoss(sigmoid(z))"][z_t >= z_one] == 0)
closed_form = clsloss.binary_cross_entropy_with_logits_grad(
    z_t, target_t, reduction="sum"
)
torch.testing.assert_close(gradients["BCEWithLogitsLoss(z)"], closed_form)
torch.testing.assert_close(closed_form, torch.sigmoid(z_t) - target_t)

fig, ax = plt.subplots(layout="constrained")
ax.plot(
    z,
    gradients["BCEWithLogitsLoss(z)"],
    linewidth=3,
    alpha=0.6,
    label=r"BCEWithLogitsLoss: $\sigma(z)$",
)
ax.plot(z, gradients["BCELoss(sigmoid(z))"], "--", label="BCELoss of sigmoid")
ax.axvline(z_one, color="gray", linewidth=0.8, label=r"float32 $\sigma(z)$ rounds to 1")
ax.set(
    xlabel="logit $z$ (label $y = 0$)", ylabel=r"$\partial \ell / \partial z$, float32"
)
ax.legend()
past_one = gradients["BCEWithLogitsLoss(z)"][z_t >= z_one]
fig.set_label(
    "Gradient of the loss with respect to the logit z, label 0, float32, for z from"
    f" {z[0]:g} to {z[-1]:g}. With BCEWithLogitsLoss (thick line) it is sigma(z): near"
    " 0 for negative z, rising through one half at z = 0 to near 1. BCELoss of the"
    f" sigmoid (dashed) follows it up to the gray line at z = {z_one:.2f}, where"
    " float32 sigma(z) rounds to 1, and is exactly 0 past it, while BCEWithLogitsLoss"
    f" gives {past_one.min():.4f} there."
)
plt.show()

# %%
# Takeaways
# ---------
# - Give logits to :class:`~torch.nn.BCEWithLogitsLoss` (or
#   :func:`clsloss.binary_cross_entropy_with_logits`), not sigmoid
#   probabilities to :class:`~torch.nn.BCELoss`.
# - In float32 the naive loss becomes infinite once :math:`\sigma(z)` rounds
#   to 1; :class:`~torch.nn.BCELoss` clamps it to 100, and there its gradient
#   is exactly 0, so the worst mistakes stop being corrected.
# - The log-space loss has gradient :math:`\sigma(z) - y`, at most 1 in size
#   and close to 1 for a confidently wrong prediction.
