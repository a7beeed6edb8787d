"""Pages of the item bank, one module per process (EXAM-01..04): `items` (the bank, import
and export), `blueprints` (blueprints and assembly), `papers` (paper custody and printing).
"""
