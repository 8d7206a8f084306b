"""What each role may do in this domain (see core.permissions)."""

from __future__ import annotations
