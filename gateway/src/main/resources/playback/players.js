// One to four cameras played back side by side, kept at the same wall-clock instant. Each camera is its own HLS
// playback (the gateway's playlist over byte ranges of its recordings, played by hls.js through Media Source
// Extensions), and so its own entry in the access log with the stated purpose. The first camera that plays leads;
// the others are moved to its instant when they drift. Playing on past the end of what was recorded when the
// playlist was made asks for a new playlist from there (footage recorded since then).
import { setText } from '/ui/i18n.js';
import { problemOfXhr, showProblem } from '/ui/errors.js';

const BEFORE = 60000; // a playlist starts a minute before the instant asked for, so −10 s works at once
const AFTER = 30 * 60000; // and runs half an hour on
const DRIFT_MS = 400; // further apart than this, a follower is moved to the leader's instant
const CONTEXT = { not_found: 'playback.noFootage', 404: 'playback.noFootage' };

class Track {
  constructor(camera, figure, video, message) {
    this.camera = camera;
    this.figure = figure;
    this.video = video;
    this.message = message;
    this.hls = null;
    this.reloadedAt = 0;
  }

  /** The wall-clock instant on screen (ms), from the playlist's PROGRAM-DATE-TIME; null before it plays. */
  wall() {
    const d = this.hls && this.hls.playingDate;
    return d ? d.getTime() : null;
  }

  destroy() {
    if (this.hls) this.hls.destroy();
    this.hls = null;
  }
}

export class SyncPlayers {
  /** @param box where the camera tiles go */
  constructor(box) {
    this.box = box;
    this.tracks = [];
    this.purpose = null;
    this.startedAt = null;
    this.lastFollow = 0;
    this.timer = setInterval(() => this.sync(), 500);
  }

  /** The cameras to play ({id, name}), in order: the first leads. Stops what played. */
  setCameras(cameras) {
    for (const t of this.tracks) t.destroy();
    this.tracks = cameras.map((c) => {
      const figure = document.createElement('figure');
      figure.className = 'replay';
      figure.dataset.camera = c.id;
      const video = document.createElement('video');
      video.muted = true;
      video.playsInline = true;
      video.controls = cameras.length === 1;
      const caption = document.createElement('figcaption');
      caption.textContent = c.name || c.id;
      const message = document.createElement('p');
      message.className = 'message';
      message.setAttribute('role', 'alert');
      message.hidden = true;
      figure.append(video, caption, message);
      const track = new Track(c, figure, video, message);
      video.addEventListener('ended', () => this.follow(track));
      return track;
    });
    this.box.replaceChildren(...this.tracks.map((t) => t.figure));
    this.box.dataset.count = String(this.tracks.length);
  }

  /** Plays every camera from {@code at} (ms) under {purpose, caseNumber}. */
  play(at, purpose) {
    this.purpose = purpose;
    this.startedAt = at;
    for (const t of this.tracks) this.load(t, at);
  }

  load(track, at) {
    const q = new URLSearchParams({ from: new Date(at - BEFORE).toISOString(), to: new Date(at + AFTER).toISOString(),
      at: new Date(at).toISOString(), purpose: this.purpose.purpose });
    if (this.purpose.caseNumber) q.set('caseNumber', this.purpose.caseNumber);
    track.destroy();
    showProblem(track.message, null);
    const hls = new window.Hls({ enableWorker: false, startPosition: -1, maxBufferLength: 30 });
    track.hls = hls;
    hls.on(window.Hls.Events.ERROR, (_, data) => {
      if (!data.fatal || track.hls !== hls) return;
      const status = data.response && data.response.code;
      // A playlist's media URLs work for a limited time (its duration plus a margin): past it, ask for the
      // playlist again from where the player is (a new playback in the access log). Once a minute at most, so a
      // real refusal does not loop.
      const wall = track.wall();
      if (status === 403 && data.details === 'fragLoadError' && wall && Date.now() - track.reloadedAt > 60000) {
        track.reloadedAt = Date.now();
        this.load(track, wall);
        return;
      }
      if (data.type === window.Hls.ErrorTypes.NETWORK_ERROR) {
        showProblem(track.message, problemOfXhr(data.networkDetails, CONTEXT));
      } else {
        track.message.hidden = false;
        setText(track.message, 'playback.mediaError', { details: data.details });
      }
    });
    hls.on(window.Hls.Events.MANIFEST_PARSED, () => { track.video.play().catch(() => {}); });
    hls.loadSource(`/api/v1/cameras/${encodeURIComponent(track.camera.id)}/playback.m3u8?${q}`);
    hls.attachMedia(track.video);
  }

  /** The leading camera: the first one that is playing (a camera in a gap does not hold the others). */
  leader() {
    return this.tracks.find((t) => t.wall() != null && !t.video.paused && !t.video.ended)
      || this.tracks.find((t) => t.wall() != null) || null;
  }

  /** The instant on screen (ms), or null. */
  wall() {
    const l = this.leader();
    return l ? l.wall() : null;
  }

  /** Keeps the followers at the leader's instant: a seek when they drift apart (starts, stalls, gaps). */
  sync() {
    const lead = this.leader();
    if (!lead || this.tracks.length < 2) return;
    const at = lead.wall();
    for (const t of this.tracks) {
      const w = t.wall();
      if (t === lead || w == null) continue;
      const diff = w - at;
      const target = t.video.currentTime - diff / 1000;
      const s = t.video.seekable;
      if (Math.abs(diff) > DRIFT_MS && s.length && target >= s.start(0) && target <= s.end(s.length - 1)) {
        t.video.currentTime = target;
      }
      if (lead.video.paused !== t.video.paused) {
        if (lead.video.paused) t.video.pause();
        else t.video.play().catch(() => {});
      }
    }
  }

  /**
   * The end of a playlist: if the camera recorded on since it was made (watching close to now), a new playlist
   * from there. At most every five seconds, so a camera that stopped recording does not loop.
   */
  follow(track) {
    const wall = track.wall();
    if (wall == null || Date.now() - wall < 3000 || Date.now() - this.lastFollow < 5000) return;
    this.lastFollow = Date.now();
    this.play(wall, this.purpose);
  }

  paused() {
    const l = this.leader();
    return !l || l.video.paused;
  }

  toggle() {
    const pause = !this.paused();
    for (const t of this.tracks) {
      if (pause) t.video.pause();
      else t.video.play().catch(() => {});
    }
  }

  /** ±seconds: a seek inside what is loaded, else new playlists from there. */
  jump(seconds) {
    const wall = this.wall();
    const inside = this.tracks.every((t) => {
      const target = t.video.currentTime + seconds;
      const s = t.video.seekable;
      return t.wall() == null || (s.length && target >= s.start(0) && target <= s.end(s.length - 1));
    });
    if (inside) {
      for (const t of this.tracks) if (t.wall() != null) t.video.currentTime += seconds;
    } else if (wall) {
      this.play(wall + seconds * 1000, this.purpose);
    }
  }

  /** What the players do now, for tests. */
  state() {
    const l = this.leader();
    return {
      paused: this.paused(),
      currentTime: l ? l.video.currentTime : 0,
      playingDate: this.wall() ? new Date(this.wall()).toISOString() : null,
      requested: this.startedAt ? new Date(this.startedAt).toISOString() : null,
      cameras: this.tracks.map((t) => ({ camera: t.camera.id, playingDate: t.wall() ? new Date(t.wall()).toISOString() : null,
        paused: t.video.paused, message: t.message.hidden ? null : t.message.textContent })),
    };
  }
}
