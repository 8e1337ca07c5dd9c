import { api } from './api.js';
import { problemOf, showProblem } from './errors.js';
import { setupLanguageSwitch, t } from './i18n.js';
import { addRow } from './table.js';

// The council overview: counts from the register, made to be printed (app.css has the print rules).
const $ = (id) => document.getElementById(id);
let overview = null;

function rows(id, items, label) {
  const body = $(id);
  body.replaceChildren();
  for (const item of items) addRow(body, label(item));
}

const when = (iso) => (iso ? new Date(iso).toLocaleString(document.documentElement.lang) : t('ov.never'));

function render() {
  if (!overview) return;
  const o = overview;
  $('generated').textContent = t('ov.generated', { at: when(o.at), entries: o.entries, connected: o.connected });
  rows('by-vendor', o.byVendor, (c) => [c.name ?? t('ov.unknown'), c.count]);
  rows('by-network', o.byNetwork, (c) => [t('net.' + c.name), c.count]);
  rows('by-mode', o.byMode, (c) => [t('rmode.' + c.name), c.count]);
  rows('firmware-age', o.firmwareAge, (c) => [t('age.' + c.name), c.count]);
  rows('firmware', o.firmware, (f) => [f.vendor, f.model, f.version, f.built ?? '—', f.count]);
  rows('not-seen', o.notSeenRecently, (n) => [n.location, n.cameraId, t('rstate.' + n.state), when(n.lastSeen)]);
  $('not-seen-title').textContent = t('ov.notSeenHours', { hours: o.notSeenHours });
  $('no-not-seen').hidden = o.notSeenRecently.length > 0;
}

setupLanguageSwitch(render);
$('print').addEventListener('click', () => window.print());
const r = await api('GET', '/api/v1/register/overview');
if (r.status === 200) {
  overview = r.data;
  render();
} else {
  showProblem($('message'), problemOf(r));
}
