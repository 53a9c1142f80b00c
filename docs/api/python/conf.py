# The Python API reference, from the package's docstrings. Built by scripts/docs.sh with the
# package built (PYTHONPATH=build/python); every warning is an error.
import ssis

project = "ssis"
release = version = ssis.__version__
extensions = ["sphinx.ext.autodoc"]
autodoc_member_order = "bysource"
autodoc_typehints = "description"
default_role = "code"
html_theme = "alabaster"
exclude_patterns = ["_build"]
