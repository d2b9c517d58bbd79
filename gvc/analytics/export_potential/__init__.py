"""Export potential and market targets (ITC Export Potential Map method), pure maths.

One code path serves any grain: the "products" may be HS codes or input-output sectors and the
"markets" importing countries or partner regions. Everything works on integer codes and on dense
arrays of two dimensions only (exporters x products, markets x products, exporters x markets); the
exporter x market x product cube is never formed. Potential is computed one exporter at a time
(``markets x eligible products`` per exporter), so memory stays bounded for a full BACI year
(about 200 exporters x 5,000 products x 200 markets).

Formulas (Decreux & Spies 2016; ITC EPA methodology 2023), for exporter ``i``, market ``j`` and
product ``k`` with bilateral trade ``X_ijk``:

- Supply ``S_ik = X_ik / X_wk`` (world market share), kept only where ``RCA_ik >= rca_floor``,
  projected with ``(1 + pass_through * g_ik) ** horizon`` where ``g_ik`` is the annual growth of
  RCA (or of the market share).
- Demand ``D_ijk = M_jk * A_ijk * G_ijk`` with ``M_jk = sum_i X_ijk`` (mirror imports), market
  access ``A_ijk = ((1 + t_ijk) / (1 + tbar)) ** -sigma`` and relative distance
  ``G_ijk = (d_ij / dbar_jk) ** -delta`` (``dbar_jk`` the import-weighted geometric mean distance
  of the suppliers of ``k`` to ``j``); projected with the market's growth factor.
- Ease ``E_ij = X_ij / sum_k S_ik D_ijk`` (sum over eligible products), so that before projection
  ``sum_k PotX_ijk = X_ij`` for every pair (the calibration identity).
- ``PotX_ijk = S_ik D_ijk E_ij``; untapped ``max(PotX - X, 0)``; realised share ``X / PotX``.
- Diversification (PDI): ``density_ik * D_ijk * E_ij`` for products without RCA, ranked.
"""

from __future__ import annotations

from gvc.analytics.export_potential.inputs import (
    DISTANCE_ELASTICITY,
    GROWTH_CLIP,
    OUTPUT_COLUMNS,
    PASS_THROUGH,
    TARIFF_ELASTICITY,
    TradeCube,
    annual_growth,
    flows_from_io,
    rca,
    rca_matrix,
)
from gvc.analytics.export_potential.model import (
    export_potential,
    iter_export_potential,
)
from gvc.analytics.export_potential.summaries import (
    competitors,
    diversification,
)

__all__ = [
    "DISTANCE_ELASTICITY",
    "GROWTH_CLIP",
    "OUTPUT_COLUMNS",
    "PASS_THROUGH",
    "TARIFF_ELASTICITY",
    "TradeCube",
    "annual_growth",
    "competitors",
    "diversification",
    "export_potential",
    "flows_from_io",
    "iter_export_potential",
    "rca",
    "rca_matrix",
]
