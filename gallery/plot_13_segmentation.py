r"""
Segmentation: one cross-entropy per pixel
=========================================

Semantic segmentation labels every pixel. The model outputs
:term:`logits <logit>` of shape :math:`(N, C, H, W)`, one score per class at
each pixel, and the target holds one :term:`class index` per pixel, shape
:math:`(N, H, W)`. Cross-entropy is the per-pixel loss of the earlier pages,

.. math::

    \ell_{n,h,w} = -\log \operatorname{softmax}(z_{n,:,h,w})_{y_{n,h,w}},

and ``reduction="mean"`` averages it over the pixels whose target is not the
:term:`ignore index`. Some datasets mark pixels they do not label, such as a
thin band along object borders in the PASCAL VOC masks, with the value 255;
passing ``ignore_index=255`` leaves them out.
"""

# %%
# A tiny labelled image
# ---------------------
# A 16 x 16 image with background (class 0), a square (class 1) and a disc
# (class 2). Every pixel with a left, right, upper or lower neighbour of
# another class is marked 255, which gives a band two pixels wide along each
# boundary between classes.
import numpy as np
import torch

import clsloss

# sphinx_gallery_thumbnail_number = 1
size = 16
rows, cols = np.mgrid[:size, :size]
square = (rows >= 2) & (rows < 8) & (cols >= 2) & (cols < 8)
disc = (rows - 10.5) ** 2 + (cols - 10.5) ** 2 <= 20
labels = np.zeros((size, size), dtype=np.int64)
labels[square] = 1
labels[disc] = 2
NEIGHBOURS = ((-1, 0), (1, 0), (0, -1), (0, 1))


def shifted(image: np.ndarray, dr: int, dc: int) -> np.ndarray:
    """The neighbour at offset (dr, dc) of every pixel (edges repeated)."""
    padded = np.pad(image, 1, mode="edge")
    return padded[1 + dr : 1 + dr + size, 1 + dc : 1 + dc + size]


on_boundary = np.zeros((size, size), dtype=bool)
for dr, dc in NEIGHBOURS:
    on_boundary |= shifted(labels, dr, dc) != labels
target = np.where(on_boundary, 255, labels)[None]  # shape (N, H, W)
counted = target != 255
print(
    f"target shape: {target.shape}, pixels marked 255: {int((~counted).sum())}, "
    f"counted: {int(counted.sum())}"
)

# %%
# A model's logits
# ----------------
# Stand-in logits of shape :math:`(N, C, H, W)`: the logit of class :math:`c` at a
# pixel is 4 times the fraction of class-:math:`c` pixels in the 5 x 5 window
# around it (a box blur of the class's mask), plus Gaussian noise of standard
# deviation 0.5. Far from a boundary the true class wins clearly; near one the
# logits of two classes are close, and the noise can tip them.
one_hot = np.stack([labels == c for c in range(3)]).astype(float)
radius = 2
padded = np.pad(one_hot, ((0, 0), (radius, radius), (radius, radius)), mode="edge")
window = range(2 * radius + 1)
blurred = np.mean(
    [padded[:, i : i + size, j : j + size] for i in window for j in window], axis=0
)
rng = np.random.default_rng(0)
logits = (4.0 * blurred + rng.normal(0, 0.5, (3, size, size)))[None]

loss_map = clsloss.cross_entropy(logits, target, ignore_index=255, reduction="none")
loss = clsloss.cross_entropy(logits, target, ignore_index=255)
reference = torch.nn.functional.cross_entropy(
    torch.from_numpy(logits), torch.from_numpy(target), ignore_index=255
).item()
print(f"mean over the counted pixels: {loss:.6f} (torch {reference:.6f})")
print(f"mean over all pixels, ignored ones as 0: {loss_map.mean():.6f}")
np.testing.assert_allclose(loss, reference, rtol=1e-12)
np.testing.assert_allclose(loss, loss_map[counted].mean(), rtol=1e-12)
assert np.all(loss_map[~counted] == 0.0)

# %%
# Counted pixels next to an ignored band sit closer to a boundary than the
# others, and their loss is higher on average:
next_to_band = np.zeros((size, size), dtype=bool)
for dr, dc in NEIGHBOURS:
    next_to_band |= shifted(on_boundary, dr, dc)
near = next_to_band & counted[0]
far = ~next_to_band & counted[0]
print(
    f"mean loss next to the band: {loss_map[0][near].mean():.4f}, "
    f"elsewhere: {loss_map[0][far].mean():.4f}"
)
assert loss_map[0][near].mean() > loss_map[0][far].mean()

# %%
# Labels, probabilities and the per-pixel loss
# --------------------------------------------
# Ignored pixels (white) add 0 to the sum and are left out of the mean's
# denominator; among the counted pixels, the loss is highest next to the
# ignored band, where the blurred logits of two classes meet.
import matplotlib.pyplot as plt
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch

probabilities = clsloss.softmax(logits, axis=1)[0]
class_colors = ["C7", "C0", "C1"]
class_names = ["background", "square", "disc"]
fig, grid = plt.subplots(2, 2, figsize=(7.2, 6.4), layout="constrained")
axes = [grid[0, 0], grid[1, 0], grid[1, 1], grid[0, 1]]
axes[0].imshow(
    np.ma.masked_equal(target[0], 255),
    cmap=ListedColormap(class_colors),
    vmin=0,
    vmax=2,
)
axes[0].set_title("target")
axes[0].legend(
    handles=[
        Patch(color=color, label=f"{c}: {name}")
        for c, (color, name) in enumerate(zip(class_colors, class_names, strict=True))
    ]
    + [Patch(facecolor="white", edgecolor="black", label="255: ignored")],
    loc="upper left",
    bbox_to_anchor=(0, -0.02),
    ncols=2,
)
axes[1].imshow(probabilities[1], cmap="Blues", vmin=0, vmax=1)
axes[1].set_title(r"$p_{\mathrm{square}}$")
shown = axes[2].imshow(probabilities[2], cmap="Blues", vmin=0, vmax=1)
axes[2].set_title(r"$p_{\mathrm{disc}}$")
fig.colorbar(shown, ax=axes[1:3], shrink=0.8, label="probability")
image = axes[3].imshow(np.ma.masked_array(loss_map[0], ~counted[0]), cmap="magma_r")
axes[3].set_title(r"per-pixel loss (white: ignored)")
fig.colorbar(image, ax=axes[3], shrink=0.8, label=r"$\ell_{n,h,w}$ (nats)")
for ax in axes:
    ax.set(xticks=[], yticks=[])
fig.set_label(
    f"Four maps of the {size} by {size} image. Target: background, a square (top "
    "left) and a disc (bottom right), with white bands of ignored pixels (255; "
    f"{int((~counted).sum())} of {size * size}) along the class boundaries. "
    "Predicted probabilities of square and disc: high inside each shape, fading "
    "across its border. Per-pixel loss, ignored pixels white: mean "
    f"{loss_map[0][near].mean():.3f} nats next to the band, "
    f"{loss_map[0][far].mean():.3f} elsewhere."
)
plt.show()

# %%
# Shapes that go wrong
# --------------------
# A target with a channel axis, :math:`(N, 1, H, W)`, as image libraries often
# load masks, does not match; nor does a mask with 255 left in it but no
# ``ignore_index``. Both libraries refuse both:
attempts = {"channel axis": target[:, None], "255 not ignored": target}
for name, loss_function, errors in [
    ("torch", torch.nn.functional.cross_entropy, (RuntimeError, IndexError)),
    ("clsloss", clsloss.cross_entropy, (ValueError,)),
]:
    for problem, wrong in attempts.items():
        inputs = (
            (torch.from_numpy(logits), torch.from_numpy(wrong))
            if name == "torch"
            else (logits, wrong)
        )
        try:
            loss_function(*inputs)
        except errors as error:
            print(f"{name}, {problem}: {type(error).__name__}: {error}".splitlines()[0])
        else:
            message = f"{name} accepted a target with a {problem}"
            raise AssertionError(message)

# %%
# Takeaways
# ---------
# - Segmentation is classification per pixel: logits :math:`(N, C, H, W)`,
#   class indices :math:`(N, H, W)`, no channel axis on the target.
# - Mark unlabelled pixels with a value such as 255 and pass it as
#   ``ignore_index``; the mean then runs over the labelled pixels only.
