import { api } from './api.js';
import { problemOf, showProblem } from './errors.js';
import { setupLanguageSwitch, t } from './i18n.js';
import { addRow } from './table.js';

// The register's fields in the order the edit form shows them, with the input each needs.
const FIELDS = [
  ['key', 'text'], ['location', 'text'], ['description', 'area'], ['purpose', 'area'], ['legalRegime', 'text'],
  ['vendor', 'text'], ['model', 'text'], ['firmware', 'text'], ['serialNumber', 'text'], ['closedNetwork', 'yesno'],
  ['networkSegment', 'text'], ['department', 'text'], ['dpiaReference', 'text'], ['installedOn', 'date'],
  ['retentionDays', 'int'], ['public', 'yesno'], ['latitude', 'decimal'], ['longitude', 'decimal'], ['rtspUrl', 'text'],
];
const $ = (id) => document.getElementById(id);
let me = null;
let entries = [];
let editing = null;

function params() {
  const p = new URLSearchParams();
  for (const [name, param] of [['q', 'q'], ['vendor', 'vendor'], ['network', 'network'], ['regime', 'regime'],
    ['public', 'public'], ['state', 'state']]) {
    const v = $('f-' + name).value.trim();
    if (v) p.set(param, v);
  }
  return p;
}

const yesNo = (b) => (b == null ? '' : t(b ? 'yes' : 'no'));
const network = (b) => t(b == null ? 'net.unknown' : b ? 'net.closed' : 'net.open');
const when = (iso) => (iso ? new Date(iso).toLocaleString(document.documentElement.lang) : '—');

function render() {
  const body = $('entries');
  body.replaceChildren();
  for (const e of entries) {
    const open = document.createElement('button');
    open.type = 'button';
    open.className = 'link';
    open.textContent = e.location || e.key;
    open.addEventListener('click', () => edit(e));
    const tr = addRow(body, [open, e.description, e.vendor,
      network(e.closedNetwork) + (e.networkSegment ? ` (${e.networkSegment})` : ''), e.legalRegime, yesNo(e.public),
      t('rstate.' + e.state), e.mode ? t('rmode.' + e.mode) : '—', when(e.lastSeen), e.key]);
    tr.dataset.key = e.key;
  }
  $('count').textContent = t('reg.count', { n: entries.length });
  for (const [id, format] of [['export-csv', 'csv'], ['export-csv-en', 'csv-en'], ['export-json', 'json']]) {
    const q = params();
    q.set('format', format);
    $(id).href = '/api/v1/register/export?' + q.toString();
  }
}

async function load() {
  const r = await api('GET', '/api/v1/register/entries?' + params().toString());
  if (r.status !== 200) {
    showProblem($('message'), problemOf(r));
    return;
  }
  showProblem($('message'), null);
  entries = r.data.entries;
  render();
}

function input(name, kind, value, readOnly) {
  let el;
  if (kind === 'area') {
    el = document.createElement('textarea');
    el.rows = 2;
  } else if (kind === 'yesno') {
    el = document.createElement('select');
    for (const [v, label] of [['', ''], ['true', t('yes')], ['false', t('no')]]) {
      const o = document.createElement('option');
      o.value = v;
      o.textContent = label;
      el.append(o);
    }
  } else {
    el = document.createElement('input');
    el.type = kind === 'date' ? 'date' : kind === 'int' || kind === 'decimal' ? 'number' : 'text';
    if (kind === 'decimal') el.step = 'any';
  }
  el.id = 'e-' + name;
  el.value = value == null ? '' : String(value);
  el.disabled = readOnly;
  return el;
}

function edit(entry) {
  editing = entry;
  const mayEdit = me.permissions.includes('register_admin');
  const fields = $('edit-fields');
  fields.replaceChildren();
  for (const [name, kind] of FIELDS) {
    const label = document.createElement('label');
    label.htmlFor = 'e-' + name;
    label.textContent = t('field.' + name);
    const readOnly = !mayEdit || (name === 'key' && entry != null) || (name === 'rtspUrl' && entry && entry.cameraId);
    const div = document.createElement('div');
    div.append(label, input(name, kind, entry ? entry[name] : null, readOnly));
    fields.append(div);
  }
  $('edit-title').textContent = entry ? t('reg.edit') : t('reg.new');
  const camera = $('edit-camera');
  camera.replaceChildren();
  if (entry && entry.cameraId) {
    const a = document.createElement('a');
    a.href = '/camera?id=' + encodeURIComponent(entry.cameraId);
    a.textContent = t('reg.connectedTo', { camera: entry.cameraId });
    camera.append(a);
  } else if (entry && me.permissions.includes('camera_admin')) {
    const a = document.createElement('a');
    a.href = '/onvif?entry=' + entry.id;
    a.textContent = t('reg.connectOnvif');
    camera.append(a);
  }
  $('edit-problems').replaceChildren();
  $('connect').hidden = !(entry && !entry.cameraId && me.permissions.includes('camera_admin'));
  $('c-url').value = entry && entry.rtspUrl ? entry.rtspUrl : '';
  showProblem($('connect-status'), null);
  $('save').hidden = !mayEdit;
  $('delete').hidden = !mayEdit || !entry || !!entry.cameraId;
  $('edit').hidden = false;
  $('edit').scrollIntoView();
}

function formValue() {
  const body = {};
  for (const [name, kind] of FIELDS) {
    const raw = $('e-' + name).value.trim();
    if (raw === '') body[name] = null;
    else if (kind === 'yesno') body[name] = raw === 'true';
    else if (kind === 'int') body[name] = Number.parseInt(raw, 10);
    else if (kind === 'decimal') body[name] = Number(raw);
    else body[name] = raw;
  }
  if (editing && editing.cameraId) delete body.rtspUrl;
  return body;
}

async function save(event) {
  event.preventDefault();
  const r = editing
    ? await api('PUT', `/api/v1/register/entries/${editing.id}`, formValue())
    : await api('POST', '/api/v1/register/entries', formValue());
  const problems = $('edit-problems');
  problems.replaceChildren();
  if (r.status === 200 || r.status === 201) {
    $('edit').hidden = true;
    await load();
    return;
  }
  const li = document.createElement('li');
  showProblem(li, problemOf(r));
  problems.append(li);
  for (const p of (r.data && r.data.problems) || []) {
    const item = document.createElement('li');
    item.textContent = t('field.' + p.field) + ': ' + p.message;
    problems.append(item);
  }
}

async function remove() {
  if (!editing || !window.confirm(t('reg.confirmDelete', { location: editing.location || editing.key }))) return;
  const r = await api('DELETE', `/api/v1/register/entries/${editing.id}`);
  if (r.status === 204) {
    $('edit').hidden = true;
    await load();
  } else {
    showProblem($('message'), problemOf(r));
  }
}

/** Makes the entry's camera from a stream URL: the entry gives location, purpose, legal basis and retention. */
async function connect() {
  const body = { recording: true };
  for (const [field, id] of [['id', 'c-id'], ['url', 'c-url'], ['username', 'c-user'], ['password', 'c-password']]) {
    const v = $(id).value.trim();
    if (v) body[field] = v;
  }
  const r = await api('POST', `/api/v1/register/entries/${editing.id}/connect`, body);
  if (r.status !== 200) {
    showProblem($('connect-status'), problemOf(r));
    return;
  }
  $('edit').hidden = true;
  await load();
}

setupLanguageSwitch(render);
$('connect-button').addEventListener('click', connect);
$('filter').addEventListener('submit', (event) => {
  event.preventDefault();
  load();
});
$('edit').addEventListener('submit', save);
$('delete').addEventListener('click', remove);
$('cancel').addEventListener('click', () => { $('edit').hidden = true; });
$('new').addEventListener('click', () => edit(null));
me = (await api('GET', '/api/v1/auth/me')).data;
const admin = me.permissions.includes('register_admin');
$('new').hidden = !admin;
$('import-link').hidden = !admin;
$('onvif-link').hidden = !me.permissions.includes('camera_admin');
await load();
