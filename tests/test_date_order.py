"""Date order on invented rows: the same order as a plain sort on (undated, date, document order),
and `top` picks the first matches of that order, whether it walks the order or selects from few matches."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from indexer.columns_file import column_arrays
from indexer.index_format import ColumnRow
from indexer.search import bitsets
from indexer.search.columns import Columns
from indexer.search.order import DateOrder


def columns_of(dates: list[int]) -> Columns:
    rows = [ColumnRow(f"p{i}", f"doc-{i // 3}", "", "", "", "", "", "", "", "", "", False, day, (), f"p{i}")
            for i, day in enumerate(dates)]
    return Columns(*column_arrays(rows))


def plain(dates: list[int], newest: bool) -> list[int]:
    sign = -1 if newest else 1
    return sorted(range(len(dates)), key=lambda d: (dates[d] == 0, sign * dates[d], d))


DAY = st.sampled_from([0, 19991231, 20100301, 20100302, 20240229])
DATES = st.lists(DAY, min_size=1, max_size=60)


def test_ties_keep_document_order_and_undated_come_last() -> None:
    order = DateOrder(columns_of([20100301, 0, 20110505, 20100301, 0, 20110505]))
    assert order.newest == [2, 5, 0, 3, 1, 4]
    assert order.oldest == [0, 3, 2, 5, 1, 4]
    assert order.oldest_dates == [20100301, 20100301, 20110505, 20110505, 100_000_000, 100_000_000]


@settings(max_examples=60, deadline=None)
@given(DATES)
def test_orders_equal_a_plain_sort(dates: list[int]) -> None:
    order = DateOrder(columns_of(dates))
    assert order.newest == plain(dates, True)
    assert order.oldest == plain(dates, False)
    assert order.oldest_dates == [dates[d] or 100_000_000 for d in plain(dates, False)]


@settings(max_examples=60, deadline=None)
@given(st.lists(DAY, min_size=1, max_size=400), st.data(), st.integers(1, 12), st.booleans())
def test_top_is_the_first_matches_of_the_plain_order(dates, data, need, newest) -> None:
    """Few matches (under 1 in 50) are selected, many are found by walking the order: both checked."""
    matches = data.draw(st.sets(st.integers(0, len(dates) - 1), max_size=len(dates) // data.draw(st.sampled_from([1, 60]))))
    bits = bitsets.from_docnums(sorted(matches), len(dates))
    expected = [d for d in plain(dates, newest) if d in matches][:need]
    assert DateOrder(columns_of(dates)).top(bits, len(matches), need, newest) == expected
