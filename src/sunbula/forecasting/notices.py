"""The kind of notice the forecast sends, for the preferences page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sunbula.core.notifications import NoticeKind, register_kind

BREAK_NOTICE = "forecasting.break"

register_kind(NoticeKind(BREAK_NOTICE, _("Likely pipeline breaks")))
