"""Data in and out of cadence: the event log as CSV or JSON (`events`), the plan as iCalendar (`ics`)."""
