"""Where store queries meet analytics: the one API that the CLI, the REST API, the dashboard and
the report call."""
