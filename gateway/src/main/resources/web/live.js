import { api } from './api.js';
import { setupLanguageSwitch, t } from './i18n.js';
import { LiveTile, cameraState, degradedReason } from './livetile.js';

const tiles = new Map(); // camera id -> { tile, li }
const POLL_MS = 5000;

function message(text) {
  const m = document.getElementById('message');
  m.hidden = !text;
  m.textContent = text || '';
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
  const where = document.createElement('span');
  where.className = 'where';
  caption.append(link, badge, where);
  figure.append(video, overlay, caption);
  li.append(figure);
  return { li, link, badge, where, tile: new LiveTile(figure, video, overlay, camera) };
}

function label(entry, camera) {
  entry.link.textContent = camera.name || camera.id;
  entry.where.textContent = camera.location || '';
  entry.badge.textContent = t('state.' + cameraState(camera));
  entry.badge.dataset.state = cameraState(camera);
  entry.badge.title = cameraState(camera) === 'degraded' ? degradedReason(camera) : '';
}

let cameras = [];

function render() {
  const grid = document.getElementById('grid');
  for (const c of cameras) {
    let entry = tiles.get(c.id);
    if (!entry) {
      entry = tileFor(c);
      tiles.set(c.id, entry);
      grid.append(entry.li);
    } else {
      entry.tile.update(c);
    }
    label(entry, c);
  }
  for (const [id, entry] of tiles) {
    if (!cameras.some((c) => c.id === id)) {
      entry.tile.stop();
      entry.li.remove();
      tiles.delete(id);
    }
  }
  message(cameras.length === 0 ? t('live.none') : null);
}

async function refresh() {
  const r = await api('GET', '/api/v1/cameras');
  if (r.status === 200 && Array.isArray(r.data)) {
    cameras = r.data;
    render();
  } else {
    message(t('live.listFailed'));
  }
}

setupLanguageSwitch(() => { for (const e of tiles.values()) e.tile.render(); render(); });
const me = await api('GET', '/api/v1/auth/me');
if (me.data) document.getElementById('signed-in').textContent = t('home.signedIn', { user: me.data.username, role: me.data.role });
await refresh();
setInterval(refresh, POLL_MS);
// For tests and the latency harness: the players of this page.
window.poortwachterLive = { players: () => [...tiles.values()].map((e) => ({ camera: e.tile.camera.id, player: e.tile.player })) };
