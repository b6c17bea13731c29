r"""
Margin losses and cross-entropy
===============================

The multi-class loss of a support vector machine (SVM) does not turn the
:term:`logit`\ s into probabilities. It asks the logit of the true class to
beat every other logit by a :term:`margin` :math:`\Delta`, and charges a
:term:`hinge loss` for each class that comes too close:

.. math::

    \ell_n = \frac{1}{C} \sum_{c \ne y_n}
             \max\left(0, \Delta - z_{n, y_n} + z_{n, c}\right)^r,

with :math:`r = 1` (the hinge) or :math:`r = 2` (the squared hinge). This is
:func:`clsloss.multi_margin_loss` and :class:`torch.nn.MultiMarginLoss`
(argument ``p=`` for :math:`r`, ``margin=`` for :math:`\Delta`). This page
compares it with the :term:`cross-entropy` of
:ref:`sphx_glr_auto_examples_plot_04_cross_entropy.py`, then meets the other
margin losses of PyTorch: the logistic ``SoftMarginLoss`` and the two
:term:`multi-label` losses.
"""

# %%
# The running example
# -------------------
# Two images, three classes, true classes 0 and 2, :math:`\Delta = 1`. The
# achieved margin :math:`m_n = z_{n, y_n} - \max_{c \ne y_n} z_{n,c}` is
# negative for both images (both are misclassified), so both pay a hinge.
# The formula above, written out in NumPy, matches both libraries.
import numpy as np
import torch
import torch.nn.functional as F

import clsloss

# sphinx_gallery_thumbnail_number = 1
logits = np.array([[-1.9609, -0.2974, 0.1152], [0.5912, 1.7348, -2.4041]])
labels = np.array([0, 2])
N, C = logits.shape
true_logit = logits[np.arange(N), labels]
others = np.where(np.arange(C) == labels[:, None], -np.inf, logits)
margins = true_logit - others.max(axis=1)
print("achieved margins m_n:", margins.round(4))
assert np.all(margins < 0)
shortfall = np.maximum(0, 1 - true_logit[:, None] + others)  # 0 at the true class


def torch_loss(loss_fn, *arrays, **options):
    return loss_fn(*map(torch.from_numpy, arrays), reduction="none", **options).numpy()


for r in (1, 2):
    ours = clsloss.multi_margin_loss(logits, labels, p=r, reduction="none")
    theirs = torch_loss(F.multi_margin_loss, logits, labels, p=r)
    np.testing.assert_allclose(ours, (shortfall**r).sum(axis=1) / C, rtol=1e-12)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12)
    print(f"r = {r}: per-image hinge losses {ours.round(4)} (clsloss = torch)")
cross_entropy = clsloss.cross_entropy(logits, labels, reduction="none")
print("per-image cross-entropy (nats):", cross_entropy.round(4))

# %%
# Satisfied once the margin holds
# -------------------------------
# Raise the logit :math:`s = z_{1,0}` of the first image's true class and keep
# its other logits. Every hinge term is 0 once
# :math:`s \ge s^\star = \max_{c \ne 0} z_{1,c} + \Delta`, where the margin
# reaches :math:`\Delta`. Below it, each term still active adds :math:`-1/C`
# to :math:`\partial \ell_1 / \partial s` for :math:`r = 1`. Autograd through
# clsloss (on torch tensors) and through PyTorch agree, and beyond
# :math:`s^\star` the loss and its :term:`gradient` are 0 for both exponents.
s_star = logits[0, 1:].max() + 1.0
print(f"s* = {logits[0, 1:].max():.4f} + 1 = {s_star:.4f}")
s = np.linspace(-3, 6, 901)
beyond = s > s_star
grid_logits = np.column_stack([s, np.tile(logits[0, 1:], (s.size, 1))])


def loss_and_grad(ours, theirs, **options):
    results = []
    for loss_fn in (ours, theirs):
        leaf = torch.tensor(s, requires_grad=True)
        batch = torch.column_stack([leaf, torch.from_numpy(grid_logits[:, 1:])])
        loss = loss_fn(batch, torch.zeros(s.size, dtype=torch.int64),
                       reduction="none", **options)  # fmt: skip
        (grad,) = torch.autograd.grad(loss.sum(), leaf)
        results.append((loss.detach().numpy(), grad.numpy()))
    np.testing.assert_allclose(results[0], results[1], rtol=1e-12)
    return results[0]


hinge, hinge_grad = loss_and_grad(clsloss.multi_margin_loss, F.multi_margin_loss)
for r in (1, 2):
    loss, grad = loss_and_grad(clsloss.multi_margin_loss, F.multi_margin_loss, p=r)
    assert np.all(loss[~beyond] > 0)
    assert np.all(loss[beyond] == 0)
    assert np.all(grad[beyond] == 0)
active = (1 - s[:, None] + logits[0, 1:] > 0).sum(axis=1)
np.testing.assert_allclose(hinge_grad, -active / C, rtol=1e-12)

# %%
# Cross-entropy behaves differently. Its gradient with respect to the true
# logit is :math:`p_{1,0} - 1`, and :math:`p_{1,0} < 1` for any finite
# logits, so on the whole grid the loss stays positive, keeps decreasing, and
# its gradient keeps pushing :math:`s` up.
ce, ce_grad = loss_and_grad(clsloss.cross_entropy, F.cross_entropy)
p_true = clsloss.softmax(grid_logits, axis=1)[:, 0]
np.testing.assert_allclose(ce_grad, p_true - 1, rtol=1e-10)
assert np.all(ce > 0)
assert np.all(np.diff(ce) < 0)
assert np.all(ce_grad < 0)
print(f"at s = {s[-1]:g}: cross-entropy {ce[-1]:.2e} nats, gradient {ce_grad[-1]:.2e}")

# %%
# The losses are on the left, their derivatives with respect to :math:`s` on
# the right. The squared hinge, in other units, is left out.
import matplotlib.pyplot as plt

fig, (ax_loss, ax_grad) = plt.subplots(1, 2, figsize=(8, 3.4), layout="constrained")
for name, loss, grad in [("hinge, $r = 1$", hinge, hinge_grad),
                         ("cross-entropy", ce, ce_grad)]:  # fmt: skip
    ax_loss.plot(s, loss, label=name)
    ax_grad.plot(s, grad, label=name)
for ax in (ax_loss, ax_grad):
    ax.axvline(s_star, color="gray", linestyle=":", label=rf"$s^\star = {s_star:.4f}$")
    ax.set_xlabel(r"true-class logit $s = z_{1,0}$")
    ax.legend()
ax_loss.set(ylabel=r"$\ell_1$", title=r"losses ($\Delta = 1$)")
ax_grad.set(ylabel=r"$\partial \ell_1 / \partial s$", title="gradients")
fig.set_label(
    "Two panels against the first image's true-class logit s, from "
    f"{s[0]:g} to {s[-1]:g}, its other logits fixed, with a dotted line at "
    f"s* = {s_star:.4f}. Left, the losses: the hinge (r = 1) falls in straight "
    "lines to 0 at s*; cross-entropy keeps falling and is still "
    f"{ce[-1]:.4f} nats at s = {s[-1]:g}. Right, their derivatives: the hinge's "
    f"rises in steps of 1/C = {1 / C:.2f} from {hinge_grad[0]:.2f} to 0 at s*; "
    "cross-entropy's, p - 1, rises towards 0 but stays negative."
)
plt.show()

# %%
# So an image classified with enough margin stops teaching the SVM, while
# cross-entropy keeps pulling every image towards larger margins, less and
# less as :math:`p_t \to 1`.
#
# SoftMarginLoss: the logistic loss with labels -1 and +1
# -------------------------------------------------------
# :func:`clsloss.soft_margin_loss` (:class:`torch.nn.SoftMarginLoss`) is
# :math:`\log(1 + e^{-y z})` with :math:`y \in \{-1, +1\}`, a smooth hinge on
# the signed margin :math:`y z`. With the labels mapped to 0/1 it is binary
# cross-entropy with logits. Read the running example as a multi-label task
# with :term:`multi-hot` targets: image 1 shows classes 0 and 2, image 2
# class 1.
multi_hot = np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 0.0]])
soft_margin = clsloss.soft_margin_loss(logits, 2 * multi_hot - 1, reduction="none")
bce = clsloss.binary_cross_entropy_with_logits(logits, multi_hot, reduction="none")
theirs = torch_loss(F.soft_margin_loss, logits, 2 * multi_hot - 1)
np.testing.assert_allclose(soft_margin, bce, rtol=1e-12)
np.testing.assert_allclose(soft_margin, theirs, rtol=1e-12)
print("soft margin = BCE with logits = torch:", soft_margin.round(4), sep="\n")

# %%
# :func:`clsloss.multilabel_soft_margin_loss`
# (:class:`torch.nn.MultiLabelSoftMarginLoss`) is the mean over the classes of
# those binary cross-entropies, one per image:
ml_soft = clsloss.multilabel_soft_margin_loss(logits, multi_hot, reduction="none")
np.testing.assert_allclose(ml_soft, bce.mean(axis=1), rtol=1e-12)
np.testing.assert_allclose(
    ml_soft, torch_loss(F.multilabel_soft_margin_loss, logits, multi_hot), rtol=1e-12
)
print("per image:", ml_soft.round(4), "= BCE averaged over classes (clsloss = torch)")

# %%
# MultiLabelMarginLoss and its target format
# ------------------------------------------
# :func:`clsloss.multilabel_margin_loss` (:class:`torch.nn.MultiLabelMarginLoss`)
# is the multi-label hinge with :math:`\Delta = 1`: every true class must beat
# every absent class. Its target is not multi-hot. Each row lists the
# :term:`class index` of each true class, then -1; the list ends at the first
# -1 and anything after it is ignored (the 2 in the second row below).
index_target = np.array([[0, 2, -1], [1, -1, 2]])
rebuilt = np.zeros((N, C))
for n, row in enumerate(index_target):
    rebuilt[n, row[: list(row).index(-1)]] = 1.0  # the classes before the first -1
np.testing.assert_array_equal(rebuilt, multi_hot)
pair = np.maximum(0, 1 - logits[:, :, None] + logits[:, None, :])  # [n, j, c]
counted = multi_hot[:, :, None] * (1 - multi_hot[:, None, :])  # j true, c absent
by_hand = (counted * pair).sum(axis=(1, 2)) / C
ours = clsloss.multilabel_margin_loss(logits, index_target, reduction="none")
theirs = torch_loss(F.multilabel_margin_loss, logits, index_target)
np.testing.assert_allclose(ours, by_hand, rtol=1e-12)
np.testing.assert_allclose(ours, theirs, rtol=1e-12)
other_tail = np.array([[0, 2, -1], [1, -1, 0]])
other = clsloss.multilabel_margin_loss(logits, other_tail, reduction="none")
np.testing.assert_array_equal(other, ours)
print("target", index_target.tolist(), "= multi-hot", multi_hot.astype(int).tolist())
print("per-image loss:", ours.round(4), "(clsloss = torch = by hand)")
assert ours[1] == 0  # image 2: z_1 beats the others by more than 1

# %%
# Passing the multi-hot rows themselves is the usual mistake. As integers they
# are valid index lists, so both libraries silently read ``[1, 0, 1]`` as
# "classes 1 and 0" and return another loss. Passed as floats, the multi-hot
# rows make clsloss raise an error that names the problem and the loss to use:
as_int = multi_hot.astype(np.int64)
misread = clsloss.multilabel_margin_loss(logits, as_int, reduction="none")
theirs = torch_loss(F.multilabel_margin_loss, logits, as_int)
np.testing.assert_allclose(misread, theirs, rtol=1e-12)
assert not np.allclose(misread, ours)
print("integer multi-hot read as indices:", misread.round(4))
message = None
try:
    clsloss.multilabel_margin_loss(logits, multi_hot)
except TypeError as caught:
    message = str(caught)
print("TypeError:", message)
assert "integer dtype" in message
assert "multilabel_soft_margin_loss" in message

# %%
# Takeaways
# ---------
# - The multi-class hinge loss is 0, with a zero gradient, once the true logit
#   beats every other by :math:`\Delta`; in the example that happens at
#   :math:`s^\star = \max_{c \ne y} z_c + \Delta`.
# - Cross-entropy stays positive with a nonzero gradient for finite logits:
#   it keeps widening margins, by less and less.
# - ``SoftMarginLoss`` is binary cross-entropy with logits on labels
#   :math:`2y - 1`; ``MultiLabelSoftMarginLoss`` is its mean over the classes.
# - ``MultiLabelMarginLoss`` takes class indices ended by -1, not multi-hot
#   rows; an integer multi-hot row is silently misread.
