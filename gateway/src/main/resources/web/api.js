// Calls to the gateway API with the session cookie. State-changing calls carry the CSRF header the gateway
// requires for cookie sessions; a 401 sends the browser to the login page.
const CSRF = { 'X-Requested-With': 'poortwachter' };

export async function api(method, path, body) {
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
