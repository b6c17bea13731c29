r"""
Cross-entropy is maximum likelihood
===================================

Read as a model of how the labels came about, a classifier's probabilities
give the observed labels a probability, the :term:`likelihood` of the
parameters :math:`\theta`. With softmax probabilities and :term:`class index`
labels :math:`y_n`, minus its log divided by :math:`N` is the mean
:term:`cross-entropy` :math:`L` of
:ref:`sphx_glr_auto_examples_plot_04_cross_entropy.py`:

.. math::

    P(y_1, \dots, y_N \mid x_1, \dots, x_N; \theta) = \prod_{n=1}^{N} p_{n, y_n},
    \qquad
    -\frac{1}{N} \sum_{n=1}^{N} \log p_{n, y_n} = L.

So maximising the likelihood and minimising the loss are the same job. This
page checks that, and its binary and :term:`multi-label` versions, and then
fits a logistic regression by minimising the :term:`negative log-likelihood`.
"""

# %%
# The categorical likelihood of the running example
# -------------------------------------------------
# Multiply the probabilities of the true classes; minus the log of the product
# (the NLL) divided by :math:`N` is what :func:`clsloss.cross_entropy` and
# :func:`torch.nn.functional.cross_entropy` return.
import numpy as np
import torch
import torch.nn.functional as F

import clsloss

# sphinx_gallery_thumbnail_number = 2
logits = np.array([[-1.9609, -0.2974, 0.1152], [0.5912, 1.7348, -2.4041]])
labels = np.array([0, 2])
p = clsloss.softmax(logits, axis=1)
p_true = p[np.arange(len(labels)), labels]
likelihood = np.prod(p_true)
mean_nll = -np.log(likelihood) / len(labels)
torch_loss = F.cross_entropy(torch.from_numpy(logits), torch.from_numpy(labels))
print(f"p of the true classes: {p_true.round(4)}, likelihood: {likelihood:.6f}")
print(f"-log(likelihood) / N: {mean_nll:.6f}, torch: {torch_loss.item():.6f}")
np.testing.assert_allclose(mean_nll, torch_loss.item(), rtol=1e-12)
np.testing.assert_allclose(mean_nll, clsloss.cross_entropy(logits, labels), rtol=1e-12)

# %%
# The log is not only convenient: a running product of 1000 probabilities of
# 0.4 rounds to 0 in double precision, while the sum of their logs is finite.
running, log_sum = np.cumprod(np.full(1000, 0.4)), 1000 * np.log(0.4)
print(f"product 0 after {np.argmax(running == 0) + 1} images, log-sum {log_sum:.1f}")
assert running[-1] == 0.0
assert np.isfinite(log_sum)

# %%
# If each of :math:`N` images gives its true class the probability
# :math:`p_t`, the likelihood :math:`p_t^N` goes to 0 as :math:`N` grows,
# whenever :math:`p_t < 1`; the mean NLL :math:`-\log p_t` does not depend on
# :math:`N`. Both are best at :math:`p_t = 1`. A probability and a loss in
# :term:`nats` get one panel each; the dots are the running example.
import matplotlib.pyplot as plt

grid = np.linspace(1e-3, 1, 400)
fig, axes = plt.subplots(1, 2, figsize=(8, 3.2), layout="constrained")
sizes = [1, 3, 10]
for n_images in sizes:
    axes[0].plot(grid, grid**n_images, label=f"$N = {n_images}$")
    np.testing.assert_allclose(-np.log(grid**n_images) / n_images, -np.log(grid))
axes[1].plot(grid, -np.log(grid), label=r"$-\log p_t$, any $N$")
axes[1].scatter(p_true, -np.log(p_true), color="C3", zorder=3, label="running example")
axes[0].set(ylabel=r"likelihood $p_t^N$", title="likelihood of $N$ labels")
axes[1].set(ylabel="mean NLL (nats)", title="mean negative log-likelihood")
for ax in axes:
    ax.set_xlabel(r"probability of the true class $p_t$")
    ax.legend()
fig.set_label(
    f"Two panels against the probability of the true class p_t, from {grid[0]:g} "
    f"to {grid[-1]:g}. Left: the likelihood p_t to the power N for N = {sizes[0]}, "
    f"{sizes[1]} and {sizes[2]}; the larger N, the longer it stays near 0 as p_t "
    "grows. Right: the mean negative log-likelihood -log p_t in nats, one "
    "curve for every N, falling to 0 at p_t = 1, with the running example's two "
    f"images as dots at p_t = {p_true[0]:.3f} and {p_true[1]:.3f}."
)
plt.show()

# %%
# Binary labels: the Bernoulli likelihood
# ---------------------------------------
# With one :term:`logit` per sample and :math:`p = \sigma(z)`, a label
# :math:`y \in \{0, 1\}` has probability :math:`p^{y} (1 - p)^{1 - y}`. Minus
# its log is the binary cross-entropy of
# :ref:`sphx_glr_auto_examples_plot_06_bce_with_logits.py`.
z, y = np.array([2.0, -0.5, 0.3, -3.0]), np.array([1.0, 0.0, 0.0, 1.0])
p_binary = clsloss.sigmoid(z)
bernoulli = p_binary**y * (1 - p_binary) ** (1 - y)
torch_bce = F.binary_cross_entropy_with_logits(
    torch.from_numpy(z), torch.from_numpy(y), reduction="none"
)
print("-log p^y (1-p)^(1-y):", -np.log(bernoulli), "\ntorch:", torch_bce.numpy())
np.testing.assert_allclose(-np.log(bernoulli), torch_bce.numpy(), rtol=1e-12)

# %%
# Multi-label: one Bernoulli per class
# ------------------------------------
# :func:`clsloss.binary_cross_entropy_with_logits` gives each class its own
# sigmoid, which models the classes as independent given the image: a
# :term:`multi-hot` label has probability
# :math:`\prod_c p_c^{y_c} (1 - p_c)^{1 - y_c}`, minus its log is the sum of
# the per-class BCE terms, and the total over all :math:`2^C` labels is 1.
p_image, y_image = clsloss.sigmoid(logits[0]), np.array([1.0, 1.0, 0.0])
vectors = np.array(list(np.ndindex(2, 2, 2)), dtype=float)  # all 2**C labels
joint = np.prod(p_image**vectors * (1 - p_image) ** (1 - vectors), axis=1)
observed = joint[np.all(vectors == y_image, axis=1)].item()
bce_sum = F.binary_cross_entropy_with_logits(
    torch.from_numpy(logits[0]), torch.from_numpy(y_image), reduction="sum"
).item()
print(f"joint {observed:.6f}, exp(-sum of BCE) {np.exp(-bce_sum):.6f}")
print(f"total over the {len(vectors)} label vectors: {joint.sum()}")
np.testing.assert_allclose(observed, np.exp(-bce_sum), rtol=1e-12)
np.testing.assert_allclose(joint.sum(), 1.0, rtol=1e-12)

# %%
# What a logit is
# ---------------
# For the sigmoid, a logit is the :term:`log-odds` :math:`\log \frac{p}{1 - p}`.
# For the softmax it is an unnormalised log-probability,
# :math:`\log p_c = z_c - \log \sum_k e^{z_k}`, defined up to a shift: adding
# one number to every logit of a row changes no probability. Differences are
# fixed: they are log-odds between classes, :math:`\log (p_c / p_k) = z_c - z_k`.
log_odds = np.log(p_binary / (1 - p_binary))
shifted = clsloss.softmax(logits + np.array([[5.0], [-7.0]]), axis=1)
print("log(p / (1 - p)):", log_odds, " z:", z)
print("largest change of p after the shifts:", np.abs(shifted - p).max())
np.testing.assert_allclose(log_odds, z, rtol=1e-12)
np.testing.assert_allclose(shifted, p, rtol=1e-12)
np.testing.assert_allclose(np.log(p[:, 0] / p[:, 1]), logits[:, 0] - logits[:, 1])

# %%
# Logistic regression is BCE, minimised
# -------------------------------------
# Logistic regression on one number :math:`x_n` per sample models
# :math:`p_n = \sigma(w x_n + b)`, :math:`\theta = (w, b)`. Fitted by maximum
# likelihood, its loss is the mean BCE with logits :math:`z_n = w x_n + b`.
# PyTorch minimises that loss on a small dataset (hours of study, pass or
# fail); scikit-learn's ``LogisticRegression``, with its default L2 penalty
# switched off (``C=np.inf``), fits the same data.
from sklearn.linear_model import LogisticRegression

hours = np.array([0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 1.75, 2.0, 2.25, 2.5,
                  2.75, 3.0, 3.25, 3.5, 4.0, 4.25, 4.5, 4.75, 5.0, 5.5])  # fmt: skip
passed = np.array([0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1.0])
x_t, y_t = torch.from_numpy(hours), torch.from_numpy(passed)
theta = torch.zeros(2, dtype=torch.float64, requires_grad=True)
optimiser = torch.optim.LBFGS([theta], line_search_fn="strong_wolfe")


def closure():
    optimiser.zero_grad()
    loss = F.binary_cross_entropy_with_logits(theta[0] * x_t + theta[1], y_t)
    loss.backward()
    return loss


optimiser.step(closure)
best, (w, b) = closure().item(), theta.detach().numpy()
model = LogisticRegression(C=np.inf, tol=1e-12, max_iter=1000)
w_sk, b_sk = model.fit(hours[:, None], passed).coef_[0, 0], model.intercept_[0]
print(f"minimised NLL: w = {w:.5f}, b = {b:.5f}, mean NLL = {best:.5f}")
print(f"scikit-learn:  w = {w_sk:.5f}, b = {b_sk:.5f}")
np.testing.assert_allclose([w, b], [w_sk, b_sk], rtol=1e-4)

# %%
# The mean NLL over a grid of :math:`(w, b)`: both fits sit at the bottom of
# its valley, and no grid point has a lower NLL than the fitted parameters.
ws, bs = np.meshgrid(np.linspace(0, 3.5, 141), np.linspace(-8, 0, 161))
zs = ws[..., None] * hours + bs[..., None]
nll = clsloss.binary_cross_entropy_with_logits(
    zs, np.broadcast_to(passed, zs.shape), reduction="none"
).mean(axis=-1)
assert nll.min() >= best - 1e-12
fig, axes = plt.subplots(1, 2, figsize=(8, 3.6), layout="constrained")
levels = np.round(nll.min() + np.geomspace(0.01, 2.5, 12), 2)  # denser near the minimum
contours = axes[0].contourf(ws, bs, nll, levels, extend="both")
fig.colorbar(contours, ax=axes[0], label="mean NLL (nats)")
axes[0].plot(w, b, "w*", markersize=14, label="minimised NLL")
axes[0].plot(w_sk, b_sk, "r+", markersize=12, label="scikit-learn")
axes[0].set(xlabel="$w$", ylabel="$b$", title="NLL surface")
axes[0].legend(loc="lower left")
axes[1].scatter(hours, passed, color="C3", label="labels $y_n$")
x_grid = np.linspace(0, 6, 200)
axes[1].plot(x_grid, clsloss.sigmoid(w * x_grid + b), label=r"$\sigma(w x + b)$")
axes[1].set(xlabel="hours of study $x$", ylabel="probability of passing",
            title="fitted model")  # fmt: skip
axes[1].legend()
fig.set_label(
    "Left: filled contours of the mean NLL in nats over the slope w and the "
    "intercept b, a long diagonal valley; a white star (minimised NLL) and a red "
    f"plus (scikit-learn) coincide at its bottom, w = {w:.3f}, b = {b:.3f}. Right: "
    f"the {len(hours)} pass or fail labels against hours of study as dots and the "
    "fitted sigmoid(w x + b), which rises from near 0 to near 1 and crosses 0.5 "
    f"at {-b / w:.2f} hours."
)
plt.show()

# %%
# Takeaways
# ---------
# - The mean cross-entropy is minus the log of the likelihood of the labels,
#   divided by :math:`N`; minimising one maximises the other.
# - Binary cross-entropy is the Bernoulli negative log-likelihood; summed over
#   classes it is the multi-label negative log-likelihood, under the
#   assumption that the labels are independent given the image.
# - A sigmoid logit is a log-odds; softmax logits are log-probabilities up to
#   a shift per row, and their differences are log-odds between classes.
# - Logistic regression is BCE with logits of a linear model, minimised.
