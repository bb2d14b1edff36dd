"""Operations: what a hosting team runs and watches: /metrics for Prometheus, the request id
and access line of every request, backup and restore of the database."""
