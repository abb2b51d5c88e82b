// Reads .ics files as ical.js does in Thunderbird and web calendars: each event's UID, start and end in UTC.
// Usage: node read-with-ical-js.mjs FILE...  Prints {"FILE": {"UID": ["start", "end"]}} as JSON, times as
// ISO 8601 UTC. A time ical.js cannot place in a zone (floating) is printed as null, for the test to refuse.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

function utc(time) {
  if (time.zone === ICAL.Timezone.localTimezone) {
    return null;
  }
  return new Date(time.toUnixTime() * 1000).toISOString();
}

const result = {};
for (const path of process.argv.slice(2)) {
  const calendar = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
  const events = {};
  for (const vevent of calendar.getAllSubcomponents("vevent")) {
    const event = new ICAL.Event(vevent);
    events[event.uid] = [utc(event.startDate), utc(event.endDate)];
  }
  result[path] = events;
}
process.stdout.write(JSON.stringify(result));
