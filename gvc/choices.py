"""Option values shared by the command-line parser and the code behind it.

Light on purpose (no third-party imports): ``gvc --help`` builds its parser from these without
loading pandas, DuckDB or SciPy. The analytics and importers import them from here.
"""

from __future__ import annotations

__all__ = [
    "ATLAS_MIN_EXPORTS_USD",
    "ATLAS_MIN_POPULATION",
    "DISTANCE_ELASTICITY",
    "KINDS",
    "PASS_THROUGH",
    "PRESENCE",
    "PROXIMITY",
    "REGION_PRESETS",
    "STRATEGIES",
    "TARIFF_ELASTICITY",
]

ATLAS_MIN_POPULATION = 1_200_000
"""Atlas of Economic Complexity (2011, ch. 7): ranked countries have over 1.2 million people."""

ATLAS_MIN_EXPORTS_USD = 1e9
"""Atlas of Economic Complexity (2011, ch. 7): and export at least USD 1 billion a year."""

#: Default trade (tariff) elasticity: Head & Mayer (2014), Handbook of International Economics 4,
#: central structural-gravity estimate of the elasticity of trade to tariffs (about 5).
TARIFF_ELASTICITY = 5.0
#: Default distance elasticity: Head & Mayer (2014) meta-analysis, median over all gravity
#: estimates of the distance coefficient (about -0.9).
DISTANCE_ELASTICITY = 0.9
#: Default pass-through of recent annual RCA (or share) growth into projected supply.
PASS_THROUGH = 0.5

PRESENCE = ("rca", "rpop", "continuous")
"""Presence tests: ``rca`` (Balassa RCA >= threshold), ``rpop`` (RPOP >= threshold) and
``continuous`` (``M = RCA / (1 + RCA)``, the Atlas's continuous presence)."""

PROXIMITY = ("symmetric", "asymmetric", "continuous")
"""Proximity kinds: ``symmetric`` ``C_pq / max(k_p, k_q)`` (default), ``asymmetric`` ``C_pq / k_p``
and ``continuous`` ``(1 + corr(RCA_p, RCA_q)) / 2``."""

STRATEGIES: dict[str, tuple[float, float, float]] = {
    "light_touch": (0.60, 0.20, 0.20),
    "parsimonious": (0.55, 0.20, 0.25),
    "strategic_bets": (0.50, 0.15, 0.35),
    "low_hanging_fruit": (0.60, 0.15, 0.25),
    "long_jumps": (0.45, 0.20, 0.35),
}
"""Atlas "strategic approach" weights on (distance, PCI, COG), ``METHODS.md`` section 1."""


# EU members 2007-2013 (the WIOD 2013 country set), ISO3 codes.
_EU_2007_2013 = (
    "AUT BEL BGR CYP CZE DEU DNK ESP EST FIN FRA GBR GRC HUN IRL ITA LTU LUX LVA MLT NLD POL"
    " PRT ROU SVK SVN SWE"
)

#: Region groups that can be named in ``region_groups`` (members absent from a table are ignored).
REGION_PRESETS: dict[str, tuple[str, ...]] = {
    "EU": tuple(_EU_2007_2013.split()),
    "ASEAN": ("BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM"),
    "NAFTA": ("CAN", "MEX", "USA"),
    "EAST_ASIA": ("CHN", "JPN", "KOR", "TWN"),
}


#: The datasets ``gvc import KIND PATH`` knows.
KINDS = ("baci", "comtrade", "atlas", "icio", "wiod2016", "national_io", "bps_exim")
