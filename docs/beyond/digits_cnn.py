"""The digits and the small CNN of the training guide, for the "beyond" guides.

The images are scikit-learn's bundled 8 x 8 digits scaled to [0, 1], split
with the seeded permutation of the training guide; the model and the
training loop are the guide's: two 3 x 3 convolutions with pooling and a
linear layer, trained with Adam on mini-batches of 100 from a fixed seed.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch
from sklearn.datasets import load_digits


def load_digit_splits(
    train_size: int = 1100, validation_size: int = 300
) -> dict[str, tuple[torch.Tensor, torch.Tensor]]:
    """Return images (N, 1, 8, 8) and labels (N,) for train, validation and test.

    The images have torch's default floating dtype, so that they match the
    parameters of a model built afterwards.

    The permutation is the training guide's (seed 0), so the test split, the
    images after the first ``train_size + validation_size``, is the guide's
    test set when those add up to 1400.
    """
    digits = load_digits()
    images = torch.tensor(digits.images / 16.0, dtype=torch.get_default_dtype())
    images = images.unsqueeze(1)
    labels = torch.tensor(digits.target)
    generator = torch.Generator().manual_seed(0)
    order = torch.randperm(len(labels), generator=generator)
    end_of_validation = train_size + validation_size
    parts = {
        "train": order[:train_size],
        "validation": order[train_size:end_of_validation],
        "test": order[end_of_validation:],
    }
    return {name: (images[part], labels[part]) for name, part in parts.items()}


def small_cnn() -> torch.nn.Sequential:
    """Two 3 x 3 convolutions with pooling, then a linear layer: 10 logits."""
    return torch.nn.Sequential(
        torch.nn.Conv2d(1, 16, 3, padding=1),
        torch.nn.ReLU(),
        torch.nn.MaxPool2d(2),  # 16 x 4 x 4
        torch.nn.Conv2d(16, 32, 3, padding=1),
        torch.nn.ReLU(),
        torch.nn.MaxPool2d(2),  # 32 x 2 x 2
        torch.nn.Flatten(),
        torch.nn.Linear(128, 10),
    )


def train_model(
    make_model: Callable[[], torch.nn.Module],
    loss_fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor],
    inputs: torch.Tensor,
    targets: torch.Tensor,
    epochs: int = 8,
    seed: int = 0,
) -> tuple[torch.nn.Module, np.ndarray]:
    """Train a fresh model; return it and its loss after every step."""
    torch.manual_seed(seed)
    model = make_model()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    generator = torch.Generator().manual_seed(seed)
    losses = []
    for _ in range(epochs):
        for batch in torch.randperm(len(inputs), generator=generator).split(100):
            optimizer.zero_grad()
            loss = loss_fn(model(inputs[batch]), targets[batch])
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
    return model, np.array(losses)
