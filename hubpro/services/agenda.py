"""« Ajouter à mon agenda »: an iCalendar (.ics) file of one deadline, built with ``icalendar``."""

from __future__ import annotations

from datetime import timedelta

from icalendar import Alarm, Calendar, Event

from hubpro.domain.dates import now
from hubpro.notify.templates import url
from hubpro.services.views.dashboard import AgendaEvent

PRODID = "-//Hub Pro Transport//Échéances CQC//FR"
ALARMS_DAYS_BEFORE = (30, 7)


def ics_bytes(event: AgendaEvent) -> bytes:
    """An all-day event on the deadline, with reminders 30 and 7 days before it."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    ev = Event()
    ev.add("uid", event.uid)
    ev.add("dtstamp", now())
    ev.add("dtstart", event.day)
    ev.add("dtend", event.day + timedelta(days=1))
    ev.add("summary", event.summary)
    link = url(event.url)
    ev.add("description", f"{event.description}\n{link}")
    ev.add("url", link)
    ev.add("transp", "TRANSPARENT")
    for days in ALARMS_DAYS_BEFORE:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", event.summary)
        alarm.add("trigger", timedelta(days=-days))
        ev.add_component(alarm)
    cal.add_component(ev)
    return cal.to_ical()
