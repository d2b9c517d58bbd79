"""Shared Streamlit helpers, re-exported from the modules that hold them.

Every number a page shows comes from a ``gvc`` method called through one of the ``cached_*``
wrappers (bounded, see :func:`app_pages.caching.cached`; the leading underscore of ``_con``
keeps the connection out of the cache key). The helpers live by concern:

- :mod:`app_pages.caching`: the result cache and warning capture;
- :mod:`app_pages.state`: the run's database snapshot, the language, URL state;
- :mod:`app_pages.uploads`: registries uploaded in a session;
- :mod:`app_pages.widgets`: URL-bound widgets, errors and notes;
- :mod:`app_pages.downloads`: CSV and Excel downloads (written by :mod:`gvc.export`);
- :mod:`app_pages.charts`: charts with their data, the readiness view;
- :mod:`app_pages.formatting`: amounts, translated column names, country labels;
- :mod:`app_pages.data_trade`, :mod:`app_pages.data_io`, :mod:`app_pages.data_clusters`:
  the cached gvc calls.

Pages may keep importing every name from here.
"""

from __future__ import annotations

from app_pages.caching import CACHE_ENTRIES, _fresh, _quiet, cached
from app_pages.charts import (
    WORLD_OUTLINES_URL,
    _chart_element,
    chart_with_data,
    readiness_table,
    readiness_view,
)
from app_pages.data_clusters import (
    cached_cluster_views,
    cached_clusters,
    cached_graduation,
    cached_opportunities,
    cached_questionnaire,
    cached_readiness,
)
from app_pages.data_io import (
    cached_current_markets,
    cached_exports_by_destination,
    cached_geo,
    cached_intermediate_buyers,
    cached_io_capabilities,
    cached_io_labels,
    cached_io_tables,
    cached_linkages,
    cached_market_targets,
    cached_participation,
    cached_paths,
    cached_target_years,
)
from app_pages.data_trade import (
    cached_complexity,
    cached_complexity_years,
    cached_countries,
    cached_coverage,
    cached_data_gaps,
    cached_datasets,
    cached_dynamics,
    cached_exporters,
    cached_growth,
    cached_product_space,
    cached_products,
    cached_rankings,
    cached_rankings_atlas,
    cached_search,
    cached_sections,
)
from app_pages.downloads import blanks_as_dash, csv_bytes, excel_bytes, table_with_download
from app_pages.formatting import (
    cluster_names,
    country_label,
    country_labels,
    fmt_num,
    fmt_pct,
    fmt_usd,
    md_escape,
    renamed,
    with_country_names,
)
from app_pages.state import (
    _file_id,
    _newest,
    begin_run,
    default_io_table,
    get_con,
    lang,
    language_selector,
    newest_con,
    set_url_state,
    t,
    url_option,
    url_state,
)
from app_pages.uploads import _forget_upload, cluster_con, load_upload
from app_pages.widgets import gvc_errors, pick, show_notes, url_number
from gvc.analytics.layout import radial_tree_layout
from gvc.export import neutralise_formulas

__all__ = [
    "CACHE_ENTRIES",
    "WORLD_OUTLINES_URL",
    "_chart_element",
    "_file_id",
    "_forget_upload",
    "_fresh",
    "_newest",
    "_quiet",
    "begin_run",
    "blanks_as_dash",
    "cached",
    "cached_cluster_views",
    "cached_clusters",
    "cached_complexity",
    "cached_complexity_years",
    "cached_countries",
    "cached_coverage",
    "cached_current_markets",
    "cached_data_gaps",
    "cached_datasets",
    "cached_dynamics",
    "cached_exporters",
    "cached_exports_by_destination",
    "cached_geo",
    "cached_graduation",
    "cached_growth",
    "cached_intermediate_buyers",
    "cached_io_capabilities",
    "cached_io_labels",
    "cached_io_tables",
    "cached_linkages",
    "cached_market_targets",
    "cached_opportunities",
    "cached_participation",
    "cached_paths",
    "cached_product_space",
    "cached_products",
    "cached_questionnaire",
    "cached_rankings",
    "cached_rankings_atlas",
    "cached_readiness",
    "cached_search",
    "cached_sections",
    "cached_target_years",
    "chart_with_data",
    "cluster_con",
    "cluster_names",
    "country_label",
    "country_labels",
    "csv_bytes",
    "default_io_table",
    "excel_bytes",
    "fmt_num",
    "fmt_pct",
    "fmt_usd",
    "get_con",
    "gvc_errors",
    "lang",
    "language_selector",
    "load_upload",
    "md_escape",
    "neutralise_formulas",
    "newest_con",
    "pick",
    "radial_tree_layout",
    "readiness_table",
    "readiness_view",
    "renamed",
    "set_url_state",
    "show_notes",
    "t",
    "table_with_download",
    "url_number",
    "url_option",
    "url_state",
    "with_country_names",
]
