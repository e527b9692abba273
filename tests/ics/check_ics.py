#!/usr/bin/env python3
"""Checks every iCalendar file of built Quanyu sites with Python's `icalendar`, a real RFC 5545 parser
that shares nothing with sitegen's writer, against the event pages the files belong to.

usage: check_ics.py --build-date YYYY-MM-DD DIST [DIST ...]

In each DIST (a built site):
- every event page `<d>/events/<id>/index.html` has `event.ics` beside it; every listing
  `<d>/events/index.html` has `calendar.ics`;
- every file: valid UTF-8, CRLF line endings, no physical line over 75 octets; it parses and icalendar
  records no error on any component; VERSION 2.0 and PRODID; a VTIMEZONE for every TZID used;
- every VEVENT: UID `<district>.<id>@<host>`, DTSTAMP the build date (00:00 UTC), DTSTART and DTEND
  zone-aware and the same instants as the page's JSON-LD `startDate`/`endDate`, SUMMARY its `name`, URL
  its `url`; a livestream (OnlineEventAttendanceMode) has CONFERENCE = the stream URL and neither
  LOCATION nor GEO, an event on site has a LOCATION;
- an event's file holds exactly that event; a district calendar holds exactly the district's events
  that ended at most 90 days before the build date (sitegen's `ics::RECENT_DAYS`), each VEVENT identical
  to the one in the event's own file, and names itself (X-WR-CALNAME, REFRESH-INTERVAL).

Prints each problem and a summary line; exits 1 when there is a problem.
"""

import argparse
import datetime as dt
import json
import re
import sys
from pathlib import Path
from urllib.parse import urlparse

import icalendar

RECENT_DAYS = 90
CHINA = dt.timezone(dt.timedelta(hours=8))
JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


class Checker:
    def __init__(self, build_date: dt.date):
        self.build_date = build_date
        self.problems: list[str] = []
        self.files = 0
        self.vevents = 0

    def fail(self, where, message):
        self.problems.append(f"{where}: {message}")

    def parse(self, path: Path):
        """Reads and parses one file after checking its physical lines; None when it cannot be used."""
        self.files += 1
        raw = path.read_bytes()
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as e:
            self.fail(path, f"not UTF-8: {e}")
            return None
        if not raw.endswith(b"\r\n"):
            self.fail(path, "does not end in CRLF")
        lines = raw.split(b"\r\n")
        for n, line in enumerate(lines[:-1] if lines[-1] == b"" else lines, 1):
            if b"\n" in line or b"\r" in line:
                self.fail(path, f"line {n}: bare CR or LF")
                break
            if len(line) > 75:
                self.fail(path, f"line {n}: {len(line)} octets (at most 75)")
        try:
            cal = icalendar.Calendar.from_ical(raw)
        except Exception as e:  # noqa: BLE001 - any parser failure is the finding
            self.fail(path, f"icalendar cannot parse it: {e}")
            return None
        for c in cal.walk():
            for prop, err in c.errors:
                self.fail(path, f"{c.name} {prop or ''}: {err}")
        if str(cal.get("VERSION")) != "2.0" or not cal.get("PRODID"):
            self.fail(path, "VERSION 2.0 and PRODID are required")
        zones = {str(z["TZID"]) for z in cal.walk("VTIMEZONE")}
        for ev in cal.walk("VEVENT"):
            for key in ("DTSTART", "DTEND"):
                tzid = ev[key].params.get("TZID") if key in ev else None
                if tzid and tzid not in zones:
                    self.fail(path, f"{key} uses TZID {tzid} without a VTIMEZONE")
        return cal

    def check_vevent(self, where, ev, page):
        """One VEVENT against the JSON-LD of its page."""
        self.vevents += 1
        for key in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "URL"):
            if key not in ev:
                self.fail(where, f"{key} missing")
                return
        ld = page["jsonld"]
        host = urlparse(ld["url"]).hostname
        if str(ev["UID"]) != f"{page['district']}.{page['id']}@{host}":
            self.fail(where, f"UID {ev['UID']}")
        stamp = ev["DTSTAMP"].dt
        expected_stamp = dt.datetime.combine(self.build_date, dt.time(0), dt.timezone.utc)
        if stamp != expected_stamp:
            self.fail(where, f"DTSTAMP {stamp} is not the build date {expected_stamp}")
        for key, ld_key in (("DTSTART", "startDate"), ("DTEND", "endDate")):
            value = ev[key].dt
            if not isinstance(value, dt.datetime) or value.tzinfo is None:
                self.fail(where, f"{key} {value!r} is not a zone-aware date-time")
            elif value != dt.datetime.fromisoformat(ld[ld_key]):
                self.fail(where, f"{key} {value.isoformat()} != JSON-LD {ld_key} {ld[ld_key]}")
        if str(ev["SUMMARY"]) != ld["name"]:
            self.fail(where, f"SUMMARY {str(ev['SUMMARY'])!r} != JSON-LD name {ld['name']!r}")
        if str(ev["URL"]) != ld["url"]:
            self.fail(where, f"URL {ev['URL']} != JSON-LD url {ld['url']}")
        if ld["eventAttendanceMode"].endswith("OnlineEventAttendanceMode"):
            if str(ev.get("CONFERENCE", "")) != ld["location"]["url"]:
                self.fail(where, f"a livestream needs CONFERENCE {ld['location']['url']}")
            if "LOCATION" in ev or "GEO" in ev:
                self.fail(where, "a livestream has no physical LOCATION or GEO")
        elif not str(ev.get("LOCATION", "")).startswith(ld["location"]["name"]):
            self.fail(where, f"LOCATION {ev.get('LOCATION')!r} does not name the venue {ld['location']['name']!r}")

    def check_site(self, dist: Path):
        pages = {}
        for index in sorted(dist.glob("*/events/*/index.html")):
            district, event_id = index.parts[-4], index.parts[-2]
            found = JSONLD.search(index.read_text(encoding="utf-8"))
            if not found:
                self.fail(index, "no JSON-LD")
                continue
            pages[(district, event_id)] = {"district": district, "id": event_id, "jsonld": json.loads(found.group(1))}
        if not pages:
            self.fail(dist, "no event pages: nothing to check")
        single = {}
        for key, page in sorted(pages.items()):
            path = dist / key[0] / "events" / key[1] / "event.ics"
            if not path.is_file():
                self.fail(path, "missing")
                continue
            cal = self.parse(path)
            if cal is None:
                continue
            events = cal.walk("VEVENT")
            if len(events) != 1:
                self.fail(path, f"{len(events)} VEVENTs (exactly 1 expected)")
                continue
            self.check_vevent(path, events[0], page)
            single[key] = events[0].to_ical()
        for listing in sorted(dist.glob("*/events/index.html")):
            district = listing.parts[-3]
            path = listing.parent / "calendar.ics"
            if not path.is_file():
                self.fail(path, "missing")
                continue
            cal = self.parse(path)
            if cal is None:
                continue
            if not cal.get("X-WR-CALNAME") or not cal.get("REFRESH-INTERVAL"):
                self.fail(path, "a subscribable calendar needs X-WR-CALNAME and REFRESH-INTERVAL")
            since = self.build_date - dt.timedelta(days=RECENT_DAYS)
            expected = sorted(
                p["id"]
                for (d, _), p in pages.items()
                if d == district and dt.datetime.fromisoformat(p["jsonld"]["endDate"]).astimezone(CHINA).date() >= since
            )
            got = []
            for ev in cal.walk("VEVENT"):
                uid = str(ev.get("UID", ""))
                event_id = uid.split("@")[0].removeprefix(f"{district}.")
                got.append(event_id)
                page = pages.get((district, event_id))
                if page is None:
                    self.fail(path, f"VEVENT {uid} has no event page")
                    continue
                self.check_vevent(f"{path} ({event_id})", ev, page)
                if (district, event_id) in single and ev.to_ical() != single[(district, event_id)]:
                    self.fail(path, f"VEVENT {event_id} differs from the one in its event.ics")
            if sorted(got) != expected:
                self.fail(path, f"holds {sorted(got)}, expected {expected} (events ended since {since})")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build-date", required=True, type=dt.date.fromisoformat)
    ap.add_argument("dist", nargs="+", type=Path)
    args = ap.parse_args()
    checker = Checker(args.build_date)
    for dist in args.dist:
        checker.check_site(dist)
    for p in checker.problems:
        print(p)
    print(f"icalendar {icalendar.__version__}: {checker.files} files, {checker.vevents} VEVENTs checked, {len(checker.problems)} problem(s)")
    return 1 if checker.problems else 0


if __name__ == "__main__":
    sys.exit(main())
