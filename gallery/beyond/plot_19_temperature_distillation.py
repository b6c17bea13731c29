r"""
Temperature, soft targets and distillation
==========================================

A :term:`temperature` :math:`T > 0` divides the logits before the softmax,
:math:`p = \operatorname{softmax}(z / T)`: :math:`T > 1` flattens the
probabilities, :math:`T < 1` sharpens them. Softened probabilities are one
source of :term:`soft label` targets: in :term:`distillation` (Hinton et al.,
2015) a student model learns from a teacher's :math:`\operatorname{softmax}(t / T)`.
Data augmentation is another: :term:`mixup` and cutmix blend two images and
their one-hot labels. This page computes each, and checks the losses on soft
targets against PyTorch: the :term:`KL divergence` and the :term:`cross-entropy`
differ by the target's :term:`entropy`
(:ref:`sphx_glr_auto_examples_plot_14_entropy_kl.py`), and distillation
multiplies its loss by :math:`T^2`.
"""

# %%
# Softmax at several temperatures
# -------------------------------
# The first image of the running example, through :func:`clsloss.softmax` at
# four temperatures, checked against :func:`torch.softmax`:
import numpy as np
import torch
import torch.nn.functional as F

import clsloss

# sphinx_gallery_thumbnail_number = 1
logits = np.array([[-1.9609, -0.2974, 0.1152], [0.5912, 1.7348, -2.4041]])
row, C = logits[0], logits.shape[1]
temperatures = [0.5, 1.0, 2.0, 5.0]
tempered = np.stack([clsloss.softmax(row / T, axis=0) for T in temperatures])
by_torch = torch.softmax(torch.from_numpy(row) / torch.tensor(temperatures)[:, None], 1)
np.testing.assert_allclose(tempered, by_torch, rtol=1e-12)
entropy = -(tempered * np.log(tempered)).sum(axis=1)
for T, p, h in zip(temperatures, tempered, entropy, strict=True):
    print(f"T = {T:3g}: p = {np.array2string(p, precision=3)}, H(p) = {h:.3f} nats")
print(f"log C = {np.log(C):.3f} nats, the entropy of the uniform distribution")
assert np.all(np.diff(entropy) > 0)
assert entropy[-1] < np.log(C)
assert np.all(tempered.argmax(axis=1) == row.argmax())

# %%
# Dividing by :math:`T` keeps the order of the logits, so the most probable
# class is the same at every temperature; the entropy grows with :math:`T`
# for the values shown, towards :math:`\log C`.
import matplotlib.pyplot as plt

fig, ax = plt.subplots(layout="constrained")
width = 0.2
for i, (T, p) in enumerate(zip(temperatures, tempered, strict=True)):
    ax.bar(np.arange(C) + (i - 1.5) * width, p, width, label=f"$T = {T:g}$")
ax.set(xticks=range(C), xlabel="class $c$", ylabel=r"$\operatorname{softmax}(z / T)_c$")
ax.legend(title=f"logits $z = {np.array2string(row, separator=', ')}$")
fig.set_label(
    f"Grouped bars of softmax(z / T) for the classes 0 to {C - 1} of the first image, "
    f"logits z = {', '.join(f'{v:.2f}' for v in row)}, at the temperatures T = "
    f"{', '.join(f'{T:g}' for T in temperatures[:-1])} and {temperatures[-1]:g}. "
    f"Class {row.argmax()} is the most probable at every T; as T grows the bars even "
    f"out towards 1/C, its probability falling from {tempered[0].max():.3f} to "
    f"{tempered[-1].max():.3f} while class {row.argmin()} rises from "
    f"{tempered[0].min():.3f} to {tempered[-1].min():.3f}."
)
plt.show()

# %%
# Soft targets: KL divergence and cross-entropy
# ---------------------------------------------
# Let a hypothetical teacher, with logits ``teacher``, give the soft targets
# :math:`y = \operatorname{softmax}(t / 2)`. Against them, the cross-entropy
# :math:`H(y, p)` from :func:`clsloss.cross_entropy` minus the divergence
# :math:`D_{\mathrm{KL}}(y \,\Vert\, p)` from :func:`clsloss.kl_div` is the
# target's entropy :math:`H(y)`, which no change of the student's logits
# :math:`z` can alter. So both losses have the same :term:`gradient`,
# :math:`p - y` per sample:
teacher = np.array([[2.5, 0.3, -1.2], [-0.8, 0.4, 2.1]])
y = clsloss.softmax(teacher / 2, axis=1)
z = torch.from_numpy(logits).requires_grad_(True)
cross = clsloss.cross_entropy(z, torch.from_numpy(y), reduction="none")
log_p = clsloss.log_softmax(z, axis=1)
kl = clsloss.kl_div(log_p, torch.from_numpy(y), reduction="none").sum(dim=1)
entropy_y = -(y * np.log(y)).sum(axis=1)
difference = (cross - kl).detach().numpy()
print(f"H(y, p) - D_KL(y || p) = {difference.round(6)}, H(y) = {entropy_y.round(6)}")
np.testing.assert_allclose(difference, entropy_y, rtol=1e-12)
grad_cross, grad_kl = (torch.autograd.grad(f.sum(), z)[0].numpy() for f in (cross, kl))
np.testing.assert_allclose(grad_cross, grad_kl, rtol=1e-12, atol=1e-15)
np.testing.assert_allclose(grad_kl, clsloss.softmax(logits, axis=1) - y, rtol=1e-12)

# %%
# The arguments of kl_div and its reductions
# ------------------------------------------
# :func:`clsloss.kl_div` keeps PyTorch's order, ``kl_div(log_p, y)``: the
# prediction first, as *log*-probabilities, then the target as probabilities,
# and it computes :math:`D_{\mathrm{KL}}(y \,\Vert\, p)`. ``"batchmean"`` divides
# the sum of the :math:`N C` terms by :math:`N`, the divergence per sample;
# ``"mean"``, the default, divides by :math:`N C`, so it is :math:`C` times
# smaller. PyTorch warns about ``"mean"``, shown here:
import warnings

log_p, p = clsloss.log_softmax(logits, axis=1), clsloss.softmax(logits, axis=1)
by_hand = (y * np.log(y / p)).sum(axis=1)  # D_KL(y || p) of each sample
ours = {r: clsloss.kl_div(log_p, y, reduction=r) for r in ("batchmean", "mean")}
log_p_torch, y_torch = torch.from_numpy(log_p), torch.from_numpy(y)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    theirs = {r: F.kl_div(log_p_torch, y_torch, reduction=r).item() for r in ours}
for r, value in ours.items():
    print(f"{r:>9}: clsloss {value:.6f}, torch {theirs[r]:.6f}")
warning = caught[-1]
assert issubclass(warning.category, UserWarning)
print(f"torch warns: {warning.category.__name__}: {warning.message}".split(".")[0])
np.testing.assert_allclose(list(ours.values()), list(theirs.values()), rtol=1e-12)
np.testing.assert_allclose(ours["batchmean"], by_hand.mean(), rtol=1e-12)
np.testing.assert_allclose(ours["batchmean"] / ours["mean"], C, rtol=1e-12)

# %%
# Distillation and the T squared factor
# -------------------------------------
# The distillation loss compares softened probabilities,
# :math:`\frac1N \sum_n D_{\mathrm{KL}}(\operatorname{softmax}(t_n / T)
# \,\Vert\, \operatorname{softmax}(z_n / T))`. Its gradient with respect to
# :math:`z_n` is :math:`(p_n - y_n) / (N T)`, both softened. For large
# :math:`T`, :math:`\operatorname{softmax}(u / T)_c \approx (1 + (u_c - \bar u) / T) / C`
# with :math:`\bar u` the mean of the :math:`C` entries, so
#
# .. math::
#
#     T^2 \frac{\partial L}{\partial z_n} \to
#     \frac{(z_n - \bar z_n) - (t_n - \bar t_n)}{N C}.
#
# The gradient shrinks like :math:`1 / T^2`; Hinton et al. multiply the loss by
# :math:`T^2` so that its weight next to a hard-label loss does not depend on
# :math:`T`. Autograd, with the running example as the student:
gap = logits - teacher
limit = np.linalg.norm(gap - gap.mean(axis=1, keepdims=True)) / logits.size
Ts = np.array([1.0, 2.0, 4.0, 8.0, 16.0, 32.0])
norms = np.zeros(Ts.size)
for i, T in enumerate(Ts):
    z = torch.from_numpy(logits).requires_grad_(True)
    soft_y = torch.softmax(torch.from_numpy(teacher) / T, dim=1)
    log_q = torch.log_softmax(z / T, dim=1)
    loss = clsloss.kl_div(log_q, soft_y, reduction="batchmean")
    norms[i] = torch.autograd.grad(loss, z)[0].norm().item()
scaled = norms * Ts**2
print(f"T: {Ts}\nnorm: {norms.round(6)}\nT^2 norm: {scaled.round(4)}")
print(f"limit {limit:.4f}; ratio per doubling {(norms[:-1] / norms[1:]).round(2)}")
assert np.all(norms[:-1] / norms[1:] > 3)
assert scaled.max() / scaled.min() < 1.5
np.testing.assert_allclose(scaled[-1], limit, rtol=0.01)

# %%
# Without the factor the gradient norm falls more than 3-fold each time
# :math:`T` doubles, approaching the 4-fold of :math:`1 / T^2`; with it, the
# norm stays within a factor 1.5 for this example and approaches the limit.
fig, ax = plt.subplots(layout="constrained")
ax.loglog(Ts, norms, "o-", label=r"$\Vert \partial L / \partial z \Vert$")
ax.loglog(Ts, scaled, "o-", label=r"$\Vert \partial (T^2 L) / \partial z \Vert$")
ax.axhline(limit, color="gray", linestyle=":", label="large-$T$ limit")
ax.set(xlabel="temperature $T$", ylabel="gradient norm", title="distillation loss")
ax.legend()
fig.set_label(
    "Gradient norm of the distillation loss against the temperature T, from "
    f"{Ts[0]:g} to {Ts[-1]:g}, both axes logarithmic. Without the factor T squared "
    f"the norm falls from {norms[0]:.3f} to {norms[-1]:.5f}, "
    f"{norms[-2] / norms[-1]:.2f}-fold over the last doubling of T; with it the norm "
    f"goes from {scaled[0]:.3f} to {scaled[-1]:.3f}, levelling off near the "
    f"dotted large-T limit, {limit:.3f}."
)
plt.show()

# %%
# Mixup and cutmix give probability targets
# -----------------------------------------
# Mixup blends two images and their one-hot targets with the same weight
# :math:`\lambda`, drawn from a Beta distribution (here Beta(1, 1), seeded).
# Cutmix pastes a box of one image into the other; :math:`\lambda` is the
# fraction of the first image that is kept. Two digits of
# :func:`sklearn.datasets.load_digits`, a 0 and a 7:
from sklearn.datasets import load_digits

digits = load_digits()
x_a, x_b = digits.images[0] / 16, digits.images[7] / 16
y_a, y_b = digits.target[[0, 7]]
lam_mixup = np.random.default_rng(0).beta(1.0, 1.0)
box = np.zeros((8, 8), dtype=bool)
box[0:4, 1:7] = True
lam_cutmix = 1 - box.mean()
mixed_images = [lam_mixup * x_a + (1 - lam_mixup) * x_b, np.where(box, x_b, x_a)]
one_hot = clsloss.one_hot(np.array([y_a, y_b]), num_classes=10).astype(float)
lams = np.array([lam_mixup, lam_cutmix])
mixed = lams[:, None] * one_hot[0] + (1 - lams[:, None]) * one_hot[1]
print(f"lambda: mixup {lam_mixup:.4f}, cutmix {lam_cutmix:.4f}")
print("targets:", np.array2string(mixed, precision=3), sep="\n")

fig, axes = plt.subplots(1, 4, figsize=(9, 2.6), layout="constrained")
titles = [f"$x_a$, label {y_a}", f"$x_b$, label {y_b}", "mixup", "cutmix"]
titles[2:] = [
    rf"{t}, $\lambda = {lam:.3g}$" for t, lam in zip(titles[2:], lams, strict=True)
]
for ax, image, title in zip(axes, [x_a, x_b, *mixed_images], titles, strict=True):
    ax.imshow(image, cmap="gray_r", vmin=0, vmax=1)
    ax.set(title=title, xticks=[], yticks=[])
fig.set_label(
    f"Four {x_a.shape[0]} by {x_a.shape[1]} grey-scale digit images: x_a, a {y_a}; "
    f"x_b, a {y_b}; their mixup, every pixel {lam_mixup:.3f} times the {y_a} plus "
    f"{1 - lam_mixup:.3f} times the {y_b}, so both digits show; and their cutmix, "
    f"the {y_a} with a box of {box.sum()} of its {box.size} pixels, in its top "
    f"{box.any(axis=1).sum()} rows, replaced by the {y_b}, so the fraction of the "
    f"{y_a} kept, lambda, is {lam_cutmix:.3f}."
)
plt.show()

# %%
# Any logits will do for the identity below; take those of a nearest-mean
# classifier, :math:`z_c = -\tfrac12 \Vert x - \mu_c \Vert^2` with
# :math:`\mu_c` the mean image of class :math:`c`. Because the cross-entropy
# is linear in the target, :math:`H(\lambda y_a + (1 - \lambda) y_b, p)
# = \lambda H(y_a, p) + (1 - \lambda) H(y_b, p)`:
means = np.stack([digits.images[digits.target == c].mean(0) / 16 for c in range(10)])
z_mixed = -0.5 * ((np.stack(mixed_images)[:, None] - means) ** 2).sum(axis=(2, 3))
soft = clsloss.cross_entropy(z_mixed, mixed, reduction="none")
ce_a = clsloss.cross_entropy(z_mixed, np.full(2, y_a), reduction="none")
ce_b = clsloss.cross_entropy(z_mixed, np.full(2, y_b), reduction="none")
print("H(mixed target, p):", soft.round(4))
np.testing.assert_allclose(soft, lams * ce_a + (1 - lams) * ce_b, rtol=1e-12)
reference = F.cross_entropy(
    torch.from_numpy(z_mixed), torch.from_numpy(mixed), reduction="none"
)
np.testing.assert_allclose(soft, reference.numpy(), rtol=1e-12)

# %%
# Try it
# ------
# The panel below starts from the first image's logits at :math:`T = 2` (the
# :ref:`playground` page explains it). Move the temperature slider: below 1
# the largest probability grows towards 1, above 1 the probabilities flatten
# towards :math:`1/C`, and the order of the classes does not change.
#
# .. loss-playground::
#    :logits: -1.9609, -0.2974, 0.1152
#    :target: 0
#    :temperature: 2

# %%
# Takeaways
# ---------
# - :math:`\operatorname{softmax}(z / T)` keeps the most probable class; its
#   entropy grew with :math:`T` for the temperatures shown.
# - Cross-entropy and KL divergence against soft targets differ by :math:`H(y)`
#   and have the same gradient. ``kl_div(log_p, y)`` is
#   :math:`D_{\mathrm{KL}}(y \,\Vert\, p)`; use ``"batchmean"``.
# - The softened KL's gradient shrinks like :math:`1 / T^2`; distillation's
#   :math:`T^2` undoes that.
# - Mixup and cutmix targets are :math:`\lambda y_a + (1 - \lambda) y_b`; the
#   cross-entropy against them is the same mixture of two cross-entropies.
