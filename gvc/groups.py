"""Country groups used across gvc (ISO3 codes)."""

from __future__ import annotations

#: European Union member states since 1 February 2020 (27).
EU27: tuple[str, ...] = (
    "AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN",
    "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP",
    "SWE",
)

#: European Union member states 2013-2020 (28, with the United Kingdom).
EU28: tuple[str, ...] = (*EU27, "GBR")
