import { api, logout } from './api.js';
import { setupLanguageSwitch, t } from './i18n.js';

const form = document.getElementById('filter');
const body = document.getElementById('entries');
const status = document.getElementById('count');
const more = document.getElementById('more');
const verifyResult = document.getElementById('verify-result');
let next = null;

/** The filter as query parameters; datetime-local fields are the browser's local time, sent as UTC. */
function params() {
  const p = new URLSearchParams();
  for (const name of ['user', 'camera', 'action', 'result']) {
    const v = document.getElementById('f-' + name).value.trim();
    if (v) p.set(name, v);
  }
  for (const name of ['from', 'to']) {
    const v = document.getElementById('f-' + name).value;
    if (v) p.set(name, new Date(v).toISOString());
  }
  return p;
}

function cell(row, text) {
  const td = document.createElement('td');
  td.textContent = text ?? '';
  row.append(td);
}

function iso(ms) {
  return ms == null ? '' : new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

function addRows(entries) {
  for (const e of entries) {
    const tr = document.createElement('tr');
    cell(tr, e.seq);
    cell(tr, iso(e.timeMillis));
    cell(tr, e.actorName);
    cell(tr, e.actorRole);
    cell(tr, e.action);
    cell(tr, e.objectType ? e.objectType + ': ' + (e.objectId ?? '') : '');
    cell(tr, e.rangeFrom != null ? iso(e.rangeFrom) + ' – ' + iso(e.rangeTo) : '');
    cell(tr, e.result);
    cell(tr, e.clientAddress);
    cell(tr, e.purpose);
    cell(tr, e.caseNumber);
    tr.title = (e.detail ?? '') + (e.traceId ? ' trace=' + e.traceId : '');
    body.append(tr);
  }
}

function updateExportLinks() {
  const p = params();
  for (const format of ['csv', 'json']) {
    const q = new URLSearchParams(p);
    q.set('format', format);
    document.getElementById('export-' + format).href = '/api/v1/audit/export?' + q.toString();
  }
}

async function search(append) {
  const p = params();
  if (append && next != null) p.set('before', next);
  const r = await api('GET', '/api/v1/audit/entries?' + p.toString());
  if (r.status !== 200) {
    status.textContent = r.data && r.data.message ? r.data.message : String(r.status);
    return;
  }
  if (!append) body.replaceChildren();
  addRows(r.data.entries);
  next = r.data.next;
  more.hidden = next == null;
  const n = body.children.length;
  status.textContent = n === 0 ? t('audit.none') : t('audit.count', { n });
  updateExportLinks();
}

/**
 * Verifies the chain; with a pinned fingerprint (the key the auditor wrote down earlier) only checkpoints signed by
 * that key count, and a gateway that signs with another key fails (docs/auditor-guide.md).
 */
async function verify() {
  verifyResult.textContent = '…';
  const pinned = document.getElementById('pinned-key').value.trim().toLowerCase();
  const r = await api('POST', '/api/v1/audit/verify', pinned ? { pinnedKeys: [pinned] } : undefined);
  const v = r.data;
  if (r.status !== 200) {
    verifyResult.className = 'result bad';
    verifyResult.textContent = v && v.message ? v.message : String(r.status);
    return;
  }
  verifyResult.className = v.ok ? 'result ok' : 'result bad';
  verifyResult.textContent = (v.ok
    ? t('audit.ok', { n: v.entries, cp: v.checkpoints, last: v.lastCheckpoint })
    : t('audit.bad', { seq: v.firstBadSeq, problem: v.problem }))
    + ' ' + t(v.pinned ? 'audit.pinnedUsed' : 'audit.notPinned');
}

async function showFingerprint() {
  const r = await api('GET', '/api/v1/audit/signing-key');
  document.getElementById('key-fingerprint').textContent = r.status === 200 ? r.data.fingerprint : '?';
}

setupLanguageSwitch(() => search(false));
form.addEventListener('submit', (event) => {
  event.preventDefault();
  search(false);
});
more.addEventListener('click', () => search(true));
document.getElementById('verify').addEventListener('click', verify);
document.getElementById('logout').addEventListener('click', logout);
await showFingerprint();
await search(false);
