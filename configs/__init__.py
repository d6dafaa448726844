"""The settings drift ships (TOML data only), installed as the package ``drift.configs``.

pyproject.toml maps this folder into the package (``package-dir``), so the repository keeps one
``configs/`` at its top while a wheel carries it as package data; drift reads it through
``importlib.resources`` (``drift.config.CONFIG_DIR``).
"""
