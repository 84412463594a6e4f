"""core.answers.answer_of: a schema filled from an instance as django-ninja fills it."""

import datetime as dt
from types import SimpleNamespace

import pytest
from ninja import Schema

from wenming.core.answers import answer_of


class Out(Schema):
    id: int
    title: str
    starts_at: dt.datetime

    @staticmethod
    def resolve_title(item: object) -> str:
        return f"《{item.name}》"  # type: ignore[attr-defined]


def test_answer_of_reads_attributes_and_static_resolvers_as_validation_does():
    # given
    item = SimpleNamespace(id=4, name="防诈骗宣讲", starts_at=dt.datetime(2026, 12, 3, 9, tzinfo=dt.UTC))
    # when
    built = answer_of(Out, item)
    # then
    assert (
        built.model_dump()
        == Out.model_validate(item).model_dump()
        == {
            "id": 4,
            "title": "《防诈骗宣讲》",
            "starts_at": item.starts_at,
        }
    )


def test_answer_of_refuses_a_resolver_it_cannot_call_as_ninja_does():
    # given: a resolver that wants ninja's context
    class WithContext(Schema):
        url: str

        @staticmethod
        def resolve_url(item: object, context: dict) -> str:
            return str(context["request"].path)

    # then
    with pytest.raises(TypeError, match="resolve_url"):
        answer_of(WithContext, SimpleNamespace(url="x"))
