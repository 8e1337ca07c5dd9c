// What every signed-in page does first: the language button, who is logged in (in the header), the logout
// button, and back to the login page when the password must be changed first.
import { api, logout } from './api.js';
import { setText, setupLanguageSwitch } from './i18n.js';

/**
 * @param onLanguage called after a language switch, to render again what the page built from data
 * @returns the logged-in user ({username, role, permissions, ...}), or null when the page is being left
 */
export async function startPage(onLanguage) {
  setupLanguageSwitch(onLanguage);
  const out = document.getElementById('logout');
  if (out) out.addEventListener('click', logout);
  const r = await api('GET', '/api/v1/auth/me');
  const me = r.status === 200 ? r.data : null;
  if (me && me.mustChangePassword) {
    location.assign('/login');
    return null;
  }
  const who = document.getElementById('signed-in');
  if (me && who) setText(who, 'home.signedIn', { user: me.username, role: { key: `role.${me.role}`, fallback: me.role } });
  return me;
}
