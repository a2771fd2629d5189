"""Commands declared as data (``table.py`` and one module per context), checked and run by one
pipeline (``pipeline.py``), with HTTP routes generated from the table (``routes.py``)."""
