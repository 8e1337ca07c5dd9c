// The audit log's standing alarm (its tail cut, its chain rewritten, its key changed: D48), as the status page and the
// administrator's page show it, and its acknowledgement by an administrator. While it stands the log records nothing
// but logins, so watching, playback, exports and changes are refused; recording goes on.
import { api } from './api.js';
import { t, setText } from './i18n.js';
import { el, $, when, say } from './dom.js';
import { problemOf, problemText } from './errors.js';
import { ask } from './dialog.js';

/** What was found, in words per kind (the gateway's own words under each), and since when. */
export function alarmFacts(alarm) {
  const since = el('p', { class: 'since' });
  setText(since, 'alarm.since', { when: when(alarm.since) });
  const found = el('ul', { class: 'found' }, ...alarm.problems.map((p) => el('li', { dataset: { kind: p.kind } },
    el('span', { i18n: 'alarm.kind.' + p.kind }), el('span', { class: 'sub', text: p.message }))));
  return [since, found, el('p', { i18n: 'alarm.effect' })];
}

/**
 * An administrator lets the log record again. The acknowledgement is itself an entry, with the reason; it hides
 * nothing from verification, which still reports the missing or changed entries.
 */
export function acknowledgeAlarm(reload) {
  const reason = el('textarea', { id: 'd-alarm-reason', rows: 3, minlength: 10, maxlength: 500, required: true });
  ask({
    title: t('alarm.ackTitle'),
    body: [el('p', { i18n: 'alarm.ackText' }), el('label', { for: 'd-alarm-reason', i18n: 'alarm.reason' }), reason],
    ok: 'alarm.acknowledge',
    danger: true,
    action: async () => {
      if (reason.value.trim().length < 10) return t('policy.reasonShort');
      const r = await api('POST', '/api/v1/audit/alarm/acknowledge', { reason: reason.value.trim() });
      if (r.status !== 200) return problemText(problemOf(r));
      say($('message'), t('alarm.acknowledged'), 'ok');
      await reload();
      return null;
    },
  });
}
