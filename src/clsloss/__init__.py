"""clsloss: classification losses, written once for NumPy and PyTorch.

Every function takes NumPy arrays or torch tensors (any library that speaks
the Array API) and returns the same kind. Each matches
:mod:`torch.nn.functional` to machine precision, stays finite where the
textbook formulas overflow, and raises a clear error on bad input.
"""

from clsloss.activations import (
    SoftmaxSteps,
    log_sigmoid,
    log_softmax,
    logsumexp,
    sigmoid,
    softmax,
    softmax_steps,
)
from clsloss.divergences import kl_div
from clsloss.focal import focal_loss, sigmoid_focal_loss
from clsloss.gradients import binary_cross_entropy_with_logits_grad, cross_entropy_grad
from clsloss.labels import one_hot, smooth_labels
from clsloss.losses import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cross_entropy,
    nll_loss,
)
from clsloss.margins import (
    multi_margin_loss,
    multilabel_margin_loss,
    multilabel_soft_margin_loss,
    soft_margin_loss,
)

__version__ = "0.1.0"

__all__ = [
    "SoftmaxSteps",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "binary_cross_entropy_with_logits_grad",
    "cross_entropy",
    "cross_entropy_grad",
    "focal_loss",
    "kl_div",
    "log_sigmoid",
    "log_softmax",
    "logsumexp",
    "multi_margin_loss",
    "multilabel_margin_loss",
    "multilabel_soft_margin_loss",
    "nll_loss",
    "one_hot",
    "sigmoid",
    "sigmoid_focal_loss",
    "smooth_labels",
    "soft_margin_loss",
    "softmax",
    "softmax_steps",
]
