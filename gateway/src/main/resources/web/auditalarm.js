// The audit log's standing alarm (its tail cut, its chain rewritten, its key changed: D48), as the status page and the
// administrator's page show it (the acknowledgement itself is on the administrator's page: admin.js). While it stands
// the log records nothing but logins, so watching, playback, exports and changes are refused; recording goes on.
// No dialog here: the status page has none.
import { setText } from './i18n.js';
import { el, when } from './dom.js';

/** What was found, in words per kind (the gateway's own words under each), and since when. */
export function alarmFacts(alarm) {
  const since = el('p', { class: 'since' });
  setText(since, 'alarm.since', { when: when(alarm.since) });
  const found = el('ul', { class: 'found' }, ...alarm.problems.map((p) => el('li', { dataset: { kind: p.kind } },
    el('span', { i18n: 'alarm.kind.' + p.kind }), el('span', { class: 'sub', text: p.message }))));
  return [since, found, el('p', { i18n: 'alarm.effect' })];
}
