import { api } from './api.js';
import { setupLanguageSwitch, t } from './i18n.js';
import { LiveTile, cameraState } from './livetile.js';

const id = new URLSearchParams(location.search).get('id') || '';
const $ = (x) => document.getElementById(x);
let tile = null;
let camera = null;

function show() {
  if (!camera) return;
  $('title').textContent = camera.name || camera.id;
  document.title = `Poortwachter – ${camera.name || camera.id}`;
  const s = camera.status || {};
  $('state').textContent = t('state.' + cameraState(camera)) + (s.lastError && s.state !== 'streaming' ? ` — ${s.lastError}` : '');
  $('location').textContent = camera.location || '—';
  $('codec').textContent = s.codec ? s.codec.toUpperCase() + (camera.mode === 'passthrough' ? ` (${t('camera.passthrough')})`
    : ` (${t('camera.transcoded')}${s.encoder ? ', ' + s.encoder : ''})`) : '—';
  // A camera that asked for a hardware encoder the machine lacks says so where its encoder is shown.
  $('codec').title = s.encoderFallback || '';
  $('resolution').textContent = s.width ? `${s.width} × ${s.height}` : '—';
  $('fps').textContent = s.fps ? s.fps.toFixed(1) : '—';
  $('recordings').href = `/playback?camera=${encodeURIComponent(camera.id)}`;
  if (tile) tile.render();
}

function showLatency() {
  const l = tile ? tile.player.latencies : [];
  if (l.length === 0) return;
  const sorted = [...l].sort((a, b) => a - b);
  $('latency').textContent = t('camera.latencyValue', { ms: Math.round(sorted[Math.floor(sorted.length / 2)]) });
}

async function refresh() {
  const r = await api('GET', `/api/v1/cameras/${encodeURIComponent(id)}`);
  if (r.status !== 200) {
    $('message').hidden = false;
    $('message').textContent = r.status === 404 ? t('camera.notFound') : t('live.listFailed');
    return;
  }
  camera = r.data;
  if (!tile) tile = new LiveTile($('tile'), $('video'), $('overlay'), camera);
  else tile.update(camera);
  show();
}

setupLanguageSwitch(show);
await refresh();
setInterval(refresh, 5000);
setInterval(showLatency, 1000);
window.poortwachterLive = { players: () => (tile ? [{ camera: id, player: tile.player }] : []) };
