// The common top of every logged-in page of the console: who is logged in, the language switch, logging out.
import { api, logout } from './api.js';
import { setupLanguageSwitch, t } from './i18n.js';
import { $ } from './dom.js';

/**
 * Wires the header and returns the logged-in user (GET /api/v1/auth/me). A user who must still change the
 * password is sent to the login page, which asks for it. {@code render} runs after each language switch.
 */
export async function startPage(render) {
  let me = null;
  const who = () => {
    if (me && $('signed-in')) {
      $('signed-in').textContent = t('home.signedIn', { user: me.username, role: t('role.' + me.role) });
    }
  };
  setupLanguageSwitch(() => { who(); if (render) render(); });
  if ($('logout')) $('logout').addEventListener('click', logout);
  const r = await api('GET', '/api/v1/auth/me');
  me = r.data;
  if (me.mustChangePassword) {
    location.assign('/login');
    return new Promise(() => {});
  }
  who();
  return me;
}
