// The user's own settings, kept by the gateway (so they follow the user to another workstation): today the live
// grid's layout and which cameras fill it. The API takes the whole set; unknown settings are refused there.
import { api } from './api.js';

const PATH = '/api/v1/auth/me/preferences';
let current = null;

/** {liveLayout: 1|4|9|16|null, liveCameras: [camera id, …]|null}; null values mean the default. */
export async function preferences() {
  if (current) return current;
  const r = await api('GET', PATH);
  current = r.status === 200 ? r.data : { liveLayout: null, liveCameras: null };
  return current;
}

/** Saves a change to some settings; resolves to the API's answer ({status, data}). */
export async function savePreferences(change) {
  const next = { ...(await preferences()), ...change };
  const r = await api('PUT', PATH, next);
  if (r.status === 200) current = r.data;
  return r;
}
