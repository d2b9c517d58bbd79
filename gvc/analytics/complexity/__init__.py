"""Revealed comparative advantage, economic complexity and the product space.

Pure functions on dense ``locations x products`` numpy matrices (and a long-frame entry point,
:func:`complexity`). Every formula follows py-ecomplexity 0.5.3 (Harvard Growth Lab), the reference
implementation named in ``METHODS.md`` section 1, and agrees with it to 1e-6 on the same input; the
departures are listed in ``docs/complexity.md`` and in the docstrings below.

References
----------
Balassa, B. (1965). Trade liberalisation and "revealed" comparative advantage.
Hidalgo, C. A., Klinger, B., Barabasi, A.-L., Hausmann, R. (2007). The product space conditions the
development of nations. Science 317(5837), 482-487.
Hidalgo, C. A., Hausmann, R. (2009). The building blocks of economic complexity. PNAS 106(26).
Hausmann, R., Hidalgo, C. A., et al. (2011/2014). The Atlas of Economic Complexity. MIT Press.
"""

from __future__ import annotations

from gvc.analytics.complexity.core import (
    ATLAS_MIN_EXPORTS_USD,
    ATLAS_MIN_POPULATION,
    ATLAS_NOISY_PRODUCTS,
    PCI_CEILING_GDPPC_USD,
    PRESENCE,
    PROXIMITY,
    STRATEGIES,
    EciPci,
    Strategy,
    diversity,
    eci_pci,
    mcp,
    pivot_values,
    rca,
    rpop,
    ubiquity,
)
from gvc.analytics.complexity.product_space import (
    product_space_graph,
)
from gvc.analytics.complexity.run import (
    ComplexityResult,
    atlas_location_filter,
    atlas_product_filter,
    complexity,
    complexity_matrix,
)
from gvc.analytics.complexity.space import (
    cog,
    coi,
    density,
    distance,
    proximity,
)
from gvc.analytics.complexity.strategies import (
    cagr,
    growth_opportunities,
    market_share,
    new_products,
    quadrant_strategy,
    rca_change,
)

__all__ = [
    "ATLAS_MIN_EXPORTS_USD",
    "ATLAS_MIN_POPULATION",
    "ATLAS_NOISY_PRODUCTS",
    "PCI_CEILING_GDPPC_USD",
    "PRESENCE",
    "PROXIMITY",
    "STRATEGIES",
    "ComplexityResult",
    "EciPci",
    "Strategy",
    "atlas_location_filter",
    "atlas_product_filter",
    "cagr",
    "cog",
    "coi",
    "complexity",
    "complexity_matrix",
    "density",
    "distance",
    "diversity",
    "eci_pci",
    "growth_opportunities",
    "market_share",
    "mcp",
    "new_products",
    "pivot_values",
    "product_space_graph",
    "proximity",
    "quadrant_strategy",
    "rca",
    "rca_change",
    "rpop",
    "ubiquity",
]
