"""Developer scripts run by the Makefile."""
