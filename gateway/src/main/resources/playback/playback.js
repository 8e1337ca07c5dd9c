// The playback page: a day's timeline (recorded spans, gaps, holds), play from any instant, jump ±10 s.
// Video comes as HLS (the gateway's playlist over byte ranges of the recorded files), played by hls.js
// through Media Source Extensions. Dutch by default, English on request (kept in localStorage).
import { api } from '/ui/api.js';

const TEXT = {
  nl: {
    app: 'Poortwachter', title: 'Opnamen terugkijken', camera: 'Camera', day: 'Dag', purpose: 'Doel (verplicht)',
    case: 'Zaaknummer', recorded: 'opname', gap: 'geen opname', hold: 'bewaarplicht', back: '−10 s', fwd: '+10 s',
    lang: 'English', needPurpose: 'Vul eerst het doel van het terugkijken in.', noFootage: 'Geen opname op dit moment.',
    error: 'Afspelen lukt niet: {m}', noCameras: 'U heeft geen camera’s om terug te kijken.',
  },
  en: {
    app: 'Poortwachter', title: 'Play back recordings', camera: 'Camera', day: 'Day', purpose: 'Purpose (required)',
    case: 'Case number', recorded: 'recorded', gap: 'no recording', hold: 'legal hold', back: '−10 s', fwd: '+10 s',
    lang: 'Nederlands', needPurpose: 'State the purpose of playback first.', noFootage: 'No recording at this moment.',
    error: 'Cannot play: {m}', noCameras: 'You have no cameras to play back.',
  },
};
let lang = localStorage.getItem('lang') === 'en' ? 'en' : 'nl';
const t = (k, v = {}) => TEXT[lang][k].replace(/\{(\w+)\}/g, (_, n) => v[n] ?? '');
const $ = (id) => document.getElementById(id);
const DAY = 86400000;
const state = { hls: null, playlistFrom: null, dayStart: null, startedAt: null, reloadedAt: 0 };

function translate() {
  document.documentElement.lang = lang;
  document.querySelectorAll('[data-t]').forEach((e) => { e.textContent = t(e.dataset.t); });
  $('lang').textContent = t('lang');
}

function message(text) {
  $('message').textContent = text || '';
  $('message').hidden = !text;
}

function localDayStart(value) {
  const [y, m, d] = value.split('-').map(Number);
  return new Date(y, m - 1, d).getTime();
}

async function loadCameras() {
  const r = await api('GET', '/api/v1/cameras');
  const list = Array.isArray(r.data) ? r.data : [];
  $('camera').replaceChildren(...list.map((c) => new Option(c.name || c.id, c.id)));
  // Linked from a camera's live page: /playback?camera=<id>.
  const wanted = new URLSearchParams(location.search).get('camera');
  if (wanted && list.some((c) => c.id === wanted)) $('camera').value = wanted;
  if (!list.length) message(t('noCameras'));
}

async function loadDay() {
  const camera = $('camera').value;
  if (!camera || !$('day').value) return;
  state.dayStart = localDayStart($('day').value);
  const from = new Date(state.dayStart).toISOString();
  const to = new Date(state.dayStart + DAY).toISOString();
  const r = await api('GET', `/api/v1/cameras/${camera}/timeline?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
  const tl = $('timeline');
  tl.replaceChildren();
  if (r.status !== 200) return;
  const pct = (iso) => ((Date.parse(iso) - state.dayStart) / DAY) * 100;
  for (const s of r.data.spans) {
    const e = document.createElement('div');
    e.className = 'span';
    e.style.left = `${pct(s.start)}%`;
    e.style.width = `${Math.max(0.15, pct(s.end) - pct(s.start))}%`;
    e.title = `${new Date(s.start).toLocaleTimeString()} – ${new Date(s.end).toLocaleTimeString()}`;
    tl.append(e);
  }
  for (const h of r.data.holds) {
    const e = document.createElement('div');
    e.className = 'hold';
    e.style.left = `${Math.max(0, pct(h.from))}%`;
    e.style.width = `${Math.max(0.2, Math.min(100, pct(h.to)) - Math.max(0, pct(h.from)))}%`;
    tl.append(e);
  }
  const cursor = document.createElement('div');
  cursor.className = 'cursor';
  cursor.id = 'cursor';
  cursor.hidden = true;
  tl.append(cursor);
}

// Plays from a wall-clock instant: a playlist from a minute before (so −10 s works at once) to half an hour after,
// starting at the instant (EXT-X-START, which hls.js honours).
function play(at) {
  const purpose = $('purpose').value.trim();
  if (purpose.length < 3) {
    message(t('needPurpose'));
    $('purpose').focus();
    return;
  }
  message('');
  const camera = $('camera').value;
  const from = new Date(at - 60000).toISOString();
  const to = new Date(at + 30 * 60000).toISOString();
  const q = new URLSearchParams({ from, to, at: new Date(at).toISOString(), purpose });
  if ($('case').value.trim()) q.set('caseNumber', $('case').value.trim());
  if (state.hls) state.hls.destroy();
  const hls = new window.Hls({ enableWorker: false, startPosition: -1, maxBufferLength: 30 });
  state.hls = hls;
  state.startedAt = at;
  hls.on(window.Hls.Events.ERROR, (_, data) => {
    if (!data.fatal) return;
    const status = data.response && data.response.code;
    // A playlist's media URLs work for a limited time (its duration plus a margin): past it, ask for the playlist
    // again from where the player is (a new playback in the access log). Once a minute at most, so a real refusal
    // does not loop.
    const wall = currentWall();
    if (status === 403 && data.details === 'fragLoadError' && wall && Date.now() - state.reloadedAt > 60000) {
      state.reloadedAt = Date.now();
      play(wall);
      return;
    }
    message(status === 404 ? t('noFootage') : t('error', { m: data.details }));
  });
  hls.on(window.Hls.Events.MANIFEST_PARSED, () => { $('video').play().catch(() => {}); });
  hls.loadSource(`/api/v1/cameras/${camera}/playback.m3u8?${q}`);
  hls.attachMedia($('video'));
}

function currentWall() {
  const d = state.hls && state.hls.playingDate;
  return d ? d.getTime() : null;
}

function jump(seconds) {
  const v = $('video');
  const wall = currentWall();
  const target = v.currentTime + seconds;
  const inside = v.seekable.length && target >= v.seekable.start(0) && target <= v.seekable.end(v.seekable.length - 1);
  if (inside) {
    v.currentTime = target;
  } else if (wall) {
    play(wall + seconds * 1000);
  }
}

function tick() {
  const wall = currentWall();
  $('clock').textContent = wall ? new Date(wall).toLocaleString(lang === 'nl' ? 'nl-NL' : 'en-GB') : '—';
  const c = $('cursor');
  if (c && wall && state.dayStart !== null) {
    c.hidden = false;
    c.style.left = `${((wall - state.dayStart) / DAY) * 100}%`;
  }
}

// For tests and the curious: what the player does now.
window.playbackState = () => ({
  paused: $('video').paused,
  currentTime: $('video').currentTime,
  playingDate: currentWall() ? new Date(currentWall()).toISOString() : null,
  requested: state.startedAt ? new Date(state.startedAt).toISOString() : null,
  message: $('message').hidden ? null : $('message').textContent,
});
window.playAt = (iso) => play(Date.parse(iso));

async function main() {
  translate();
  $('lang').addEventListener('click', () => {
    lang = lang === 'nl' ? 'en' : 'nl';
    localStorage.setItem('lang', lang);
    translate();
  });
  const now = new Date();
  $('day').value = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  await loadCameras();
  await loadDay();
  $('camera').addEventListener('change', loadDay);
  $('day').addEventListener('change', loadDay);
  $('timeline').addEventListener('click', (e) => {
    const box = $('timeline').getBoundingClientRect();
    play(state.dayStart + ((e.clientX - box.left) / box.width) * DAY);
  });
  $('back').addEventListener('click', () => jump(-10));
  $('fwd').addEventListener('click', () => jump(10));
  setInterval(tick, 250);
  document.body.dataset.ready = 'true';
}

main();
