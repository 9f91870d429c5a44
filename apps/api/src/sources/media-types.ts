/** The media types the sources read as raw streams (app.factory.ts hands their bodies over unparsed). */
export const CSV = 'text/csv';
export const ICALENDAR = 'text/calendar';
