r"""
LogSoftmax + NLLLoss = CrossEntropyLoss
=======================================

:class:`torch.nn.CrossEntropyLoss` is two steps fused into one:
:class:`torch.nn.LogSoftmax` turns logits into log-probabilities, and
:class:`torch.nn.NLLLoss` picks, for each image, minus the log-probability of
its true class,

.. math::

    \ell_n = -\log \operatorname{softmax}(z_n)_{y_n}
           = -z_{n, y_n} + \log \sum_c e^{z_{n,c}}.

This page checks the identity, shows why :class:`~torch.nn.NLLLoss` wants
class indices, and what goes wrong with a softmax (not log-softmax) before it,
or with a softmax before :class:`~torch.nn.CrossEntropyLoss`.
"""

# %%
# The identity
# ------------
import numpy as np
import torch

import clsloss

logits = torch.tensor(
    [[-1.9609, -0.2974, 0.1152], [0.5912, 1.7348, -2.4041]], dtype=torch.float64
)
labels = torch.tensor([0, 2])
log_p = clsloss.log_softmax(logits, axis=1)
two_steps = clsloss.nll_loss(log_p, labels, reduction="none")
fused = torch.nn.CrossEntropyLoss(reduction="none")(logits, labels)
modules = torch.nn.NLLLoss(reduction="none")(torch.nn.LogSoftmax(dim=1)(logits), labels)
print("log p:", log_p, sep="\n")
print("NLL of log-softmax:", two_steps)
print("CrossEntropyLoss:  ", fused)
torch.testing.assert_close(two_steps, fused)
torch.testing.assert_close(modules, fused)

# %%
# NLLLoss picks one entry per row
# -------------------------------
# :func:`clsloss.nll_loss` reads ``log_p[n, labels[n]]``: it needs the *index*
# of the true class. Given one-hot rows instead, both refuse, with the
# messages below; clsloss's also says what to pass instead.
one_hot = torch.nn.functional.one_hot(labels, 3)
for name, loss in [
    ("torch", torch.nn.functional.nll_loss),
    ("clsloss", clsloss.nll_loss),
]:
    try:
        loss(log_p, one_hot)
    except (RuntimeError, ValueError) as error:
        print(f"{name}: {type(error).__name__}: {error}")

# %%
# Softmax instead of log-softmax: a negative loss
# -----------------------------------------------
# :class:`~torch.nn.NLLLoss` does not take a logarithm; it trusts its input to
# be one. Fed probabilities, it returns the mean of :math:`-p_{y_n}`, a number
# in :math:`[-1, 0]`: the loss is negative, and its gradient is far too weak
# to train with.
p = torch.softmax(logits, dim=1)
wrong = torch.nn.NLLLoss()(p, labels)
print(
    f"NLLLoss(softmax) = {wrong.item():.4f}  vs  CrossEntropyLoss = {fused.mean().item():.4f}"
)
torch.testing.assert_close(wrong, -p[torch.arange(2), labels].mean())

# %%
# Softmax before CrossEntropyLoss: a floor under the loss
# -------------------------------------------------------
# :class:`~torch.nn.CrossEntropyLoss` applies its own log-softmax, so a softmax
# before it is applied twice. The inputs are then probabilities in
# :math:`[0, 1]`, and even a perfect prediction (probability 1 on the true
# class) keeps a loss of
#
# .. math::
#
#     -\log \frac{e^{1}}{e^{1} + (C - 1) e^{0}} = \log\left(1 + (C - 1)/e\right),
#
# which grows with the number of classes :math:`C` instead of going to 0.
import matplotlib.pyplot as plt

num_classes = np.arange(2, 1001)
floor = np.log1p((num_classes - 1) / np.e)
measured = []
for c in (2, 10, 100, 1000):
    perfect = torch.full((1, c), -1e4, dtype=torch.float64)
    perfect[0, 0] = 1e4  # softmax puts probability 1 on class 0
    double = torch.nn.CrossEntropyLoss()(
        torch.softmax(perfect, dim=1), torch.tensor([0])
    )
    measured.append(double.item())
    np.testing.assert_allclose(double.item(), np.log1p((c - 1) / np.e), rtol=1e-12)
print("floor at C = 2, 10, 100, 1000:", np.round(measured, 4))

fig, ax = plt.subplots(layout="constrained")
ax.plot(num_classes, floor, label=r"$\log(1 + (C-1)/e)$")
ax.scatter(
    [2, 10, 100, 1000],
    measured,
    color="C3",
    zorder=3,
    label="CrossEntropyLoss(softmax(z)), perfect z",
)
ax.set(xscale="log", xlabel="number of classes $C$", ylabel="smallest reachable loss")
ax.legend()
plt.show()

# %%
# Takeaways
# ---------
# - ``CrossEntropyLoss(z, y) == NLLLoss(LogSoftmax(z), y)``: give it raw logits.
# - :class:`~torch.nn.NLLLoss` wants log-probabilities and class indices.
# - A softmax before either loss is a bug: a negative loss, or a floor that
#   rises with the number of classes.
#
# sphinx_gallery_thumbnail_number = 1
