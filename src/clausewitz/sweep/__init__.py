"""Parameter sweeps: experimental designs, and their execution on Dask in resumable chunks."""
