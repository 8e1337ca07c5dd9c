// The integrator's camera page: every camera with its state, pictures per second, how far behind it is and its last
// problem; adding (tested before it is saved), editing, privacy masks, removing with confirmation.
import { api } from './api.js';
import { t } from './i18n.js';
import { startPage } from './page.js';
import { el, $, when, say } from './dom.js';
import { problemOf, problemText } from './errors.js';
import { CameraForm } from './cameraform.js';
import { MaskEditor } from './masks.js';

const POLL_MS = 5000;
let cameras = [];
let shown = '';
let mayEdit = false;

function stateOf(c) {
  if (c.recording === false) return 'off';
  return (c.status && c.status.state) || 'connecting';
}

/** Colour of the state badge: streaming is good, failing is bad, falling behind is a warning. */
function tone(state) {
  if (state === 'streaming') return 'streaming';
  if (state === 'failed' || state === 'backoff') return 'offline';
  if (state === 'degraded') return 'degraded';
  return 'neutral';
}

/**
 * How far the newest footage on disk is behind now (status.load.lagMillis, docs/decisions.md D42): reported while the
 * camera streams or is degraded, about a fragment (≤ 1.5 s) when it keeps up.
 */
function lag(s) {
  const ms = s.load ? s.load.lagMillis : null;
  if (ms === undefined || ms === null) return '—';
  return ms < 1000 ? t('cameras.ms', { n: Math.round(ms) }) : t('cameras.seconds', { n: (ms / 1000).toFixed(1) });
}

function cell(labelKey, ...content) {
  return el('td', { 'data-label': t(labelKey) }, ...content);
}

function row(c) {
  const s = c.status || {};
  const state = stateOf(c);
  const reason = state === 'degraded' ? ((s.load && s.load.degradedReason) || s.lastError) : null;
  const mode = t('mode.' + (c.mode || 'transcode')) + (c.policyOverride ? ` (${t('cameras.override')})` : '');
  // The buttons look the camera up when pressed: the row outlives many polls, the camera data does not.
  const now = () => cameras.find((x) => x.id === c.id) || c;
  const actions = mayEdit ? [
    el('button', { type: 'button', class: 'small', i18n: 'cameras.edit', onclick: () => form.edit(now()) }),
    el('button', { type: 'button', class: 'small', i18n: 'cameras.masks', onclick: () => masks.open(now()) }),
    el('button', { type: 'button', class: 'small danger', i18n: 'cameras.delete', onclick: () => confirmDelete(now()) }),
  ] : [];
  return el('tr', { dataset: { camera: c.id } },
    cell('cameras.col.name', el('a', { href: `/camera?id=${encodeURIComponent(c.id)}`, text: c.name || c.id }),
      el('span', { class: 'sub', text: [c.id, c.location].filter(Boolean).join(' · ') })),
    cell('cameras.col.state', el('span', { class: 'badge', dataset: { state: tone(state) }, text: t('ingest.' + state) }),
      reason ? el('span', { class: 'sub', text: reason }) : null,
      s.since && state !== 'off' ? el('span', { class: 'sub', text: t('cameras.since', { when: when(s.since) }) }) : null),
    cell('cameras.col.fps', s.fps ? s.fps.toFixed(1) : '—'),
    cell('cameras.col.lag', lag(s)),
    cell('cameras.col.problem', s.lastError ? el('span', { text: s.lastError }) : '—',
      s.lastErrorAt ? el('span', { class: 'sub', text: t('cameras.since', { when: when(s.lastErrorAt) }) }) : null),
    cell('cameras.col.mode', mode, c.masks && c.masks.length
      ? el('span', { class: 'sub', text: t('cameras.maskCount', { n: c.masks.length }) }) : null),
    cell('cameras.col.regime', c.legalRegime, el('span', { class: 'sub', text: t('cameras.days', { n: c.retentionDays }) })),
    cell('cameras.col.actions', el('div', { class: 'buttons' }, actions)));
}

/**
 * Rows stay in place across polls: only cells whose text changed are replaced, and the buttons never are, so a
 * button someone is about to press (or has focused with the keyboard) does not vanish every five seconds.
 */
function render() {
  const body = $('cameras');
  const rows = new Map([...body.querySelectorAll('tr[data-camera]')].map((tr) => [tr.dataset.camera, tr]));
  const wanted = cameras.map((c) => {
    const fresh = row(c);
    const old = rows.get(c.id);
    if (!old) return fresh;
    const cells = [...old.children];
    [...fresh.children].forEach((td, i) => {
      if (i < cells.length - 1 && cells[i].textContent !== td.textContent) old.replaceChild(td, cells[i]);
    });
    return old;
  });
  if (cameras.length === 0) wanted.push(el('tr', {}, el('td', { colspan: 8, i18n: 'cameras.none' })));
  wanted.forEach((tr, i) => {
    if (body.children[i] !== tr) body.insertBefore(tr, body.children[i] || null);
  });
  while (body.children.length > wanted.length) body.lastElementChild.remove();
  $('count').textContent = cameras.length === 0 ? ''
    : t(cameras.length === 1 ? 'cameras.countOne' : 'cameras.count', { n: cameras.length });
}

/** After a language switch every cell is said again, buttons included. */
function renderAll() {
  $('cameras').replaceChildren();
  render();
}

async function refresh() {
  const r = await api('GET', '/api/v1/cameras');
  if (r.status !== 200) {
    say($('message'), problemText(problemOf(r)));
    return;
  }
  cameras = r.data;
  const now = JSON.stringify(cameras);
  if (now !== shown) {
    shown = now;
    render();
  }
}

function confirmDelete(c) {
  const dialog = $('delete-dialog');
  $('delete-text').textContent = t('delete.text', { name: c.name, id: c.id });
  dialog.returnValue = '';
  dialog.onclose = async () => {
    if (dialog.returnValue !== 'yes') return;
    const r = await api('DELETE', `/api/v1/cameras/${encodeURIComponent(c.id)}`);
    if (r.status === 204) {
      say($('message'), t('delete.done', { name: c.name }), 'ok');
      await refresh();
    } else {
      say($('message'), problemText(problemOf(r)));
    }
  };
  dialog.showModal();
}

const form = new CameraForm({
  onSaved: async (camera, created) => {
    say($('message'), t(created ? 'form.added' : 'form.saved', { name: camera.name }), 'ok');
    $('list-section').hidden = false;
    await refresh();
  },
  onClose: () => { $('list-section').hidden = false; },
  onOpen: () => { $('list-section').hidden = true; masks.close(); },
});
const masks = new MaskEditor({
  onSaved: async (camera) => {
    say($('message'), t('masks.saved', { name: camera.name }), 'ok');
    $('list-section').hidden = false;
    await refresh();
  },
  onClose: () => { $('list-section').hidden = false; },
  onOpen: () => { $('list-section').hidden = true; form.close(); },
});

const me = await startPage(() => { renderAll(); form.render(); masks.render(); });
if (me) {
  mayEdit = me.permissions.includes('camera_admin');
  $('add').hidden = !mayEdit;
  $('add').addEventListener('click', () => form.add());
  if (!mayEdit) say($('message'), t('cameras.readOnly'), 'info');
  const regimes = await api('GET', '/api/v1/regimes');
  form.setRegimes(regimes.status === 200 ? regimes.data : []);
  await refresh();
  setInterval(refresh, POLL_MS);
  if (mayEdit && new URLSearchParams(location.search).get('add') === '1') form.add();
}
