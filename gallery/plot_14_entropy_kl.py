r"""
Entropy, KL divergence and cross-entropy
========================================

Cross-entropy gets its name from information theory. For a target
distribution :math:`y` and a prediction :math:`p` over :math:`C` classes,

.. math::

    H(y) = -\sum_c y_c \log y_c, \qquad
    \operatorname{KL}(y \,\|\, p) = \sum_c y_c \log \frac{y_c}{p_c}, \qquad
    H(y, p) = -\sum_c y_c \log p_c,

and the three are tied by :math:`H(y, p) = H(y) + \operatorname{KL}(y \,\|\, p)`
(with :math:`0 \log 0 = 0`). Minimising cross-entropy over :math:`p` therefore
minimises the KL divergence: :math:`H(y)` does not depend on the model. For a
one-hot :math:`y`, :math:`H(y) = 0` and cross-entropy *is*
:math:`-\log p_{\text{true}}`.
"""

# %%
# The identity on soft targets
# ----------------------------
# Soft targets (for example smoothed, or averaged from several annotators)
# have positive entropy.
import numpy as np
import torch

import clsloss

logits = np.array([[-1.9609, -0.2974, 0.1152], [0.5912, 1.7348, -2.4041]])
soft = np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]])
log_p = clsloss.log_softmax(logits, axis=1)
entropy = -(soft * np.log(soft)).sum(axis=1)
kl = (soft * (np.log(soft) - log_p)).sum(axis=1)
cross = clsloss.cross_entropy(logits, soft, reduction="none")
print("H(y):      ", np.array2string(entropy, precision=4))
print("KL(y || p):", np.array2string(kl, precision=4))
print("H(y, p):   ", np.array2string(cross, precision=4))
np.testing.assert_allclose(cross, entropy + kl, rtol=1e-12)
torch_kl = (
    torch.nn.functional.kl_div(
        torch.from_numpy(log_p), torch.from_numpy(soft), reduction="none"
    )
    .sum(dim=1)
    .numpy()
)
np.testing.assert_allclose(kl, torch_kl, rtol=1e-12)
np.testing.assert_allclose(
    cross,
    torch.nn.functional.cross_entropy(
        torch.from_numpy(logits), torch.from_numpy(soft), reduction="none"
    ).numpy(),
    rtol=1e-12,
)

# %%
# Stacked, each bar is a cross-entropy split into the part no model can remove
# (the target's own entropy) and the part the model is responsible for.
import matplotlib.pyplot as plt

fig, ax = plt.subplots(layout="constrained")
images = np.arange(2)
ax.bar(images, entropy, label=r"$H(y)$, fixed by the target")
ax.bar(images, kl, bottom=entropy, label=r"$\mathrm{KL}(y \| p)$, reducible")
ax.scatter(images, cross, color="black", zorder=3, label=r"$H(y, p)$ from clsloss")
ax.set(xticks=images, xlabel="image", ylabel="nats")
ax.legend()
plt.show()

# %%
# One-hot targets: cross-entropy is -log p_true
# ---------------------------------------------
# With a one-hot target every term of :math:`H(y)` is :math:`1 \log 1` or
# :math:`0 \log 0`, both 0, so the cross-entropy equals the KL divergence and
# is :math:`-\log p_{\text{true}}`.
labels = np.array([0, 2])
one_hot = clsloss.one_hot(labels, num_classes=3).astype(float)
one_hot_cross = clsloss.cross_entropy(logits, one_hot, reduction="none")
minus_log_p_true = -log_p[np.arange(2), labels]
print(
    "H(y, p):",
    np.array2string(one_hot_cross, precision=4),
    " -log p_true:",
    np.array2string(minus_log_p_true, precision=4),
)
np.testing.assert_allclose(one_hot_cross, minus_log_p_true, rtol=1e-12)

# %%
# Cross-entropy as a function of the prediction
# ---------------------------------------------
# For a two-class target :math:`y = (0.7, 0.3)`, cross-entropy over
# predictions :math:`p = (q, 1 - q)` is smallest at :math:`q = 0.7`, where the
# KL divergence is 0 and the loss equals the target's entropy.
q = np.linspace(0.01, 0.99, 197)
predictions = np.stack([q, 1 - q], axis=1)
target = np.broadcast_to([0.7, 0.3], predictions.shape)
curve = clsloss.cross_entropy(
    np.log(predictions), np.ascontiguousarray(target), reduction="none"
)
floor = -(0.7 * np.log(0.7) + 0.3 * np.log(0.3))
np.testing.assert_allclose(curve.min(), floor, rtol=1e-3)
fig, ax = plt.subplots(layout="constrained")
ax.plot(q, curve, label=r"$H(y, p)$")
ax.axhline(floor, color="gray", linestyle=":", label=r"$H(y)$")
ax.axvline(0.7, color="C3", linewidth=0.8, label=r"$p = y$")
ax.set(xlabel="predicted probability $q$ of class 0", ylabel="nats")
ax.legend()
plt.show()

# %%
# Takeaways
# ---------
# - :math:`H(y, p) = H(y) + \operatorname{KL}(y \,\|\, p)`: training on
#   cross-entropy minimises the KL divergence to the target.
# - With one-hot targets :math:`H(y) = 0` and cross-entropy is
#   :math:`-\log p_{\text{true}}`; with soft targets the loss cannot go below
#   :math:`H(y)`.
#
# sphinx_gallery_thumbnail_number = 1
