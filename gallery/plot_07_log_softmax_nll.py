r"""
LogSoftmax + NLLLoss = CrossEntropyLoss
=======================================

:class:`torch.nn.CrossEntropyLoss` is two steps in one:
:class:`torch.nn.LogSoftmax` turns :term:`logits <logit>` into
log-probabilities, and :class:`torch.nn.NLLLoss` (the
:term:`negative log-likelihood`) picks, for each image, minus the
log-probability of its true class,

.. math::

    \ell_n = -\log \operatorname{softmax}(z_n)_{y_n}
           = -z_{n, y_n} + \log \sum_{c=0}^{C-1} e^{z_{n,c}}.

This page checks the identity, shows why :class:`~torch.nn.NLLLoss` wants
:term:`class indices <class index>`, and what goes wrong with a softmax (not
log-softmax) before it, or with a softmax before
:class:`~torch.nn.CrossEntropyLoss`.
"""

# %%
# The identity
# ------------
# On the running example, :func:`clsloss.nll_loss` of
# :func:`clsloss.log_softmax`, PyTorch's two modules, and the fused loss agree:
import numpy as np
import torch

import clsloss

# sphinx_gallery_thumbnail_number = 1
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
messages = {}
for name, loss in [
    ("torch", torch.nn.functional.nll_loss),
    ("clsloss", clsloss.nll_loss),
]:
    try:
        loss(log_p, one_hot)
    except (RuntimeError, ValueError) as error:
        messages[name] = f"{type(error).__name__}: {error}"
        print(f"{name}: {messages[name]}")
assert messages["torch"].startswith("RuntimeError")
assert "Pass class indices" in messages["clsloss"]

# %%
# Softmax instead of log-softmax: a negative loss
# -----------------------------------------------
# :class:`~torch.nn.NLLLoss` does not take a logarithm; it trusts its input to
# be one. Fed probabilities, it returns the mean of :math:`-p_{n, y_n}`, a
# number in :math:`[-1, 0]`, here negative:
p = torch.softmax(logits, dim=1)
wrong = torch.nn.NLLLoss()(p, labels)
print(
    f"NLLLoss(softmax) = {wrong.item():.4f}  vs  CrossEntropyLoss = {fused.mean().item():.4f}"
)
torch.testing.assert_close(wrong, -p[torch.arange(2), labels].mean())
assert wrong < 0

# %%
# Its gradient with respect to the logits is the cross-entropy gradient
# :math:`p_n - y_n` multiplied by :math:`p_{n, y_n}`, since
# :math:`\partial (-p_{y}) / \partial z = p_{y}\, (p - y)`. The factor is
# smallest for the images the model gets most wrong: the two images of the
# running example receive only the fraction :math:`p_{n, y_n}` (printed) of
# the cross-entropy gradient.
z = logits.clone().requires_grad_()
(grad_wrong,) = torch.autograd.grad(
    torch.nn.NLLLoss()(torch.softmax(z, dim=1), labels), z
)
(grad_right,) = torch.autograd.grad(torch.nn.CrossEntropyLoss()(z, labels), z)
p_true = p[torch.arange(2), labels]
print("p_{n, y_n}:", p_true)
print("gradient ratio per image:", (grad_wrong / grad_right).mean(dim=1))
torch.testing.assert_close(grad_wrong, p_true[:, None] * grad_right)

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
# which grows with the number of classes :math:`C` instead of going to 0. No
# other probability row :math:`q` does better: the loss is
# :math:`-q_{y} + \log \sum_c e^{q_c}`, and moving probability from any
# class to the true class lowers it. As a check, the softmax rows of 100 000
# random logits for :math:`C = 10` all stay above the floor.
import matplotlib.pyplot as plt

num_classes = np.arange(2, 1001)
floor = np.log1p((num_classes - 1) / np.e)
measured = []
class_counts = (2, 10, 100, 1000)
for c in class_counts:
    perfect = torch.full((1, c), -1e4, dtype=torch.float64)
    perfect[0, 0] = 1e4  # softmax puts probability 1 on class 0
    double = torch.nn.CrossEntropyLoss()(
        torch.softmax(perfect, dim=1), torch.tensor([0])
    )
    measured.append(double.item())
    np.testing.assert_allclose(double.item(), np.log1p((c - 1) / np.e), rtol=1e-12)
print("floor at C = 2, 10, 100, 1000:", np.round(measured, 4))
generator = torch.Generator().manual_seed(0)
random_logits = 5 * torch.randn(100_000, 10, dtype=torch.float64, generator=generator)
random_loss = torch.nn.CrossEntropyLoss(reduction="none")(
    torch.softmax(random_logits, dim=1), torch.zeros(100_000, dtype=torch.long)
)
print(f"C = 10, lowest of 100 000 random rows: {random_loss.min().item():.4f}")
assert random_loss.min().item() >= np.log1p(9 / np.e)

fig, ax = plt.subplots(layout="constrained")
ax.plot(num_classes, floor, label=r"$\log(1 + (C-1)/e)$")
ax.scatter(
    class_counts,
    measured,
    color="C3",
    zorder=3,
    label="CrossEntropyLoss(softmax(z)), perfect z",
)
ax.set(
    xscale="log",
    xlabel="number of classes $C$",
    ylabel=r"smallest reachable loss $\ell$ (nats)",
)
ax.legend()
fig.set_label(
    "Smallest reachable loss, in nats, of CrossEntropyLoss after a softmax, against"
    f" the number of classes C from {num_classes[0]} to {num_classes[-1]} on a"
    f" logarithmic axis. The curve log(1 + (C - 1)/e) rises from {floor[0]:.3f} to"
    f" {floor[-1]:.3f}, and red dots, the loss of a perfect prediction measured at"
    f" C = {', '.join(map(str, class_counts))}, lie on it: the floor grows with C"
    " instead of going to 0."
)
plt.show()

# %%
# Takeaways
# ---------
# - ``CrossEntropyLoss(z, y) == NLLLoss(LogSoftmax(z), y)``: give it raw logits.
# - :class:`~torch.nn.NLLLoss` wants log-probabilities and class indices.
# - A softmax before either loss is a bug: a negative loss whose gradient
#   fades for the worst predictions, or a floor that rises with the number
#   of classes.
