import { api } from './api.js';
import { setupLanguageSwitch, t } from './i18n.js';
import { problemOf, problemText } from './errors.js';

const loginForm = document.getElementById('login-form');
const changeForm = document.getElementById('change-form');
const message = document.getElementById('message');

function show(text) {
  message.textContent = text;
  message.hidden = !text;
}

setupLanguageSwitch();

loginForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  show('');
  const username = document.getElementById('username').value;
  const password = document.getElementById('password').value;
  try {
    const r = await api('POST', '/api/v1/auth/login', { username, password });
    if (r.status === 200) {
      if (r.data.mustChangePassword) {
        loginForm.hidden = true;
        changeForm.hidden = false;
        document.getElementById('current-password').value = password;
        document.getElementById('new-password').focus();
      } else {
        location.assign('/');
      }
    } else if (r.status === 429) {
      show(t('login.locked', { s: r.headers.get('Retry-After') || '?' }));
    } else if (r.status === 401) {
      show(t('login.failed'));
      document.getElementById('password').select();
    } else {
      show(t('login.error'));
    }
  } catch (e) {
    show(t('login.error'));
  }
});

changeForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  show('');
  const r = await api('POST', '/api/v1/auth/password', {
    currentPassword: document.getElementById('current-password').value,
    newPassword: document.getElementById('new-password').value,
  });
  if (r.status === 204) {
    location.assign('/');
  } else {
    show(problemText(problemOf(r)));
  }
});

// The first start: no password of its own yet, so nobody can log in here; the setup page asks for the one-time code.
const setup = await api('GET', '/api/v1/setup');
if (setup.status === 200 && setup.data.pending) {
  location.assign('/setup');
} else {
  document.getElementById('username').focus();
}
