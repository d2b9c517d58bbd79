"""Product-level market targets of a cluster's headings: computed per heading, newest year first."""

from __future__ import annotations


def test_product_targets_are_computed_per_heading_newest_year_first() -> None:
    import pandas as pd

    from gvc.opportunity.rank import _ProductTargets

    calls: list[tuple[str, int]] = []

    class FakeCon:
        def __init__(self) -> None:
            self._memo: dict[str, object] = {}

        def memo(self, key, compute):
            if key not in self._memo:
                self._memo[key] = compute()
            return self._memo[key]

        def sql(self, name):
            assert name == "cluster_product_flow_years"
            return pd.DataFrame({"hs4": ["0901", "0902", "6205"], "year": [2016, 2017, 2017],
                                 "source": ["s", "s", "s"]})

        def market_targets(self, exporter, code, year, fallback=True):
            calls.append((code, year))
            return pd.DataFrame({"importer": ["USA"], "untapped": [1.0]})

    t = _ProductTargets(FakeCon())
    t.prefetch(["0901", "6205", "9999"])  # 9999: no flows, never computed
    assert calls == [("6205", 2017), ("0901", 2016)]  # newest year first; 0902 not asked
    assert t.get("9999") is None
    assert float(t.get("0901")["untapped"].iloc[0]) == 1.0
    assert len(calls) == 2  # kept: asking again computes nothing
