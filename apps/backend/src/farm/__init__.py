"""FARM host runtime: the small API that generated plugin code (apps/backend/src/plugins/) imports."""
