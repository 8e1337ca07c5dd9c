// The auditor's page: the access log (search, substring filter, export of what is filtered, chain check), and
// tabs for the processing log, the deletions and the signed checkpoints. The tab is in the URL (#processing) so
// that it survives a reload and can be linked; a trace id links the two logs both ways.
import { api } from './api.js';
import { has, setText, t } from './i18n.js';
import { problemOf, showProblem } from './errors.js';
import { addRow, known } from './table.js';
import { filterParams, utc } from './format.js';
import { startPage } from './page.js';
import { Processing } from './audit-processing.js';
import { Deletions } from './audit-deletions.js';
import { Checkpoints } from './audit-checkpoints.js';

const $ = (id) => document.getElementById(id);
/** The actions an auditor filters on most; others are found with the search text. */
const ACTIONS = ['auth.login', 'auth.logout', 'user.*', 'camera.*', 'live.*', 'playback', 'playback.media', 'export',
  'legal_hold.*', 'retention.delete', 'policy.override', 'audit.*'];
const RESULTS = ['ok', 'failed', 'denied', 'error'];
const TABS = ['entries', 'processing', 'deletions', 'checkpoints'];

let entries = [];
let next = null;
let verified = null;

/** The filter as query parameters; datetime-local fields are the browser's local time, sent as UTC. */
function params() {
  return filterParams('f-', ['q', 'user', 'camera', 'action', 'result']);
}

function fillSelects() {
  const action = $('f-action').value;
  const result = $('f-result').value;
  $('f-action').replaceChildren(new Option(t('audit.any'), ''),
    ...ACTIONS.map((a) => new Option(has('action.' + a) ? t('action.' + a) : a, a)));
  $('f-result').replaceChildren(new Option(t('audit.any'), ''), ...RESULTS.map((r) => new Option(t('result.' + r), r)));
  $('f-action').value = action;
  $('f-result').value = result;
}

/** The trace id as a link to the processing lines of the same request. */
function traceLink(traceId) {
  if (!traceId) return null;
  const a = document.createElement('a');
  a.href = `#processing?trace=${traceId}`;
  a.className = 'mono';
  a.textContent = traceId.slice(0, 8) + '…';
  a.title = traceId;
  a.dataset.trace = traceId;
  return a;
}

function details(e) {
  const box = document.createElement('span');
  if (e.detail) box.append(e.detail);
  const link = traceLink(e.traceId);
  if (link) {
    if (e.detail) box.append(' ');
    const label = document.createElement('span');
    setText(label, 'audit.trace');
    box.append(label, ' ', link);
  }
  return box;
}

function render() {
  const body = $('entries');
  body.replaceChildren();
  for (const e of entries) {
    const object = e.objectType ? { text: `${has('object.' + e.objectType) ? t('object.' + e.objectType) : e.objectType}: ${e.objectId ?? ''}` } : '';
    addRow(body, [
      e.seq, utc(e.timeMillis), e.actorName,
      e.actorRole ? known('role.', e.actorRole, has) : '',
      known('action.', e.action, has),
      object,
      e.rangeFrom != null ? `${utc(e.rangeFrom)} – ${utc(e.rangeTo)}` : '',
      { ...known('result.', e.result, has), className: 'result-' + e.result },
      e.clientAddress, e.purpose, e.caseNumber, details(e),
    ]);
  }
  const n = entries.length;
  setText($('count'), n === 0 ? 'audit.none' : 'audit.count', { n });
  showVerified();
}

function updateExportLinks() {
  for (const format of ['csv', 'json']) {
    const q = params();
    q.set('format', format);
    $('export-' + format).href = '/api/v1/audit/export?' + q.toString();
  }
}

async function search(append) {
  const p = params();
  if (append && next != null) p.set('before', next);
  const r = await api('GET', '/api/v1/audit/entries?' + p.toString());
  showProblem($('entries-message'), r.status === 200 ? null : problemOf(r));
  if (r.status !== 200) return;
  entries = append ? entries.concat(r.data.entries) : r.data.entries;
  next = r.data.next;
  // Counts the answers shown, so that a script (or test) can wait for the one it asked for.
  $('entries').dataset.answers = String(Number($('entries').dataset.answers || 0) + 1);
  $('more').hidden = next == null;
  render();
  updateExportLinks();
}

function showVerified() {
  const out = $('verify-result');
  if (!verified) return;
  const v = verified;
  out.className = v.ok ? 'result ok' : 'result bad';
  if (v.ok) {
    setText(out, v.checkpoints > 0 ? 'audit.ok' : 'audit.okNoCheckpoint',
      { n: v.entries, cp: v.checkpoints, last: v.lastCheckpoint });
  } else {
    const key = v.problemCode && has('verify.' + v.problemCode) ? 'verify.' + v.problemCode : 'audit.bad';
    setText(out, key, { seq: v.firstBadSeq, problem: v.problem, last: v.lastSeq });
    out.title = v.problem || '';
  }
}

async function verify() {
  const out = $('verify-result');
  out.className = 'result';
  setText(out, 'audit.verifying');
  // A pinned fingerprint (the key written down earlier, see the Controlepunten tab): only that key's checkpoints
  // count, and a gateway signing with another key fails (docs/auditor-guide.md).
  const pinned = $('pinned-key').value.trim().toLowerCase();
  const r = await api('POST', '/api/v1/audit/verify', pinned ? { pinnedKeys: [pinned] } : undefined);
  if (r.status !== 200) {
    verified = null;
    showProblem(out, problemOf(r));
    return;
  }
  verified = r.data;
  showVerified();
}

// ---- tabs ------------------------------------------------------------------------------------------------------

const panels = { processing: new Processing(), deletions: new Deletions(), checkpoints: new Checkpoints() };
const loaded = new Set();

/** Shows the tab the URL names (#processing, #processing?trace=…); loads it the first time. */
function route() {
  const [name, query] = location.hash.slice(1).split('?');
  const tab = TABS.includes(name) ? name : 'entries';
  for (const id of TABS) {
    $('tab-' + id).setAttribute('aria-selected', String(id === tab));
    $('tab-' + id).tabIndex = id === tab ? 0 : -1;
    $('panel-' + id).hidden = id !== tab;
  }
  const wanted = new URLSearchParams(query || '');
  const panel = panels[tab];
  if (!panel) {
    // #entries?q=<trace id>: from the processing log, the entries of one request.
    if (wanted.get('q')) {
      $('f-q').value = wanted.get('q');
      search(false);
    }
    return;
  }
  if (panel.show(wanted) || !loaded.has(tab)) {
    loaded.add(tab);
    panel.load();
  }
}

function setupTabs() {
  for (const id of TABS) {
    $('tab-' + id).addEventListener('click', () => { location.hash = id === 'entries' ? '' : id; });
  }
  // Arrow keys move between tabs, as with any tab list.
  document.querySelector('[role=tablist]').addEventListener('keydown', (e) => {
    const i = TABS.indexOf(document.activeElement.id.replace('tab-', ''));
    if (i < 0 || (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft')) return;
    const j = (i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length;
    $('tab-' + TABS[j]).focus();
    $('tab-' + TABS[j]).click();
  });
  window.addEventListener('hashchange', route);
}

await startPage(() => {
  fillSelects();
  render();
  for (const p of Object.values(panels)) p.render();
});
fillSelects();
$('filter').addEventListener('submit', (event) => {
  event.preventDefault();
  search(false);
});
$('filter').addEventListener('reset', () => setTimeout(() => search(false)));
$('more').addEventListener('click', () => search(true));
$('verify').addEventListener('click', verify);
setupTabs();
route();
if (!location.hash.includes('q=')) await search(false);
