"""Certification keys an MSE cluster can hold (used by the registry and the readiness levers).

Pure data: the keys are upper case, letters and digits only (``ISO 9001`` -> ``ISO9001``).
"""

from __future__ import annotations

CERTIFICATIONS: dict[str, str] = {
    "SNI": "Standar Nasional Indonesia product certificate (SPPT-SNI)",
    "HALAL": "Halal certificate (BPJPH / MUI)",
    "HACCP": "Hazard Analysis and Critical Control Points",
    "ISO9001": "ISO 9001 quality management",
    "ISO22000": "ISO 22000 food safety management",
    "FSSC22000": "FSSC 22000 food safety scheme",
    "BRCGS": "BRCGS food safety standard",
    "GMP": "Good manufacturing practice (CPPOB)",
    "BPOM": "BPOM processed-food registration (MD)",
    "PIRT": "Home-industry food permit (SPP-IRT)",
    "SVLK": "Timber legality assurance (SVLK / V-Legal, FLEGT licence)",
    "FSC": "Forest Stewardship Council",
    "PEFC": "PEFC forest certification",
    "ORGANIC": "Organic certification (SNI organic, EU, USDA NOP, JAS)",
    "FAIRTRADE": "Fairtrade",
    "RAINFOREST": "Rainforest Alliance",
    "MSC": "Marine Stewardship Council",
    "ASC": "Aquaculture Stewardship Council",
    "ISPO": "Indonesian Sustainable Palm Oil",
    "RSPO": "Roundtable on Sustainable Palm Oil",
    "OEKOTEX": "OEKO-TEX Standard 100",
    "GOTS": "Global Organic Textile Standard",
    "KOSHER": "Kosher certificate",
    "ISO14001": "ISO 14001 environmental management",
}
