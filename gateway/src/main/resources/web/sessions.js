// Who is logged in now, and ending a session (a lost laptop, someone who left): the administrator's part of D13.
import { api } from './api.js';
import { t } from './i18n.js';
import { el, $, when, say } from './dom.js';
import { problemOf, problemText } from './errors.js';
import { ask } from './dialog.js';

let sessions = [];

export async function loadSessions() {
  const r = await api('GET', '/api/v1/sessions');
  sessions = r.status === 200 ? r.data : [];
}

function revoke(s, me) {
  ask({
    title: t('sessions.revokeTitle', { user: s.username }),
    body: [el('p', { text: t(s.current ? 'sessions.revokeOwn' : 'sessions.revokeText', { user: s.username }) })],
    ok: 'sessions.revoke',
    danger: true,
    action: async () => {
      const r = await api('DELETE', `/api/v1/sessions/${encodeURIComponent(s.ref)}`);
      if (r.status !== 204) return problemText(problemOf(r));
      say($('message'), t('sessions.revoked', { user: s.username }), 'ok');
      await loadSessions();
      renderSessions(me);
      return null;
    },
  });
}

export function renderSessions(me) {
  $('session-rows').replaceChildren(...sessions.map((s) => el('tr', { dataset: { session: s.ref } },
    el('td', { 'data-label': t('admin.col.user') }, el('strong', { text: s.username }),
      s.current ? el('span', { class: 'sub', i18n: 'sessions.you' }) : null),
    el('td', { 'data-label': t('admin.col.role'), text: t('role.' + s.role) }),
    el('td', { 'data-label': t('admin.col.since'), text: when(s.created) }),
    el('td', { 'data-label': t('admin.col.lastSeen'), text: when(s.lastSeen) }),
    el('td', { 'data-label': t('admin.col.ends'), text: when(s.expires) }),
    el('td', { 'data-label': t('admin.col.actions') },
      el('button', { type: 'button', class: 'small danger', i18n: 'sessions.revoke', onclick: () => revoke(s, me) })))));
}
