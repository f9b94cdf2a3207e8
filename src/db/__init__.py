"""The till's local store: typed models, the engine with its pragmas, and migrations."""
