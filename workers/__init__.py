"""Background work for festival: arq WorkerSettings (settings.py) and thin jobs (jobs.py)."""
