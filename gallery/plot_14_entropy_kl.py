r"""
Entropy, KL divergence and cross-entropy
========================================

Cross-entropy gets its name from information theory. For a target
distribution :math:`y` and a prediction :math:`p` over :math:`C` classes, with
natural logarithms (so every quantity is in :term:`nats`),

.. math::

    H(y) = -\sum_{c=0}^{C-1} y_c \log y_c, \qquad
    H(y, p) = -\sum_{c=0}^{C-1} y_c \log p_c, \qquad
    D_{\mathrm{KL}}(y \,\Vert\, p) = \sum_{c=0}^{C-1} y_c \log \frac{y_c}{p_c}
    = H(y, p) - H(y),

with :math:`0 \log 0 = 0`. These are the :term:`entropy`, the
:term:`cross-entropy` and the :term:`KL divergence`. The target's entropy
:math:`H(y)` does not depend on the model, so minimising the cross-entropy
over :math:`p` minimises the KL divergence. For a :term:`one-hot` :math:`y`,
:math:`H(y) = 0` and the cross-entropy is :math:`-\log p_t`, minus the log of
the probability of the true class.
"""

# %%
# The identity on soft targets
# ----------------------------
# :term:`Soft targets <soft label>` (for example smoothed, or averaged from
# several annotators) have positive entropy. Two images of three classes:
import numpy as np
import torch

import clsloss

# sphinx_gallery_thumbnail_number = 1
logits = np.array([[-1.9609, -0.2974, 0.1152], [0.5912, 1.7348, -2.4041]])
soft = np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]])
log_p = clsloss.log_softmax(logits, axis=1)
entropy = -(soft * np.log(soft)).sum(axis=1)
kl = (soft * (np.log(soft) - log_p)).sum(axis=1)
cross = clsloss.cross_entropy(logits, soft, reduction="none")
print("H(y)         (nats):", np.array2string(entropy, precision=4))
print("D_KL(y || p) (nats):", np.array2string(kl, precision=4))
print("H(y, p)      (nats):", np.array2string(cross, precision=4))
assert np.all(entropy > 0)
np.testing.assert_allclose(cross, entropy + kl, rtol=1e-12)
np.testing.assert_allclose(
    cross,
    torch.nn.functional.cross_entropy(
        torch.from_numpy(logits), torch.from_numpy(soft), reduction="none"
    ).numpy(),
    rtol=1e-12,
)

# %%
# PyTorch's ``torch.nn.functional.kl_div`` takes its arguments the other way
# round from the notation: first the *log*-probabilities of the prediction,
# then the target, and it computes :math:`D_{\mathrm{KL}}(y \,\Vert\, p)`.
# Its ``reduction="batchmean"`` divides the sum by the number of samples,
# which gives the mean KL divergence per sample.
torch_kl = torch.nn.functional.kl_div(
    torch.from_numpy(log_p), torch.from_numpy(soft), reduction="none"
).sum(dim=1)
batchmean = torch.nn.functional.kl_div(
    torch.from_numpy(log_p), torch.from_numpy(soft), reduction="batchmean"
).item()
print(f"per sample {torch_kl.numpy().round(4)}, batchmean {batchmean:.4f}")
np.testing.assert_allclose(kl, torch_kl.numpy(), rtol=1e-12)
np.testing.assert_allclose(batchmean, kl.mean(), rtol=1e-12)

# %%
# Stacked, each bar is a cross-entropy split into the part no model can remove
# (the target's own entropy) and the part the model can reduce. All three are
# in nats.
import matplotlib.pyplot as plt

fig, ax = plt.subplots(layout="constrained")
images = np.arange(2)
ax.bar(images, entropy, label=r"$H(y)$, fixed by the target")
ax.bar(images, kl, bottom=entropy, label=r"$D_{\mathrm{KL}}(y \,\Vert\, p)$, reducible")
ax.scatter(images, cross, color="black", zorder=3, label=r"$H(y, p)$ from clsloss")
ax.set(
    xticks=images,
    xlabel="image $n$",
    ylabel="nats",
    title="cross-entropy = entropy + KL divergence",
)
ax.legend()
fig.set_label(
    f"Stacked bars for images {images[0]} and {images[1]}, in nats: the target's "
    f"entropy H(y) ({entropy[0]:.2f} and {entropy[1]:.2f}, blue, fixed by the "
    f"target) below the KL divergence D_KL(y || p) ({kl[0]:.2f} and {kl[1]:.2f}, "
    "orange, reducible). A black dot marks the cross-entropy H(y, p) computed by "
    f"clsloss ({cross[0]:.2f} and {cross[1]:.2f}) at the top of each stack: "
    "cross-entropy is entropy plus KL divergence."
)
plt.show()

# %%
# One-hot targets: cross-entropy is -log p_t
# ------------------------------------------
# With a one-hot target every term of :math:`H(y)` is :math:`1 \log 1` or
# :math:`0 \log 0`, both 0, so the cross-entropy equals the KL divergence and
# is :math:`-\log p_t`. PyTorch's ``kl_div`` uses the same
# :math:`0 \log 0 = 0` convention and agrees.
labels = np.array([0, 2])
one_hot = clsloss.one_hot(labels, num_classes=3).astype(float)
one_hot_cross = clsloss.cross_entropy(logits, one_hot, reduction="none")
minus_log_p_t = -log_p[np.arange(2), labels]
one_hot_kl = (
    torch.nn.functional.kl_div(
        torch.from_numpy(log_p), torch.from_numpy(one_hot), reduction="none"
    )
    .sum(dim=1)
    .numpy()
)
print(
    "H(y, p):",
    np.array2string(one_hot_cross, precision=4),
    " -log p_t:",
    np.array2string(minus_log_p_t, precision=4),
    " D_KL:",
    np.array2string(one_hot_kl, precision=4),
)
np.testing.assert_allclose(one_hot_cross, minus_log_p_t, rtol=1e-12)
np.testing.assert_allclose(one_hot_kl, minus_log_p_t, rtol=1e-12)

# %%
# Cross-entropy as a function of the prediction
# ---------------------------------------------
# For a two-class target :math:`y = (0.7, 0.3)`, the cross-entropy of
# predictions :math:`p = (p_0, 1 - p_0)` is smallest at :math:`p_0 = 0.7`,
# where the KL divergence is 0 and the loss equals the target's entropy.
# (The logits passed to :func:`clsloss.cross_entropy` are :math:`\log p`,
# whose softmax is :math:`p` itself.)
target_row = np.array([0.7, 0.3])
p_0 = np.linspace(0.01, 0.99, 197)
predictions = np.stack([p_0, 1 - p_0], axis=1)
targets = np.tile(target_row, (p_0.size, 1))
curve = clsloss.cross_entropy(np.log(predictions), targets, reduction="none")
floor = -(target_row * np.log(target_row)).sum()
best = p_0[np.argmin(curve)]
print(
    f"smallest H(y, p) = {curve.min():.6f} nats at p_0 = {best:.3f}; H(y) = {floor:.6f}"
)
np.testing.assert_allclose(best, target_row[0], atol=1e-9)
np.testing.assert_allclose(curve.min(), floor, rtol=1e-9)
assert np.all(curve >= floor - 1e-12)

fig, ax = plt.subplots(layout="constrained")
ax.plot(p_0, curve, label=r"$H(y, p)$")
ax.axhline(floor, color="gray", linestyle=":", label=r"$H(y)$")
ax.axvline(target_row[0], color="C3", linewidth=0.8, label=r"$p_0 = y_0$")
ax.set(
    xlabel="predicted probability $p_0$ of class 0",
    ylabel="nats",
    title=f"target $y = ({target_row[0]:g}, {target_row[1]:g})$",
)
ax.legend()
fig.set_label(
    "Cross-entropy H(y, p) in nats against the predicted probability p_0 of class "
    f"0, from {p_0[0]:g} to {p_0[-1]:g}, for the target y = ({target_row[0]:g}, "
    f"{target_row[1]:g}). The curve falls from {curve[0]:.2f} to its lowest value at "
    f"p_0 = {best:.2f}, marked by a vertical line at p_0 = y_0, where it touches the "
    f"dotted line of the target's entropy H(y) = {floor:.3f}, then rises to "
    f"{curve[-1]:.2f}: the loss cannot go below H(y)."
)
plt.show()

# %%
# Takeaways
# ---------
# - :math:`H(y, p) = H(y) + D_{\mathrm{KL}}(y \,\Vert\, p)`, all in nats:
#   training on cross-entropy minimises the KL divergence to the target.
# - With one-hot targets :math:`H(y) = 0` and cross-entropy is
#   :math:`-\log p_t`; with soft targets the loss cannot go below
#   :math:`H(y)`, reached only at :math:`p = y`.
# - ``torch.nn.functional.kl_div(log_p, y, reduction="batchmean")`` is the
#   mean :math:`D_{\mathrm{KL}}(y \,\Vert\, p)` per sample.
