"""Response schemas filled straight from a model instance, for the busiest answers (ADR 0006).

django-ninja validates an answer by reading every field of the instance through its getter and
running pydantic over the result: on a check-in that cost as much as the check-in's own statement.
`answer_of` reads the same values the same way (a field's static resolver, else the attribute of
that name) and builds the schema without the validation pass, which django-ninja then dumps as it is.
It is for plain values only (no related managers, callables or files, which ninja's getter would
convert): tests keep each schema it serves equal to the validated answer.
"""

import inspect
import operator
from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

from ninja import Schema

S = TypeVar("S", bound=Schema)


@cache
def _readers(schema: type[Schema]) -> tuple[tuple[str, Callable[[Any], Any]], ...]:
    readers: list[tuple[str, Callable[[Any], Any]]] = []
    for name in schema.model_fields:
        resolver = inspect.getattr_static(schema, f"resolve_{name}", None)
        if resolver is None:
            readers.append((name, operator.attrgetter(name)))
        elif isinstance(resolver, staticmethod) and len(inspect.signature(resolver.__func__).parameters) == 1:
            readers.append((name, resolver.__func__))
        else:
            raise TypeError(f"{schema.__name__}.resolve_{name}: answer_of takes static one-argument resolvers only")
    return tuple(readers)


def answer_of(schema: type[S], instance: Any) -> S:
    """`schema` filled from `instance` as django-ninja would fill it, without the validation pass."""
    return schema.model_construct(**{name: read(instance) for name, read in _readers(schema)})
