"""Metrics in the Prometheus text format (``docs/operations.md``, "Monitoring").

- :mod:`api.metrics.families`: the counters and histograms a process counts (requests, commands,
  failed authentications), labelled by office — never by raw path, never with personal data;
- :mod:`api.metrics.http`: the ASGI step that counts every request by route template and status;
- :mod:`api.metrics.store`: the gauges read from the store at scrape time (log head, projection
  lag, the latest signed checkpoint, the last `verify` and `fixity` runs, the leases), the same
  whichever process is scraped;
- :mod:`api.metrics.exposition`: ``/metrics`` behind authentication (admin, auditor), the optional
  plain port (``SOCAI_METRICS_PORT``, 127.0.0.1 by default), and the multiprocess mode of
  `socai serve --workers N` (every API process's counts, summed).
"""
