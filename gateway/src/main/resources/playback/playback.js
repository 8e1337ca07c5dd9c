// The playback page: up to four cameras played back together, a timeline that zooms from the day to a minute,
// a time-of-day field, and for a selected range an export (downloaded and verified) or a legal hold. Every
// playback needs a stated purpose; the gateway logs each camera's playlist as a playback with it.
import { api } from '/ui/api.js';
import { locale, setText, t } from '/ui/i18n.js';
import { startPage } from '/ui/page.js';
import { problemOf, showProblem } from '/ui/errors.js';
import { duration } from '/ui/format.js';
import { signButton } from '/ui/buttons.js';
import { Timeline, ZOOMS } from './timeline.js';
import { SyncPlayers } from './players.js';
import { Evidence } from './evidence.js';

const $ = (id) => document.getElementById(id);
const DAY = 86400000;
const MAX_CAMERAS = 4;
const REFRESH_MS = 15000;
let cameras = [];
let timeline;
let players;
let evidence;
let selection = null;
let rowsMade = 0; // ids of camera fields: unique even after some were removed

function message(key) {
  $('message').hidden = !key;
  if (key) setText($('message'), key);
}

function dayStart() {
  const [y, m, d] = $('day').value.split('-').map(Number);
  return new Date(y, m - 1, d).getTime();
}

/** An instant of the shown day from a time field (hh:mm[:ss]), or null. */
function timeOfDay(value) {
  if (!value) return null;
  const [h, m, s] = value.split(':').map(Number);
  return dayStart() + ((h * 60 + m) * 60 + (s || 0)) * 1000;
}

function timeField(ms) {
  const d = new Date(ms);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((x) => String(x).padStart(2, '0')).join(':');
}

// ---- the cameras played ----------------------------------------------------------------------------------------

function chosenIds() {
  return [...$('camera-list').querySelectorAll('select')].map((s) => s.value).filter(Boolean);
}

/** Each camera field is named by its place ("Camera 2"), in the current language. */
function labelCameraFields() {
  [...$('camera-list').querySelectorAll('select')].forEach((select, i) => {
    select.setAttribute('aria-label', t('playback.cameraN', { n: i + 1 }));
  });
}

function cameraRow(id) {
  const li = document.createElement('li');
  const select = document.createElement('select');
  select.id = `camera-${++rowsMade}`;
  select.append(...cameras.map((c) => new Option(c.name || c.id, c.id)));
  select.value = id;
  select.addEventListener('change', camerasChanged);
  const remove = signButton('×', 'playback.removeCamera', () => {
    li.remove();
    camerasChanged();
  });
  li.append(select, remove);
  return li;
}

function camerasChanged() {
  labelCameraFields();
  const rows = [...$('camera-list').children];
  rows.forEach((li) => { li.querySelector('button').hidden = rows.length === 1; });
  $('add-camera').hidden = rows.length >= MAX_CAMERAS || rows.length >= cameras.length;
  const ids = chosenIds();
  players.setCameras(ids.map((id) => cameras.find((c) => c.id === id)));
  const pick = $('evidence-camera');
  const was = pick.value;
  pick.replaceChildren(...ids.map((id) => new Option(cameras.find((c) => c.id === id).name || id, id)));
  pick.value = ids.includes(was) ? was : ids[0];
  evidence.load();
  loadDay();
}

// ---- the timeline ----------------------------------------------------------------------------------------------

async function loadDay() {
  const start = dayStart();
  if (timeline.day !== start) timeline.setDay(start);
  const from = encodeURIComponent(new Date(start).toISOString());
  const to = encodeURIComponent(new Date(start + DAY).toISOString());
  const ids = chosenIds();
  const answers = await Promise.all(ids.map((id) => api('GET', `/api/v1/cameras/${encodeURIComponent(id)}/timeline?from=${from}&to=${to}`)));
  const failed = answers.find((r) => r.status !== 200);
  showProblem($('message'), failed ? problemOf(failed) : null);
  timeline.setLanes(ids.map((id, i) => {
    const data = answers[i].status === 200 ? answers[i].data : { spans: [], holds: [] };
    return { id, name: (cameras.find((c) => c.id === id) || {}).name || id,
      spans: data.spans.map((s) => ({ start: Date.parse(s.start), end: Date.parse(s.end) })),
      holds: data.holds.map((h) => ({ from: Date.parse(h.from), to: Date.parse(h.to) })) };
  }));
  showZoom();
}

function showZoom() {
  const span = ZOOMS[timeline.zoom].span;
  setText($('zoom-level'), span >= DAY ? 'playback.zoomDay' : span >= 3600000 ? 'playback.zoomHours' : 'playback.zoomMinutes',
    { n: span >= 3600000 ? span / 3600000 : span / 60000 });
  $('zoom-in').disabled = timeline.zoom === ZOOMS.length - 1;
  $('zoom-out').disabled = timeline.zoom === 0;
}

function select(from, to) {
  selection = from == null ? null : { from, to };
  timeline.select(from, to);
  evidence.setRange(from, to);
  $('sel-from').value = selection ? timeField(from) : '';
  $('sel-to').value = selection ? timeField(to) : '';
  if (selection) setText($('sel-length'), 'playback.selLength', { d: duration(to - from) });
  else $('sel-length').textContent = '';
}

function selectionFromFields() {
  const from = timeOfDay($('sel-from').value);
  const to = timeOfDay($('sel-to').value);
  if (from != null && to != null && to > from) select(from, to);
}

// ---- playing ---------------------------------------------------------------------------------------------------

function purpose() {
  return { purpose: $('purpose').value.trim(), caseNumber: $('case').value.trim() || null };
}

function play(at) {
  const p = purpose();
  if (p.purpose.length < 3) {
    message('playback.needPurpose');
    $('purpose').focus();
    return;
  }
  message(null);
  // The export starts with the playback's purpose; the operator may say more there.
  if (!$('export-purpose').value) $('export-purpose').value = p.purpose;
  if (!$('export-case').value && p.caseNumber) $('export-case').value = p.caseNumber;
  if (!$('hold-case').value && p.caseNumber) $('hold-case').value = p.caseNumber;
  $('time').value = timeField(at);
  timeline.setCursor(at);
  timeline.show(at);
  players.play(at, p);
}

function tick() {
  const wall = players.wall();
  $('clock').textContent = wall ? new Date(wall).toLocaleString(locale()) : '—';
  setText($('toggle'), players.paused() ? 'playback.play' : 'playback.pause');
  if (wall) {
    timeline.setCursor(wall);
    if (!players.paused()) timeline.show(wall);
  }
}

function wire() {
  $('add-camera').addEventListener('click', () => {
    const next = cameras.find((c) => !chosenIds().includes(c.id));
    if (next) $('camera-list').append(cameraRow(next.id));
    camerasChanged();
  });
  $('day').addEventListener('change', loadDay);
  $('go').addEventListener('click', () => {
    const at = timeOfDay($('time').value);
    if (at != null) play(at);
  });
  $('zoom-in').addEventListener('click', () => { timeline.zoomBy(1); showZoom(); });
  $('zoom-out').addEventListener('click', () => { timeline.zoomBy(-1); showZoom(); });
  $('pan-back').addEventListener('click', () => timeline.pan(-1));
  $('pan-fwd').addEventListener('click', () => timeline.pan(1));
  $('refresh').addEventListener('click', () => { loadDay(); evidence.load(); });
  $('sel-from').addEventListener('change', selectionFromFields);
  $('sel-to').addEventListener('change', selectionFromFields);
  $('sel-clear').addEventListener('click', () => select(null, null));
  $('back').addEventListener('click', () => players.jump(-10));
  $('fwd').addEventListener('click', () => players.jump(10));
  $('toggle').addEventListener('click', () => players.toggle());
  $('evidence-camera').addEventListener('change', () => evidence.load());
  // While watching today, new footage keeps arriving: the timeline follows it.
  setInterval(() => {
    if (Date.now() - dayStart() < DAY) loadDay();
  }, REFRESH_MS);
  setInterval(tick, 250);
}

async function main() {
  const me = await startPage(() => {
    labelCameraFields();
    timeline.render();
    showZoom();
    evidence.render();
  });
  if (!me) return;
  $('live-link').hidden = !me.permissions.includes('live');
  // Each part for whoever may use it: admins set legal holds on a range of the timeline but see no footage (D85).
  const mayPlay = me.permissions.includes('playback');
  const mayExport = me.permissions.includes('export');
  const mayHold = me.permissions.includes('legal_hold');
  for (const id of ['time', 'purpose', 'case']) $(id).closest('label').hidden = !mayPlay;
  $('go').hidden = !mayPlay;
  $('player-card').hidden = !mayPlay;
  setText($('timeline-hint'), mayPlay ? 'playback.hint' : 'playback.hintSelect');
  $('export-card').hidden = !mayExport;
  $('hold-card').hidden = !mayHold;
  $('evidence-pick').hidden = !mayExport && !mayHold;
  timeline = new Timeline($('timeline'), mayPlay ? play : () => {}, (from, to) => select(from, to));
  players = new SyncPlayers($('players'));
  evidence = new Evidence({ camera: () => $('evidence-camera').value, purpose, mayExport, mayHold });
  evidence.onHoldsChanged = loadDay;
  const now = new Date();
  $('day').value = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  const until = new Date(now.getTime() + 365 * DAY);
  $('hold-until').value = until.toISOString().slice(0, 10);
  const r = await api('GET', '/api/v1/cameras');
  cameras = r.status === 200 && Array.isArray(r.data) ? r.data : [];
  if (r.status !== 200) showProblem($('message'), problemOf(r));
  else if (!cameras.length) message('playback.noCameras');
  wire();
  if (cameras.length) {
    // Linked from a camera's live page: /playback?camera=<id>.
    const wanted = new URLSearchParams(location.search).get('camera');
    $('camera-list').append(cameraRow(cameras.some((c) => c.id === wanted) ? wanted : cameras[0].id));
    camerasChanged();
  }
  select(null, null);
  document.body.dataset.ready = 'true';
}

// For tests and the curious: what the players do now, and playing from an instant.
window.playbackState = () => players.state();
window.playAt = (iso) => play(Date.parse(iso));
window.selectRange = (fromIso, toIso) => select(Date.parse(fromIso), Date.parse(toIso));

main();
