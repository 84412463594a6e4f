"""The points ledger and the stock changes refuse every change: in code, and by database triggers."""

import pytest
from django.db import DatabaseError, connection, transaction

from tests.points.builders import balance_give, item_make
from wenming.core.append_only import AppendOnlyError
from wenming.points.models import PointsEntry, StockChange


@pytest.fixture
def entry(county):
    balance_give(county, 50)
    return PointsEntry.objects.get()


def test_save_and_delete_of_an_entry_are_refused(entry):
    entry.points = 5000
    with pytest.raises(AppendOnlyError) as refusal:
        entry.save()
    assert str(refusal.value) == "爱心积分台账只能追加，不能修改或删除；更正请登记调整记录。"
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        PointsEntry.objects.filter(pk=entry.pk).update(points=5000)
    with pytest.raises(AppendOnlyError):
        PointsEntry.objects.filter(pk=entry.pk).delete()
    assert PointsEntry.objects.get(pk=entry.pk).points == 50


@pytest.mark.parametrize(
    ("table", "sql"),
    [
        ("points_pointsentry", "UPDATE points_pointsentry SET points = 5000"),
        ("points_pointsentry", "DELETE FROM points_pointsentry"),
        ("points_stockchange", "UPDATE points_stockchange SET change = 5000"),
        ("points_stockchange", "DELETE FROM points_stockchange"),
    ],
)
def test_raw_sql_changes_are_refused_by_triggers(county, entry, table, sql):
    item_make(county, stock=4)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert PointsEntry.objects.get(pk=entry.pk).points == 50
    assert list(StockChange.objects.values_list("change", flat=True)) == [4]
