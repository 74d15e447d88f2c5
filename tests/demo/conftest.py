import pytest

from regulars.demo import generate


@pytest.fixture(scope="session")
def shop():
    return generate()
