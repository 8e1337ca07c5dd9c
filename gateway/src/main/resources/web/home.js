import { api, logout } from './api.js';
import { setupLanguageSwitch, t } from './i18n.js';

let me = null;

function render() {
  if (!me) return;
  document.getElementById('signed-in').textContent = t('home.signedIn', { user: me.username, role: { key: `role.${me.role}`, fallback: me.role } });
  const list = document.getElementById('may');
  list.replaceChildren();
  for (const p of me.permissions) {
    const li = document.createElement('li');
    li.textContent = t('perm.' + p);
    list.append(li);
  }
  if (me.permissions.length === 0) {
    const li = document.createElement('li');
    li.textContent = t('home.nothing');
    list.append(li);
  }
  document.getElementById('audit-link').hidden = !me.permissions.includes('audit_read');
  document.getElementById('live-link').hidden = !me.permissions.includes('live');
  // Admins use the playback page for legal holds only (they see no footage).
  document.getElementById('playback-link').hidden = !me.permissions.includes('playback')
    && !me.permissions.includes('legal_hold');
  document.getElementById('cameras-link').hidden = !me.permissions.includes('camera_admin');
  document.getElementById('admin-link').hidden = !me.permissions.includes('user_admin');
  document.getElementById('status-link').hidden = !me.permissions.includes('metrics');
  document.getElementById('register-link').hidden = !me.permissions.includes('register_read');
  document.getElementById('onvif-link').hidden = !me.permissions.includes('camera_admin');
}

setupLanguageSwitch(render);
document.getElementById('logout').addEventListener('click', logout);

const r = await api('GET', '/api/v1/auth/me');
me = r.data;
if (me.mustChangePassword) {
  location.assign('/login');
} else {
  render();
}
