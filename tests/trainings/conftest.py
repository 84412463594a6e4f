from typing import Any

import pytest

from tests.trainings.builders import training_make
from wenming.trainings.models import Training


@pytest.fixture
def training(county: Any) -> Training:
    return training_make(county)
