"""Imbalanced digits and a small training loop, for the class-imbalance guide.

The images are scikit-learn's bundled 8 x 8 digits, flattened to 64 pixel
values in [0, 1]. A seeded permutation sets aside the same number of test
images of every class, so the test set is balanced; the training set keeps
only a fraction of one class's remaining images. The loop is the one of the
training guide (Adam, learning rate 0.01, mini-batches of 100, a fixed seed),
with an optional sampler that chooses the images of each epoch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import torch
from sklearn.datasets import load_digits


def imbalanced_digits(
    rare_class: int = 3,
    rare_fraction: float = 0.05,
    test_per_class: int = 50,
    seed: int = 0,
) -> dict[str, tuple[torch.Tensor, torch.Tensor]]:
    """Return pixels (N, 64) and labels (N,) for "train", "full train" and "test".

    "test" holds the first ``test_per_class`` images of every class in a
    seeded permutation. "full train" holds all the others; "train" is the
    same images with only the first ``rare_fraction`` (rounded) of those of
    ``rare_class``. The pixels have torch's default floating dtype.
    """
    digits = load_digits()
    pixels = torch.tensor(digits.data / 16.0, dtype=torch.get_default_dtype())
    labels = torch.tensor(digits.target)
    generator = torch.Generator().manual_seed(seed)
    order = torch.randperm(len(labels), generator=generator)
    by_class = [order[labels[order] == c] for c in range(10)]
    test = torch.cat([images[:test_per_class] for images in by_class])
    rest = [images[test_per_class:] for images in by_class]
    full_train = torch.cat(rest)
    rest[rare_class] = rest[rare_class][: round(rare_fraction * len(rest[rare_class]))]
    train = torch.cat(rest)
    # Shuffle once, so that no split is sorted by class.
    full_train = full_train[torch.randperm(len(full_train), generator=generator)]
    train = train[torch.randperm(len(train), generator=generator)]
    parts = {"train": train, "full train": full_train, "test": test}
    return {name: (pixels[part], labels[part]) for name, part in parts.items()}


def train_linear(
    loss_fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor],
    inputs: torch.Tensor,
    targets: torch.Tensor,
    *,
    outputs: int = 10,
    epochs: int = 30,
    sampler: Iterable[int] | None = None,
    seed: int = 0,
) -> torch.nn.Linear:
    """Train a fresh linear model z = W x + b on the pixels and return it.

    Every call with the same seed starts from the same weights and, without
    a sampler, visits the same mini-batches in the same order. A sampler
    replaces the shuffle: each epoch takes the indices it yields.
    """
    torch.manual_seed(seed)
    model = torch.nn.Linear(inputs.shape[1], outputs)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    generator = torch.Generator().manual_seed(seed)
    for _ in range(epochs):
        if sampler is None:
            order = torch.randperm(len(inputs), generator=generator)
        else:
            order = torch.tensor(list(sampler))
        for batch in order.split(100):
            optimizer.zero_grad()
            loss = loss_fn(model(inputs[batch]), targets[batch])
            loss.backward()
            optimizer.step()
    return model
