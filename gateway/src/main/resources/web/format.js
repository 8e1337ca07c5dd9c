// Times, sizes and durations as the pages show them. Times in the logs are evidence: shown in UTC to the
// millisecond, as the API has them; times an operator picks are the browser's local time.
import { locale } from './i18n.js';

/** 2026-12-06 14:03:05.123 (UTC), or '' for none. */
export function utc(ms) {
  if (ms == null || ms === '') return '';
  const d = typeof ms === 'number' ? new Date(ms) : new Date(Date.parse(ms));
  return Number.isNaN(d.getTime()) ? String(ms) : d.toISOString().replace('T', ' ').replace('Z', '');
}

/** A byte count in the user's number format (kB, MB, GB). */
export function bytes(n) {
  if (n == null) return '';
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = Number(n);
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v.toLocaleString(locale(), { maximumFractionDigits: u === 0 ? 0 : 1 })} ${units[u]}`;
}

/** A duration in milliseconds as h:mm:ss (or m:ss, or 0,4 s for less than ten seconds). */
export function duration(ms) {
  if (ms == null || Number.isNaN(ms)) return '';
  if (ms < 10000) return `${(ms / 1000).toLocaleString(locale(), { maximumFractionDigits: 1 })} s`;
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (x) => String(x).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

/** A datetime-local field's value (the browser's local time) as an ISO instant, or null when empty. */
export function fieldInstant(value) {
  return value ? new Date(value).toISOString() : null;
}

/**
 * A filter form's fields as query parameters: the text fields {@code prefix + name} as typed (trimmed, left out
 * when empty), the datetime-local fields as UTC instants.
 */
export function filterParams(prefix, texts, times = ['from', 'to']) {
  const p = new URLSearchParams();
  for (const name of texts) {
    const v = document.getElementById(prefix + name).value.trim();
    if (v) p.set(name, v);
  }
  for (const name of times) {
    const v = fieldInstant(document.getElementById(prefix + name).value);
    if (v) p.set(name, v);
  }
  return p;
}
