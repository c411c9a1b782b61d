"""``marsplan serve``: the planner in a browser, and an HTTP API that mirrors the CLI (see
:mod:`marsplan.server.app`)."""

from marsplan.server.app import ENDPOINTS, ServerLimits, create_app

__all__ = ["ENDPOINTS", "ServerLimits", "create_app"]
