"""Ranked, explained export opportunities for an MSE cluster.

For one cluster the engine lists candidate product lines (HS 1992, 4 digits) in three roles:

- ``made``: products the cluster makes (registry ``hs_products``); when the registry gives none,
  ``activity`` products implied by its KBLI/ISIC Rev.4 codes (HS -> ISIC Rev.4 concordance);
- ``adjacent``: products close to what the cluster makes in the product space (Hidalgo et al.
  2007): maximum proximity to a made product at least ``min_proximity``;
- ``supplier``: intermediate inputs (BEC Rev.4 end use 'intermediate') of the cluster's IO
  sectors (those of its products; without products, the main sectors of its KBLI activities)
  that Indonesia's exporting sectors buy, many of them imported (WIOD 2013).

Each candidate gets four components on 0-1 and a combined score (weighted mean, weights
adjustable, re-normalised over the components that have data):

- **feasibility** = 0.6 x the product's maximum proximity to a product the cluster makes (1 for
  made products; unknown when the cluster's products are unknown, and then density alone) +
  0.4 x the percentile of Indonesia's product-space density for the product among all products;
- **attractiveness** = weighted mean of percentiles among all products of: world trade (2016),
  world export growth of its HS chapter (BACI, CAGR over ``growth_window``), PCI, COG, and
  untapped potential. Untapped potential comes from ``con.market_targets``/``export_potential``
  when they cover the product; otherwise the documented proxy
  ``max(s_IDN * W_p - X_IDN,p, 0)``: what Indonesia would export if it held its average world
  market share ``s_IDN`` in the product;
- **linkage** = percentile, among Indonesia's 35 WIOD sectors, of the product's sector link to
  Indonesia's export demand: the domestic output the sector supplies for exports (``(L e)_s``,
  direct and through other exporting sectors) plus the inputs of that sector Indonesia's export
  production imports (room for local supply);
- **readiness** = 1 - readiness gap, the gap being the share of certifiable market-entry
  requirements (``market_requirements``, matched to the product's HS code through the compiled
  table ``data/concordances/market_requirements_hs_prefixes.csv``) in the product's main
  markets that the cluster's certifications do not meet; unknown when the registry gives no
  certifications.

Every row carries a plain-language "why" in English and Bahasa Indonesia naming the numbers it
used. Sources: Atlas HS92 2016 exports (complexity, proximity, density, PCI, COG), BACI HS92
chapter totals (growth), WIOD 2013 (linkages, destinations), BPS agri-food exports 2023-2025
(markets for chapters 01-24), the market requirements fact table.

Modules: :mod:`~gvc.opportunity.context` (country-level inputs), :mod:`~gvc.opportunity.scoring`
(weights, percentiles, combined score, requirement matching), :mod:`~gvc.opportunity.rank` (the
candidates and the ranked table), :mod:`~gvc.opportunity.explain` (the "why" text),
:mod:`~gvc.opportunity.export` (CSV / Excel files).
"""

from __future__ import annotations

from gvc.opportunity.adjacent import adjacent_products, cluster_relatedness
from gvc.opportunity.context import Context, build_context, get_context
from gvc.opportunity.export import export_workbook, neutralise_formulas
from gvc.opportunity.rank import cluster_products, opportunities
from gvc.opportunity.scoring import (
    ATTRACTIVENESS_WEIGHTS,
    COUNTRY,
    DEFAULT_WEIGHTS,
    EU27,
    FEASIBILITY_WEIGHTS,
    GCC,
    IO_REGION_ISO3,
    REQ_TABLE,
    ROLES,
    combine,
    market_codes,
    percentile,
    requirement_matrix,
)

__all__ = [
    "ATTRACTIVENESS_WEIGHTS",
    "COUNTRY",
    "DEFAULT_WEIGHTS",
    "EU27",
    "FEASIBILITY_WEIGHTS",
    "GCC",
    "IO_REGION_ISO3",
    "REQ_TABLE",
    "ROLES",
    "Context",
    "adjacent_products",
    "build_context",
    "cluster_products",
    "cluster_relatedness",
    "combine",
    "export_workbook",
    "get_context",
    "market_codes",
    "neutralise_formulas",
    "opportunities",
    "percentile",
    "requirement_matrix",
]
