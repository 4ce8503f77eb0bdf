"""Training the coder's learned components from gold data (``newsevents train``).

Nothing here runs when coding: the pipeline only reads the weights these modules write.
Training needs NumPy and SciPy (``pip install 'newsevents[train]'``).
"""
