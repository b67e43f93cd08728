"""The framework as data: models, loading, and the bundled framework files."""
