"""Tests of the reminder series: due days at month ends and 29 February, late ticks, five years day by day."""

from __future__ import annotations

from datetime import date, timedelta

from hubpro.domain.reminders import ReminderKind as K
from hubpro.domain.reminders import Subject, due_reminder, schedule
from hubpro.domain.trainings import add_years, certificate_valid_until


def test_certificate_series_from_an_31_october_issue():
    issued = date(2025, 10, 31)
    end = certificate_valid_until(issued, date(1990, 1, 1))
    assert end == date(2026, 2, 28)
    assert schedule(Subject(K.CERTIFICATE, "CQ-1", end, issued)) == (
        date(2025, 11, 30), date(2026, 1, 29), date(2026, 2, 21),
    )  # fmt: skip


def test_qualification_series_ending_on_29_february():
    end = date(2028, 2, 29)
    assert schedule(Subject(K.QUALIFICATION, "marchandises", end)) == (
        date(2027, 2, 28), date(2027, 8, 29), date(2027, 11, 29), date(2028, 1, 30),
    )  # fmt: skip


def test_waits_series():
    since = date(2026, 12, 29)
    assert schedule(Subject(K.INFO_REQUESTED, "R-1", since)) == (date(2027, 1, 1), date(2027, 1, 5))
    assert schedule(Subject(K.PAYMENT, "R-2", since)) == (date(2026, 12, 30),)
    assert schedule(Subject(K.RETURNED_MAIL, "C-1", since)) == (date(2027, 1, 5),)


def test_nothing_due_before_the_first_day_then_that_day():
    s = Subject(K.PAYMENT, "R-2", date(2026, 1, 31))
    assert due_reminder(s, date(2026, 1, 31)) is None
    due = due_reminder(s, date(2026, 2, 1))
    assert (due.offset, due.due_on) == ("since+1d", date(2026, 2, 1))


def test_a_late_tick_sends_only_the_latest_due_reminder():
    s = Subject(K.QUALIFICATION, "voyageurs", date(2030, 6, 30))
    due = due_reminder(s, date(2030, 6, 15))
    assert due.offset == "end-30d"


def test_an_ended_deadline_is_not_reminded():
    s = Subject(K.CERTIFICATE, "CQ-1", date(2026, 6, 30), date(2026, 2, 28))
    assert due_reminder(s, date(2026, 6, 30)).offset == "end-7d"
    assert due_reminder(s, date(2026, 7, 1)) is None


def _walk(subjects_for, start: date, end: date) -> list[tuple]:
    """Tick every day; a reminder is sent the first time its key comes up (the unique key's job)."""
    sent: dict[tuple, date] = {}
    day = start
    while day <= end:
        for subject in subjects_for(day):
            due = due_reminder(subject, day)
            if due:
                key = (due.kind, due.object_ref, due.deadline, due.offset)
                sent.setdefault(key, day)
        day += timedelta(days=1)
    return sorted(((k[0].value, k[3], v) for k, v in sent.items()), key=lambda row: row[2])


def test_five_years_of_a_driver_each_reminder_once_on_its_day():
    """FIMO ends 29/02/2024; certificate issued that day; card requested 10/05/2024; FCO done 15/06/2028."""
    training_end = date(2024, 2, 29)
    cert_end = certificate_valid_until(training_end, date(1990, 5, 5))
    first_end = add_years(training_end, 5)  # 28/02/2029
    second_end = add_years(first_end, 5)  # early FCO: from the previous end

    def subjects(day: date) -> list[Subject]:
        out = []
        if day < date(2024, 5, 10):
            out.append(Subject(K.CERTIFICATE, "CQ-1", cert_end, training_end))
        out.append(Subject(K.QUALIFICATION, "marchandises", first_end if day < date(2028, 6, 15) else second_end))
        return out

    sent = _walk(subjects, training_end, date(2029, 3, 31))
    assert sent == [
        ("certificate", "issue+30d", date(2024, 3, 30)),
        ("qualification", "end-12m", date(2028, 2, 28)),
    ]
    # The FCO taken on 15/06/2028 moved the end to 28/02/2034: the 6-, 3-month and 30-day reminders of
    # 2029 are not sent; the new series starts in 2033.
    later = _walk(subjects, date(2028, 6, 15), date(2034, 2, 28))
    assert [(k, o) for k, o, _ in later] == [
        ("qualification", "end-12m"), ("qualification", "end-6m"), ("qualification", "end-3m"),
        ("qualification", "end-30d"),
    ]  # fmt: skip
    assert later[0][2] == date(2033, 2, 28)
