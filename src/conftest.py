"""Doctest settings: scipy-doctest compares printed numbers, NumPy and torch alike."""

import numpy as np
import torch
from scipy_doctest.conftest import dt_config


def _tensor_repr(data: object, **_: object) -> np.ndarray:
    """Read ``tensor([...], dtype=...)`` as printed by torch, for numeric comparison."""
    return np.asarray(data)


# Printed torch values are compared to 4 significant digits (torch prints 4);
# NumPy values to 8 (NumPy prints 8).
dt_config.check_namespace["tensor"] = _tensor_repr
dt_config.check_namespace["torch"] = torch
dt_config.rtol = 1e-4
dt_config.atol = 1e-8
