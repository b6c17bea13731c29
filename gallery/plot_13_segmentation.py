r"""
Segmentation: one cross-entropy per pixel
=========================================

Semantic segmentation labels every pixel. The model outputs logits of shape
:math:`(N, C, H, W)`, one score per class at each pixel, and the target holds
one class index per pixel, shape :math:`(N, H, W)`. Cross-entropy is the
per-pixel loss of the earlier pages,

.. math::

    \ell_{n,h,w} = -\log \operatorname{softmax}(z_{n,:,h,w})_{y_{n,h,w}},

averaged over the pixels that are not ignored. Annotation tools often mark
uncertain pixels, such as object borders, with 255: passing
``ignore_index=255`` leaves them out.
"""

# %%
# A tiny labelled image
# ---------------------
# A 12 x 12 image with background (class 0), a square (class 1) and a disc
# (class 2); the pixels on each object's border are marked 255.
import numpy as np
import torch

import clsloss

size = 12
rows, cols = np.mgrid[:size, :size]
square = (rows >= 2) & (rows < 6) & (cols >= 2) & (cols < 6)
disc = (rows - 7.5) ** 2 + (cols - 7.5) ** 2 <= 9
labels = np.zeros((size, size), dtype=np.int64)
labels[square] = 1
labels[disc] = 2
interior = np.zeros_like(labels, dtype=bool)
interior[1:-1, 1:-1] = (
    (labels[1:-1, 1:-1] == labels[:-2, 1:-1])
    & (labels[1:-1, 1:-1] == labels[2:, 1:-1])
    & (labels[1:-1, 1:-1] == labels[1:-1, :-2])
    & (labels[1:-1, 1:-1] == labels[1:-1, 2:])
)
interior[[0, -1], :] = True
interior[:, [0, -1]] = True
target = np.where(interior, labels, 255)[None]  # shape (N, H, W) = (1, 12, 12)
print("target shape:", target.shape, " border pixels:", int((target == 255).sum()))

# %%
# A model's logits
# ----------------
# Stand-in logits of shape (1, 3, 12, 12): each class's score is high on its
# region, blurred at the edges, plus noise, so that some pixels are wrong.
rng = np.random.default_rng(0)
logits = np.stack([3.0 * (labels == c) for c in range(3)])[None] + rng.normal(
    0, 1.2, (1, 3, size, size)
)
loss_map = clsloss.cross_entropy(logits, target, ignore_index=255, reduction="none")
loss = clsloss.cross_entropy(logits, target, ignore_index=255)
reference = torch.nn.functional.cross_entropy(
    torch.from_numpy(logits), torch.from_numpy(target), ignore_index=255
).item()
print(f"mean over the counted pixels: {loss:.6f} (torch {reference:.6f})")
np.testing.assert_allclose(loss, reference, rtol=1e-12)
np.testing.assert_allclose(loss, loss_map[target != 255].mean(), rtol=1e-12)

# %%
# Labels, probabilities and the per-pixel loss
# --------------------------------------------
# Ignored pixels (white) cost exactly 0 and are left out of the mean's
# denominator; the loss concentrates where the noisy logits favour a wrong class.
import matplotlib.pyplot as plt

probabilities = clsloss.softmax(logits, axis=1)[0]
fig, axes = plt.subplots(1, 4, figsize=(11, 3), layout="constrained")
shown = np.ma.masked_equal(target[0], 255)
axes[0].imshow(shown, cmap="viridis", vmin=0, vmax=2)
axes[0].set_title("target (white: 255)")
axes[1].imshow(probabilities[1], cmap="Blues", vmin=0, vmax=1)
axes[1].set_title("$p$(square)")
axes[2].imshow(probabilities[2], cmap="Oranges", vmin=0, vmax=1)
axes[2].set_title("$p$(disc)")
image = axes[3].imshow(
    np.ma.masked_where(target[0] == 255, loss_map[0]), cmap="magma_r"
)
axes[3].set_title("per-pixel loss")
fig.colorbar(image, ax=axes[3], shrink=0.8, label="loss")
for ax in axes:
    ax.set(xticks=[], yticks=[])
plt.show()

# %%
# Shapes that go wrong
# --------------------
# A target with a channel axis, :math:`(N, 1, H, W)`, as image libraries often
# load masks, does not match; nor does a mask with 255 left in it but no
# ``ignore_index``. Both libraries refuse:
for name, loss_function, errors in [
    ("torch", torch.nn.functional.cross_entropy, (RuntimeError, IndexError)),
    ("clsloss", clsloss.cross_entropy, (ValueError,)),
]:
    for wrong, kwargs in [(target[:, None], {}), (target, {})]:
        try:
            inputs = (
                (torch.from_numpy(logits), torch.from_numpy(wrong))
                if name == "torch"
                else (logits, wrong)
            )
            loss_function(*inputs, **kwargs)
        except errors as error:
            print(f"{name}: {type(error).__name__}: {str(error).splitlines()[0]}")

# %%
# Takeaways
# ---------
# - Segmentation is classification per pixel: logits :math:`(N, C, H, W)`,
#   class indices :math:`(N, H, W)`, no channel axis on the target.
# - Mark unlabelled pixels with a value such as 255 and pass it as
#   ``ignore_index``; the mean then runs over the labelled pixels only.
#
# sphinx_gallery_thumbnail_number = 1
