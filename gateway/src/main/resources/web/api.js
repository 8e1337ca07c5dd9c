// Calls to the gateway API with the login session's cookie. State-changing calls carry the CSRF header the gateway
// requires for cookie logins; a 401 sends the browser to the login page.
const CSRF = { 'X-Requested-With': 'poortwachter' };

// Calls under way: browser tests wait until the page has every answer it asked for (0) instead of sleeping.
window.poortwachterApiPending = 0;

export async function api(method, path, body) {
  window.poortwachterApiPending++;
  try {
    return await call(method, path, body);
  } finally {
    window.poortwachterApiPending--;
  }
}

async function call(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') Object.assign(headers, CSRF);
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401 && !path.startsWith('/api/v1/auth/login')) {
    location.assign('/login');
    throw new Error('not logged in');
  }
  let data = null;
  const type = response.headers.get('Content-Type') || '';
  if (type.startsWith('application/json')) data = await response.json();
  return { status: response.status, data, headers: response.headers };
}

export async function logout() {
  await api('POST', '/api/v1/auth/logout');
  location.assign('/login');
}
