"""A multi-label image set built from scikit-learn's bundled digits.

Each picture holds two or three 8 x 8 digit images, drawn at random without
replacement and put in distinct slots of an 8 x 24 canvas (one slot stays
empty when there are two). Its label is the set of digits it contains, as a
multi-hot vector: two images of the same digit give a single 1.
"""

from __future__ import annotations

import numpy as np
from sklearn.datasets import load_digits


def make_multilabel_digits(
    num_images: int, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Return pictures and their labels.

    The pictures have shape (num_images, 8, 24) and pixel values in [0, 1]
    (the digits' 0 to 16 divided by 16); the labels are multi-hot rows of
    shape (num_images, 10), float64 like the pictures.
    """
    digits = load_digits()
    rng = np.random.default_rng(seed)
    images = np.zeros((num_images, 8, 24))
    labels = np.zeros((num_images, 10))
    for n in range(num_images):
        count = rng.integers(2, 4)  # two or three digits
        picks = rng.choice(len(digits.images), size=count, replace=False)
        slots = rng.choice(3, size=count, replace=False)
        for pick, slot in zip(picks, slots, strict=True):
            images[n, :, 8 * slot : 8 * slot + 8] = digits.images[pick]
            labels[n, digits.target[pick]] = 1.0
    return images / 16.0, labels
