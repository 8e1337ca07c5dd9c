// The first start (D55): the one-time code from the gateway's console, the admin's own password, and an account to
// add cameras with; then on to adding the first camera.
import { api } from './api.js';
import { setupLanguageSwitch, t } from './i18n.js';
import { problemOf, problemText } from './errors.js';
import { $, say } from './dom.js';

setupLanguageSwitch();
const message = $('message');
const form = $('setup-form');

function integratorWanted() {
  return $('make-integrator').checked;
}

$('make-integrator').addEventListener('change', () => {
  $('integrator-fields').hidden = !integratorWanted();
});

/** Checks in the page what the server would refuse anyway, so the answer comes at once and names the field. */
function localProblem() {
  if (!$('code').value.trim()) return ['code', t('setup.needCode')];
  if ($('admin-password').value.length < 12) return ['admin-password', t('setup.tooShort')];
  if ($('admin-password').value !== $('admin-password2').value) return ['admin-password2', t('setup.mismatch')];
  if (integratorWanted()) {
    if ($('integrator-password').value.length < 12) return ['integrator-password', t('setup.tooShort')];
    if ($('integrator-password').value !== $('integrator-password2').value) {
      return ['integrator-password2', t('setup.mismatch')];
    }
    if ($('integrator-password').value === $('admin-password').value) return ['integrator-password', t('setup.samePassword')];
  }
  return null;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  say(message, '');
  const problem = localProblem();
  if (problem) {
    say(message, problem[1]);
    $(problem[0]).focus();
    return;
  }
  const body = { code: $('code').value.trim(), adminPassword: $('admin-password').value };
  if (integratorWanted()) {
    body.integrator = { username: $('integrator-name').value.trim(), password: $('integrator-password').value };
  }
  $('setup-submit').disabled = true;
  try {
    const r = await api('POST', '/api/v1/setup', body);
    if (r.status === 200) {
      location.assign(r.data.role === 'integrator' ? '/cameras?add=1' : '/admin');
      return;
    }
    if (r.status === 429) say(message, t('login.locked', { s: r.headers.get('Retry-After') || '?' }));
    else say(message, problemText(problemOf(r)));
  } catch (e) {
    say(message, t('login.error'));
  } finally {
    $('setup-submit').disabled = false;
  }
});

const status = await api('GET', '/api/v1/setup');
if (status.data && status.data.pending) {
  $('admin-name').textContent = status.data.adminUsername;
  form.hidden = false;
  $('code').focus();
} else {
  $('done').hidden = false;
}
