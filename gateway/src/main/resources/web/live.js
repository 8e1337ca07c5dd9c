// The live grid: 1, 4, 9 or 16 cameras at a time, paged when more are chosen; the layout and the chosen cameras
// are the user's own settings, kept by the gateway. Only the tiles on screen play (one WebSocket each); a page
// change stops the others. Every view starts with a purpose (purpose.js), recorded with each view.
import { api } from './api.js';
import { setText } from './i18n.js';
import { signButton } from './buttons.js';
import { startPage } from './page.js';
import { problemOf, showProblem } from './errors.js';
import { LiveTile, cameraState, degradedReason } from './livetile.js';
import { describe, liveOptions, livePurpose, purposeQuery } from './purpose.js';
import { preferences, savePreferences } from './preferences.js';

const $ = (id) => document.getElementById(id);
const LAYOUTS = [1, 4, 9, 16];
const POLL_MS = 5000;
const tiles = new Map(); // camera id -> { tile, li, link, badge, where }
let cameras = [];
let layout = 4;
let chosen = null; // camera ids in slot order, or null: all, in the list's order
let page = 0;
let options = { askPurpose: false, defaultPurpose: null };
let purpose = null;

function message(key) {
  const m = $('message');
  m.hidden = !key;
  if (key) setText(m, key);
}

function tileFor(camera) {
  const li = document.createElement('li');
  const figure = document.createElement('figure');
  figure.className = 'tile';
  figure.dataset.camera = camera.id;
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.autoplay = true;
  const overlay = document.createElement('p');
  overlay.className = 'tile-message';
  const caption = document.createElement('figcaption');
  const link = document.createElement('a');
  link.href = `/camera?id=${encodeURIComponent(camera.id)}`;
  const badge = document.createElement('span');
  badge.className = 'badge';
  const stream = document.createElement('span');
  stream.className = 'badge stream';
  stream.hidden = true;
  const where = document.createElement('span');
  where.className = 'where';
  caption.append(link, badge, stream, where);
  figure.append(video, overlay, caption);
  li.append(figure);
  return { li, link, badge, where, tile: new LiveTile(figure, video, overlay, camera, purposeQuery(purpose),
    streamFor(layout)) };
}

function label(entry, camera) {
  entry.link.textContent = camera.name || camera.id;
  entry.where.textContent = camera.location || '';
  setText(entry.badge, 'state.' + cameraState(camera));
  entry.badge.dataset.state = cameraState(camera);
  entry.badge.title = cameraState(camera) === 'degraded' ? degradedReason(camera) : '';
}

/** The cameras to show, in slot order: the chosen ones that still exist, else all. */
function shown() {
  if (!chosen) return cameras;
  const byId = new Map(cameras.map((c) => [c.id, c]));
  return chosen.map((id) => byId.get(id)).filter(Boolean);
}

/** Large grids show the cameras' sub-streams (smaller pictures, less to decode); a camera without one sends its main. */
function streamFor(n) {
  return n >= 9 ? 'sub' : 'main';
}

function render() {
  const list = shown();
  const pages = Math.max(1, Math.ceil(list.length / layout));
  page = Math.min(page, pages - 1);
  const onPage = list.slice(page * layout, (page + 1) * layout);
  const grid = $('grid');
  grid.dataset.layout = String(layout);
  for (const [id, entry] of tiles) {
    if (!onPage.some((c) => c.id === id)) {
      entry.tile.stop();
      entry.li.remove();
      tiles.delete(id);
    }
  }
  onPage.forEach((c, i) => {
    let entry = tiles.get(c.id);
    if (!entry) {
      entry = tileFor(c);
      tiles.set(c.id, entry);
    } else {
      entry.tile.update(c);
    }
    entry.tile.setStream(streamFor(layout));
    label(entry, c);
    if (grid.children[i] !== entry.li) grid.insertBefore(entry.li, grid.children[i] || null);
  });
  $('pager').hidden = pages <= 1;
  setText($('page-of'), 'live.pageOf', { page: page + 1, pages });
  $('prev').disabled = page === 0;
  $('next').disabled = page >= pages - 1;
  for (const b of document.querySelectorAll('[data-layout]')) {
    if (b.tagName === 'BUTTON') b.setAttribute('aria-pressed', String(Number(b.dataset.layout) === layout));
  }
  message(cameras.length === 0 ? 'live.none' : list.length === 0 ? 'live.noneChosen' : null);
}

async function refresh() {
  const r = await api('GET', '/api/v1/cameras');
  if (r.status === 200 && Array.isArray(r.data)) {
    cameras = r.data;
    render();
  } else {
    showProblem($('message'), problemOf(r));
  }
}

async function setLayout(n) {
  // Keep the first camera on screen where it was: the page that holds it in the new layout.
  const first = page * layout;
  layout = n;
  page = Math.floor(first / n);
  render();
  const r = await savePreferences({ liveLayout: n });
  if (r.status !== 200) showProblem($('message'), problemOf(r));
}

// ---- choosing cameras ------------------------------------------------------------------------------------------

function chooserRow(camera, checked) {
  const li = document.createElement('li');
  const box = document.createElement('input');
  box.type = 'checkbox';
  box.id = 'choose-' + camera.id;
  box.value = camera.id;
  box.checked = checked;
  const name = document.createElement('label');
  name.htmlFor = box.id;
  name.textContent = camera.name || camera.id;
  const up = signButton('↑', 'live.moveUp',
    () => li.previousElementSibling && li.parentNode.insertBefore(li, li.previousElementSibling));
  const down = signButton('↓', 'live.moveDown',
    () => li.nextElementSibling && li.parentNode.insertBefore(li.nextElementSibling, li));
  li.append(box, name, up, down);
  return li;
}

function openChooser() {
  const order = chosen ? [...shown(), ...cameras.filter((c) => !chosen.includes(c.id))] : cameras;
  $('chooser-list').replaceChildren(...order.map((c) => chooserRow(c, !chosen || chosen.includes(c.id))));
  $('chooser').hidden = false;
  $('choose').setAttribute('aria-expanded', 'true');
  const first = $('chooser-list').querySelector('input');
  if (first) first.focus();
}

function closeChooser() {
  $('chooser').hidden = true;
  $('choose').setAttribute('aria-expanded', 'false');
  $('choose').focus();
}

async function saveChoice(ids) {
  chosen = ids;
  page = 0;
  render();
  closeChooser();
  const r = await savePreferences({ liveCameras: ids });
  if (r.status !== 200) showProblem($('message'), problemOf(r));
}

// ---- start -----------------------------------------------------------------------------------------------------

function wire() {
  for (const b of document.querySelectorAll('button[data-layout]')) {
    b.addEventListener('click', () => setLayout(Number(b.dataset.layout)));
  }
  $('prev').addEventListener('click', () => { page--; render(); });
  $('next').addEventListener('click', () => { page++; render(); });
  $('choose').addEventListener('click', () => ($('chooser').hidden ? openChooser() : closeChooser()));
  $('choose-cancel').addEventListener('click', closeChooser);
  $('choose-all').addEventListener('click', () => saveChoice(null));
  $('chooser').addEventListener('submit', (event) => {
    event.preventDefault();
    saveChoice([...$('chooser-list').querySelectorAll('input:checked')].map((b) => b.value));
  });
  $('change-purpose').addEventListener('click', async () => {
    purpose = await livePurpose(options, true);
    describe($('purpose-now'), purpose, options);
    // Running views carry the old purpose in their entries: start them again under the new one.
    for (const entry of tiles.values()) entry.tile.restart(purposeQuery(purpose));
  });
}

const me = await startPage(() => {
  for (const e of tiles.values()) e.tile.render();
  render();
});
if (me) {
  $('playback-link').hidden = !me.permissions.includes('playback');
  wire();
  const [prefs, opts] = await Promise.all([preferences(), liveOptions()]);
  options = opts;
  layout = LAYOUTS.includes(prefs.liveLayout) ? prefs.liveLayout : 4;
  chosen = Array.isArray(prefs.liveCameras) ? prefs.liveCameras : null;
  $('change-purpose').hidden = !options.askPurpose;
  purpose = await livePurpose(options);
  describe($('purpose-now'), purpose, options);
  await refresh();
  setInterval(refresh, POLL_MS);
}
// For tests and the latency harness: the players of this page.
window.poortwachterLive = { players: () => [...tiles.values()].map((e) => ({ camera: e.tile.camera.id, player: e.tile.player })) };
