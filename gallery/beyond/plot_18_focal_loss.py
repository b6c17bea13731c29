r"""
The focal loss
==============

Cross-entropy charges every example :math:`-\log p_t`, where :math:`p_t` is
the probability the model gives to the true label. Examples the model already
gets right still cost something, and where most are easy, as the background
boxes of dense object detection are, those costs add up. The
:term:`focal loss` of Lin et al. (2017) multiplies each term by a factor near 1
for a badly classified example and near 0 for an easy one:

.. math::

    \ell_n = -\alpha_t\, (1 - p_t)^\gamma \log p_t, \qquad \gamma \ge 0.

:math:`\alpha_t` is an optional class balance, :math:`\alpha` for positive
labels and :math:`1 - \alpha` for negative ones. With :math:`\gamma = 0` and
no :math:`\alpha_t` the loss is the :term:`cross-entropy` of
:ref:`sphx_glr_auto_examples_plot_04_cross_entropy.py`. This page draws the
factor, the loss and its :term:`gradient`, checks
:func:`clsloss.sigmoid_focal_loss` and :func:`clsloss.focal_loss` against
transcriptions in torch, and shows a float32 case where the transcription
rounds the loss to 0.
"""

# %%
# The factor and the loss against p_t
# -----------------------------------
# Take a :term:`binary` label :math:`y = 1`, so :math:`p_t = \sigma(z)` and the
# logit that gives a chosen :math:`p_t` is its :term:`log-odds`.
# :func:`clsloss.sigmoid_focal_loss` with ``alpha=-1`` (no class balance)
# computes :math:`\ell`, which agrees with the formula written out.
import numpy as np
import torch
import torch.nn.functional as F

import clsloss

# sphinx_gallery_thumbnail_number = 1
gammas = [0.0, 0.5, 1.0, 2.0, 5.0]
p_t = np.linspace(0.005, 0.995, 199)
z = np.log(p_t) - np.log1p(-p_t)
ones = np.ones_like(z)
focal = {g: clsloss.sigmoid_focal_loss(z, ones, alpha=-1, gamma=g) for g in gammas}
for g in gammas:
    np.testing.assert_allclose(focal[g], -((1 - p_t) ** g) * np.log(p_t), rtol=1e-9)

# %%
# All factors start at 1 for :math:`p_t \to 0`; the larger :math:`\gamma`, the
# sooner they fall. The loss is in :term:`nats`, on a log axis so that the
# small losses of easy examples stay visible.
import matplotlib.pyplot as plt

fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3.6), layout="constrained")
for g in gammas:
    left.plot(p_t, (1 - p_t) ** g, label=rf"$\gamma = {g:g}$")
    right.plot(p_t, focal[g])
left.set(xlabel="$p_t$", ylabel=r"$(1 - p_t)^\gamma$", title="modulating factor")
right.set(xlabel="$p_t$", ylabel=r"$\ell$ (nats)", yscale="log",
          title=r"$-(1 - p_t)^\gamma \log p_t$")  # fmt: skip
fig.legend(loc="outside right center")
fig.set_label(
    f"Two panels against p_t, from {p_t[0]:g} to {p_t[-1]:g}, one colour per gamma "
    f"({', '.join(f'{g:g}' for g in gammas)}). Left: the factor (1 - p_t) to the "
    f"power gamma, constant 1 for gamma = {gammas[0]:g}; for larger gamma it starts "
    "near 1 and falls, the sooner the larger gamma. Right, on a log axis: the focal "
    "loss in nats; the curves nearly meet for hard examples, while at p_t = "
    f"{p_t[-1]:g} the loss falls from {focal[gammas[0]][-1]:.1e} for gamma = "
    f"{gammas[0]:g} to {focal[gammas[-1]][-1]:.1e} for gamma = {gammas[-1]:g}."
)
plt.show()

# %%
# How much an easy example is down-weighted
# -----------------------------------------
# The ratio of the focal loss to the cross-entropy
# (:func:`clsloss.binary_cross_entropy_with_logits`) is the factor itself. For
# :math:`\gamma = 2` it is :math:`(1 - 0.5)^2` at :math:`p_t = 0.5` and
# :math:`(1 - 0.9)^2` at :math:`p_t = 0.9`:
at = np.isin(p_t.round(3), [0.5, 0.9])
ratio = focal[2.0] / clsloss.binary_cross_entropy_with_logits(z, ones, reduction="none")
print(f"p_t = {p_t[at]}: focal / cross-entropy = {ratio[at].round(4)}")
np.testing.assert_allclose(ratio[at], (1 - p_t[at]) ** 2, rtol=1e-12)

# %%
# In a made-up batch of 1000 easy examples (:math:`p_t = 0.9`) and 10 hard
# ones (:math:`p_t = 0.1`), the easy examples make most of the cross-entropy
# but a small share of the focal loss:
counts, p_batch = np.array([1000, 10]), np.array([0.9, 0.1])
for g in (0.0, 2.0):
    per_group = counts * -((1 - p_batch) ** g) * np.log(p_batch)
    share = per_group[0] / per_group.sum()
    print(f"gamma = {g:g}: share of the easy examples in the loss {share:.3f}")
    assert (share > 0.5) == (g == 0)

# %%
# The gradient with respect to the logit
# --------------------------------------
# With :math:`y = 1` and :math:`\partial p_t / \partial z = p_t (1 - p_t)`,
#
# .. math::
#
#     \frac{\partial \ell}{\partial z}
#     = -(1 - p_t)^\gamma \left(1 - p_t - \gamma\, p_t \log p_t\right),
#
# which for :math:`\gamma = 0` is cross-entropy's :math:`p_t - 1`
# (:ref:`sphx_glr_auto_examples_plot_09_gradient_p_minus_y.py`). Autograd
# through :func:`clsloss.sigmoid_focal_loss` and through a transcription of
# torchvision's ``sigmoid_focal_loss`` (torchvision is not installed here)
# agrees with it.


def torchvision_focal(z, y, alpha=0.25, gamma=2.0):
    """torchvision.ops.sigmoid_focal_loss, reduction "none", line by line."""
    p = torch.sigmoid(z)
    ce_loss = F.binary_cross_entropy_with_logits(z, y, reduction="none")
    p_t = p * y + (1 - p) * (1 - y)
    loss = ce_loss * ((1 - p_t) ** gamma)
    if alpha >= 0:
        loss = (alpha * y + (1 - alpha) * (1 - y)) * loss
    return loss


push = {}
for g in gammas:
    closed = -((1 - p_t) ** g) * (1 - p_t - g * p_t * np.log(p_t))
    for loss_fn in (clsloss.sigmoid_focal_loss, torchvision_focal):
        leaf = torch.from_numpy(z).requires_grad_(True)
        loss = loss_fn(leaf, torch.from_numpy(ones), alpha=-1, gamma=g).sum()
        grad = torch.autograd.grad(loss, leaf)[0].numpy()
        np.testing.assert_allclose(grad, closed, rtol=1e-9, atol=1e-15)
    push[g] = -closed

# %%
# Gradient descent raises :math:`z` by an amount proportional to
# :math:`-\partial \ell / \partial z`, drawn below. For easy examples the push
# fades as :math:`\gamma` grows. For the hardest ones (small :math:`p_t`),
# :math:`\gamma > 0` pushes harder than cross-entropy, whose push
# :math:`1 - p_t` stays below 1.
fig, ax = plt.subplots(layout="constrained")
for g in gammas:
    ax.plot(p_t, push[g], label=rf"$\gamma = {g:g}$")
ax.set(xlabel="$p_t$ (label $y = 1$)", ylabel=r"$-\partial \ell / \partial z$",
       title="push on the logit")  # fmt: skip
ax.legend()
strongest = push[gammas[-1]].argmax()
fig.set_label(
    "The push on the logit, minus the derivative of the focal loss with respect to "
    "z, against p_t for the label y = 1, one curve per gamma. For gamma = "
    f"{gammas[0]:g}, cross-entropy, it is the straight line 1 - p_t. Larger gamma "
    "makes the push fade sooner for easy examples but exceed 1 for the hardest, up "
    f"to {push[gammas[-1]][strongest]:.3f} at p_t = {p_t[strongest]:.3f} for gamma "
    f"= {gammas[-1]:g}."
)
plt.show()
for g in gammas:
    i = push[g].argmax()
    print(f"gamma = {g:g}: largest push {push[g][i]:.3f} at p_t = {p_t[i]:.3f}")
assert push[0.0].max() < 1 < push[2.0].max()

# %%
# The binary and the multi-class forms on the running example
# -----------------------------------------------------------
# Read :term:`one-vs-rest`, the running example is six yes/no questions with
# :term:`one-hot` targets. :func:`clsloss.sigmoid_focal_loss` uses
# torchvision's defaults, :math:`\alpha = 0.25` (positives weigh
# :math:`0.25`, negatives :math:`0.75`) and :math:`\gamma = 2`.
logits = np.array([[-1.9609, -0.2974, 0.1152], [0.5912, 1.7348, -2.4041]])
labels = np.array([0, 2])
y = clsloss.one_hot(labels, num_classes=3).astype(float)
binary = clsloss.sigmoid_focal_loss(logits, y)
reference = torchvision_focal(torch.from_numpy(logits), torch.from_numpy(y)).numpy()
print("sigmoid focal loss per element:", np.array2string(binary, precision=4), sep="\n")
np.testing.assert_allclose(binary, reference, rtol=1e-12)

# %%
# The multi-class form applies the factor to the softmax probability of the
# true class, :math:`p_t = p_{n, y_n}`. PyTorch has no focal loss; the usual
# transcription multiplies :func:`torch.nn.functional.cross_entropy` by the
# factor. Both images are misclassified (small :math:`p_t`), so the factors are
# close to 1 and the focal loss is a little below the cross-entropy.
z_torch, labels_torch = torch.from_numpy(logits), torch.from_numpy(labels)
p_true = torch.softmax(z_torch, dim=1)[[0, 1], labels_torch]
ce = F.cross_entropy(z_torch, labels_torch, reduction="none")
multi = clsloss.focal_loss(logits, labels, reduction="none")
print(f"p_t {p_true.numpy().round(4)}, factor {((1 - p_true) ** 2).numpy().round(4)}")
print(f"focal {multi.round(4)}, cross-entropy {ce.numpy().round(4)}")
np.testing.assert_allclose(multi, ((1 - p_true) ** 2 * ce).numpy(), rtol=1e-12)
assert np.all(logits.argmax(axis=1) != labels)
assert np.all(multi < ce.numpy())

# %%
# With gamma = 0 both are cross-entropies
# ---------------------------------------
# The factor is then 1, and with ``alpha=-1`` there is no class balance either:
focal_0 = clsloss.focal_loss(logits, labels, gamma=0.0, reduction="none")
sigmoid_0 = clsloss.sigmoid_focal_loss(logits, y, alpha=-1, gamma=0.0)
bce = F.binary_cross_entropy_with_logits(z_torch, torch.from_numpy(y), reduction="none")
np.testing.assert_allclose(focal_0, ce.numpy(), rtol=1e-12)
np.testing.assert_allclose(sigmoid_0, bce.numpy(), rtol=1e-12)
print("gamma = 0: focal_loss = cross-entropy, sigmoid_focal_loss = BCE, to rounding")

# %%
# A confident float32 prediction
# -------------------------------
# In float32, :math:`\sigma(z)` rounds to 1 from the logit printed below, so
# the transcription's :math:`1 - p_t`, formed by subtraction, is exactly 0 and
# so is its loss. clsloss computes :math:`\log(1 - p_t)` from
# :math:`\log \sigma(-z)` and keeps the tiny value, here for :math:`z = 20`,
# label 1, against the exact :math:`\tfrac14 \sigma(-20)^2 \log(1 + e^{-20})`
# in float64.
grid = torch.arange(10.0, 25.0, 0.1)
print(f"float32 sigmoid(z) == 1 from z = {grid[torch.sigmoid(grid) == 1][0]:.1f}")
z32, y32 = torch.tensor([20.0]), torch.tensor([1.0])
one_minus_p_t = 1 - torch.sigmoid(z32)  # label 1: p_t = sigmoid(z)
transcribed, ours = torchvision_focal(z32, y32), clsloss.sigmoid_focal_loss(z32, y32)
exact = 0.25 * (1 / (1 + np.exp(20.0))) ** 2 * np.log1p(np.exp(-20.0))
print(f"1 - p_t {one_minus_p_t.item()}, torchvision {transcribed.item()}, "
      f"clsloss {ours.item():.5e}, exact {exact:.5e}")  # fmt: skip
assert one_minus_p_t.item() == transcribed.item() == 0
np.testing.assert_allclose(ours.item(), exact, rtol=1e-5)

# %%
# Next to the losses of the examples above, this one is negligible for
# training. It matters when the values themselves are studied: on a log axis,
# as in the right panel of the first figure, a 0 cannot be drawn.

# %%
# Takeaways
# ---------
# - The focal loss multiplies each cross-entropy term by
#   :math:`(1 - p_t)^\gamma`: for :math:`\gamma = 2`, an example with
#   :math:`p_t = 0.9` keeps :math:`1/100` of its loss, one with
#   :math:`p_t = 0.5` keeps :math:`1/4`.
# - Its gradient fades for easy examples and, for :math:`\gamma > 0`,
#   exceeds cross-entropy's for the hardest ones.
# - :func:`clsloss.sigmoid_focal_loss` matches torchvision's formula
#   (:math:`\alpha = 0.25`, :math:`\gamma = 2`), :func:`clsloss.focal_loss`
#   the softmax transcription; with :math:`\gamma = 0` (and ``alpha=-1``) they
#   are cross-entropies.
# - In float32 the torchvision formula rounds the loss of a confident
#   prediction to 0; clsloss keeps it.
