// The administrator's page: users, their roles and camera grants, initial and reset passwords (shown once), who is
// logged in now (and ending a session), the per-camera policy exceptions and legal regimes that are the
// administrator's to change, and the audit log's alarm, which only an administrator acknowledges.
import { api } from './api.js';
import { t } from './i18n.js';
import { startPage } from './page.js';
import { el, $, when, say } from './dom.js';
import { problemOf, problemText } from './errors.js';
import { ask } from './dialog.js';
import { grantChoices, chosenGrants, grantSummary } from './grants.js';
import { renderSessions, loadSessions } from './sessions.js';
import { renderPolicy } from './overrides.js';
import { renderGroups } from './groups.js';
import { alarmFacts } from './auditalarm.js';

const ROLES = ['operator', 'police', 'integrator', 'auditor', 'admin'];
const VIEWERS = ['operator', 'police'];
const state = { users: [], cameras: [], groups: [], regimes: [], alarm: null, me: null };

function handOver(username, password) {
  $('handover-text').textContent = t('admin.handoverText', { user: username });
  $('handover-password').textContent = password;
  $('handover').hidden = false;
  $('handover-done').focus();
}

$('handover-done').addEventListener('click', () => {
  $('handover-password').textContent = '';
  $('handover').hidden = true;
});

function userRow(u) {
  const self = state.me && u.username === state.me.username;
  return el('tr', { dataset: { user: u.username } },
    el('td', { 'data-label': t('admin.col.user') }, el('strong', { text: u.username }),
      u.mustChangePassword ? el('span', { class: 'sub', text: t('admin.mustChangeYet') }) : null),
    el('td', { 'data-label': t('admin.col.role'), text: t('role.' + u.role) }),
    el('td', { 'data-label': t('admin.col.grants'), text: VIEWERS.includes(u.role) ? grantSummary(u.grants, state.cameras, state.groups)
      : t('admin.grantsAll.' + u.role) }),
    el('td', { 'data-label': t('admin.col.created'), text: when(u.created) }),
    el('td', { 'data-label': t('admin.col.actions') }, el('div', { class: 'buttons' },
      el('button', { type: 'button', class: 'small', i18n: 'admin.changeRole', onclick: () => changeRole(u) }),
      VIEWERS.includes(u.role)
        ? el('button', { type: 'button', class: 'small', i18n: 'admin.editGrants', onclick: () => editGrants(u) }) : null,
      el('button', { type: 'button', class: 'small', i18n: 'admin.resetPassword', onclick: () => resetPassword(u) }),
      self ? null : el('button', { type: 'button', class: 'small danger', i18n: 'admin.remove', onclick: () => remove(u) }))));
}

function render() {
  $('user-rows').replaceChildren(...state.users.map(userRow));
  roleHint();
  renderGroups(state.groups, state.cameras, reload);
  renderSessions(state.me);
  renderPolicy(state.cameras, state.regimes, reload);
  $('audit-alarm').hidden = !state.alarm;
  $('alarm-facts').replaceChildren(...(state.alarm ? alarmFacts(state.alarm) : []));
}

async function reload() {
  const [users, cameras, groups, regimes, status] = await Promise.all([api('GET', '/api/v1/users'),
    api('GET', '/api/v1/cameras'), api('GET', '/api/v1/groups'), api('GET', '/api/v1/regimes'),
    api('GET', '/api/v1/status')]);
  if (users.status !== 200) {
    say($('message'), problemText(problemOf(users)));
    return;
  }
  state.users = users.data;
  state.cameras = cameras.status === 200 ? cameras.data : [];
  state.groups = groups.status === 200 ? groups.data : [];
  state.regimes = regimes.status === 200 ? regimes.data : [];
  state.alarm = status.status === 200 ? status.data.audit.alarm || null : null;
  $('nu-grants').replaceChildren(...grantChoices('nu', [], state.cameras, state.groups));
  await loadSessions();
  render();
}

function roleSelect(id, value) {
  return el('select', { id }, ...ROLES.map((r) => el('option', { value: r, text: t('role.' + r), selected: r === value })));
}

function changeRole(u) {
  const select = roleSelect('d-role', u.role);
  ask({
    title: t('admin.changeRoleTitle', { user: u.username }),
    body: [el('label', { for: 'd-role', i18n: 'admin.role' }), select,
      el('p', { class: 'hint', i18n: 'admin.roleChangeEnds' })],
    ok: 'form.save',
    action: async () => {
      const r = await api('PUT', `/api/v1/users/${encodeURIComponent(u.username)}`, { role: select.value });
      if (r.status !== 200) return problemText(problemOf(r));
      say($('message'), t('admin.roleChanged', { user: u.username, role: t('role.' + select.value) }), 'ok');
      await reload();
      return null;
    },
  });
}

function editGrants(u) {
  ask({
    title: t('admin.grantsTitle', { user: u.username }),
    body: [el('div', { class: 'choices' }, ...grantChoices('d', u.grants, state.cameras, state.groups))],
    ok: 'form.save',
    action: async () => {
      const r = await api('PUT', `/api/v1/users/${encodeURIComponent(u.username)}/grants`, { cameras: chosenGrants('d') });
      if (r.status !== 200) return problemText(problemOf(r));
      say($('message'), t('admin.grantsSaved', { user: u.username }), 'ok');
      await reload();
      return null;
    },
  });
}

function resetPassword(u) {
  ask({
    title: t('admin.resetTitle', { user: u.username }),
    body: [el('p', { i18n: 'admin.resetText' })],
    ok: 'admin.resetPassword',
    action: async () => {
      const r = await api('POST', `/api/v1/users/${encodeURIComponent(u.username)}/password`, {});
      if (r.status !== 200) return problemText(problemOf(r));
      handOver(u.username, r.data.initialPassword);
      await reload();
      return null;
    },
  });
}

function remove(u) {
  ask({
    title: t('admin.removeTitle', { user: u.username }),
    body: [el('p', { text: t('admin.removeText', { user: u.username }) })],
    ok: 'admin.remove',
    danger: true,
    action: async () => {
      const r = await api('DELETE', `/api/v1/users/${encodeURIComponent(u.username)}`);
      if (r.status !== 204) return problemText(problemOf(r));
      say($('message'), t('admin.removed', { user: u.username }), 'ok');
      await reload();
      return null;
    },
  });
}

function roleHint() {
  const role = $('nu-role').value;
  $('nu-role-hint').textContent = t('roleHint.' + role);
  $('nu-grants-set').hidden = !VIEWERS.includes(role);
}

/**
 * An administrator lets the log record again. The acknowledgement is itself an entry, with the reason; it hides
 * nothing from verification, which still reports the missing or changed entries.
 */
function acknowledgeAlarm(reload) {
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

function fillRoles() {
  const current = $('nu-role').value || 'operator';
  $('nu-role').replaceChildren(...ROLES.map((r) => el('option', { value: r, text: t('role.' + r), selected: r === current })));
}

$('nu-role').addEventListener('change', roleHint);
$('alarm-ack').addEventListener('click', () => acknowledgeAlarm(reload));
for (const r of document.querySelectorAll('input[name=nu-pw]')) {
  r.addEventListener('change', () => {
    $('nu-password-field').hidden = document.querySelector('input[name=nu-pw]:checked').value !== 'choose';
  });
}

$('new-user').addEventListener('submit', async (event) => {
  event.preventDefault();
  say($('new-user-message'), '');
  const username = $('nu-name').value.trim().toLowerCase();
  const role = $('nu-role').value;
  const body = { username, role, grants: VIEWERS.includes(role) ? chosenGrants('nu') : [] };
  if (document.querySelector('input[name=nu-pw]:checked').value === 'choose') body.password = $('nu-password').value;
  $('nu-submit').disabled = true;
  try {
    const r = await api('POST', '/api/v1/users', body);
    if (r.status !== 201) {
      say($('new-user-message'), problemText(problemOf(r)));
      return;
    }
    $('new-user').reset();
    $('nu-password-field').hidden = true;
    say($('message'), t('admin.created', { user: username, role: t('role.' + role) }), 'ok');
    if (r.data.initialPassword) handOver(username, r.data.initialPassword);
    await reload();
  } finally {
    $('nu-submit').disabled = false;
  }
});

state.me = await startPage(() => { fillRoles(); render(); });
if (state.me && !state.me.permissions.includes('user_admin')) {
  say($('message'), t('admin.notAdmin'), 'info');
} else if (state.me) {
  fillRoles();
  await reload();
  setInterval(async () => { await loadSessions(); renderSessions(state.me); }, 15000);
}
