// Live player: the gateway's WebSocket (/api/v1/cameras/{id}/live) into Media Source Extensions.
// Each binary message starts with 8 bytes: the wall-clock time (ms) the picture reached the gateway (0 for
// the init segment), then an fMP4 init segment or a one-picture fragment. Text messages are JSON:
// {type:'init', codec, width, height, stream} before each init segment (stream: which of the camera's streams is
// served, 'main' or 'sub', D89), {type:'ended'} (camera reconnecting),
// {type:'removed'}. The player keeps close to the live edge and measures how late each shown picture is.

const MAX_QUEUE = 100; // appends waiting for the SourceBuffer; beyond this we start over at the next keyframe
const KEEP_SECONDS = 20; // buffered video kept behind the playhead
const TARGET_BEHIND = 0.12; // seconds between the playhead and the newest picture: three pictures at 25 fps
const FAR_BEHIND = 0.5; // beyond this, seek instead of catching up by playing faster
const MAX_ARRIVALS = 250; // pictures whose arrival is kept for the latency figure: 10 s at 25 fps
const MATCH_SECONDS = 0.005; // a shown picture's media time matches a received one within this (under a frame)

/** The box named {@code type} (4 ASCII letters) among the first bytes of a fragment: offset of its payload, or -1. */
function findBox(bytes, type, from) {
  const c = [...type].map((ch) => ch.charCodeAt(0));
  for (let i = from; i + 8 <= bytes.length && i < 400; i++) {
    if (bytes[i] === c[0] && bytes[i + 1] === c[1] && bytes[i + 2] === c[2] && bytes[i + 3] === c[3]) return i + 4;
  }
  return -1;
}

/**
 * Presentation time (s) of a one-picture fragment as our muxer writes it: tfdt (decode time) plus the picture's
 * composition offset from trun (non-zero for cameras with B-frames). The shown picture is matched by it.
 */
function presentationTime(bytes) {
  const tfdt = findBox(bytes, 'tfdt', 8);
  if (tfdt < 0) return null;
  const v = new DataView(bytes.buffer, bytes.byteOffset);
  const decode = v.getUint8(tfdt) === 1 ? Number(v.getBigUint64(tfdt + 4)) : v.getUint32(tfdt + 4);
  let offset = 0;
  const trun = findBox(bytes, 'trun', tfdt);
  if (trun >= 0) {
    const version = v.getUint8(trun);
    const flags = v.getUint32(trun) & 0xffffff;
    let at = trun + 8; // version and flags, sample count
    if (flags & 0x1) at += 4; // data offset
    if (flags & 0x4) at += 4; // first sample flags
    if (flags & 0x100) at += 4; // duration
    if (flags & 0x200) at += 4; // size
    if (flags & 0x400) at += 4; // sample flags
    if (flags & 0x800) offset = version === 1 ? v.getInt32(at) : v.getUint32(at);
  }
  return (decode + offset) / 90000;
}

/**
 * Whether a one-sample fragment holds a keyframe: the first sample's flags in trun (our muxer writes
 * duration, size, flags and composition offset per sample) have sample_is_non_sync_sample clear.
 */
function isKeyframe(bytes) {
  const trun = findBox(bytes, 'trun', 8);
  if (trun < 0 || trun + 24 > bytes.length) return false;
  return (new DataView(bytes.buffer, bytes.byteOffset + trun - 4, 28).getUint32(24) & 0x00010000) === 0;
}

export function mseSupports(codec) {
  return !!window.MediaSource && MediaSource.isTypeSupported(`video/mp4; codecs="${codec}"`);
}

export class LivePlayer {
  /**
   * @param video   a <video> element (muted, playsinline)
   * @param camera  camera id
   * @param onState called with ('connecting'|'playing'|'reconnecting'|'unsupported'|'removed'|'denied', detail)
   * @param query   query parameters of the view (its purpose), '' for none
   */
  constructor(video, camera, onState, query = '') {
    this.video = video;
    this.camera = camera;
    this.onState = onState;
    this.query = query;
    this.stream = 'main'; // asked for: 'sub' in large grids (D89)
    this.served = null; // what the gateway serves: 'sub' only where the camera has a sub-stream
    this.latencies = []; // ms from arrival at the gateway to display, last 200 pictures
    this.stopped = false;
    this.codec = null;
    this.arrivals = []; // [{time, wall}]: each received picture's presentation time and arrival at the gateway
    this.skips = 0; // jumps to the live edge: seeks forward and queues dropped (for the latency harness)
  }

  start() {
    this.stopped = false;
    this.onState('connecting');
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const params = [this.query, this.stream === 'sub' ? 'stream=sub' : ''].filter(Boolean).join('&');
    const ws = new WebSocket(`${scheme}://${location.host}/api/v1/cameras/${encodeURIComponent(this.camera)}/live`
      + (params ? `?${params}` : ''));
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    ws.onmessage = (e) => (typeof e.data === 'string' ? this.control(JSON.parse(e.data)) : this.media(e.data));
    ws.onclose = (e) => {
      if (this.stopped) return;
      if (e.code === 4401) {
        // The session ended or the grant was withdrawn while watching.
        this.stopped = true;
        this.onState('denied');
        return;
      }
      if (e.code === 1006 && !this.everOpened) {
        // Refused before the upgrade (no permission, no such camera): do not hammer the gateway.
        this.onState('denied');
        return;
      }
      this.onState('reconnecting');
      this.retry = setTimeout(() => this.start(), 2000);
    };
    ws.onopen = () => { this.everOpened = true; };
  }

  /** True while pictures are being shown (one within the last 3 s). */
  fresh() {
    return this.lastPictureAt !== undefined && Date.now() - this.lastPictureAt < 3000;
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.retry);
    if (this.ws) this.ws.close();
    this.reset();
  }

  control(m) {
    if (m.type === 'init') {
      if (!mseSupports(m.codec)) {
        this.onState('unsupported', m.codec);
        this.stopped = true;
        this.ws.close();
        return;
      }
      this.width = m.width;
      this.height = m.height;
      this.served = m.stream || 'main';
      this.setup(m.codec);
    } else if (m.type === 'ended') {
      this.onState('reconnecting');
    } else if (m.type === 'removed') {
      this.stopped = true;
      this.onState('removed');
    }
  }

  /** A new MediaSource per camera session: media time restarts at 0 with each one. */
  setup(codec) {
    this.reset();
    this.codec = codec;
    this.queue = [];
    this.arrivals = [];
    this.shown = false;
    const ms = new MediaSource();
    this.ms = ms;
    this.url = URL.createObjectURL(ms);
    this.video.src = this.url;
    ms.addEventListener('sourceopen', () => {
      if (this.ms !== ms) return;
      this.sb = ms.addSourceBuffer(`video/mp4; codecs="${codec}"`);
      this.sb.mode = 'segments';
      this.sb.addEventListener('updateend', () => this.next());
      this.next();
    }, { once: true });
    this.watchFrames();
  }

  reset() {
    this.sb = null;
    this.queue = [];
    this.waitForKey = false;
    if (this.url) URL.revokeObjectURL(this.url);
    this.url = null;
    this.ms = null;
  }

  media(data) {
    if (!this.ms) return;
    const wall = Number(new DataView(data, 0, 8).getBigUint64(0));
    const bytes = new Uint8Array(data, 8);
    if (wall !== 0) {
      const time = presentationTime(bytes);
      if (time !== null) {
        this.arrivals.push({ time, wall });
        if (this.arrivals.length > MAX_ARRIVALS) this.arrivals.shift();
      }
    }
    if (this.queue.length >= MAX_QUEUE) {
      // The tab cannot keep up (hidden, slow device): drop what waits and start again at the next keyframe,
      // the live edge, rather than grow or feed the decoder pictures whose references were dropped.
      this.queue = [];
      this.waitForKey = true;
      this.skips++;
    }
    if (this.waitForKey) {
      if (!isKeyframe(bytes)) return;
      this.waitForKey = false;
    }
    this.queue.push(bytes);
    this.next();
  }

  next() {
    const sb = this.sb;
    if (!sb || sb.updating || this.queue.length === 0) return;
    try {
      sb.appendBuffer(this.queue.shift());
    } catch (e) {
      // QuotaExceeded or a closed source: drop what is buffered behind the playhead and carry on.
      this.trim(true);
      return;
    }
    this.followLiveEdge();
  }

  /**
   * Keeps the playhead just behind the newest picture: a seek when far behind (start, stall, hidden tab), a
   * slightly faster playback rate when a little behind, so latency stays low without visible jumps.
   */
  followLiveEdge() {
    const v = this.video;
    const b = v.buffered;
    if (b.length === 0) return;
    const start = b.start(b.length - 1);
    const end = b.end(b.length - 1);
    const behind = end - v.currentTime;
    if (v.currentTime < start || behind > FAR_BEHIND) {
      if (v.currentTime >= start) this.skips++;
      v.currentTime = Math.max(start, end - TARGET_BEHIND);
      v.playbackRate = 1;
    } else if (behind > TARGET_BEHIND * 3) {
      v.playbackRate = 1.25;
    } else if (behind > TARGET_BEHIND * 2) {
      v.playbackRate = 1.1;
    } else if (behind <= TARGET_BEHIND) {
      v.playbackRate = 1;
    }
    if (v.paused) {
      v.play().catch(() => {});
    }
    this.trim(false);
  }

  trim(force) {
    const sb = this.sb;
    const v = this.video;
    if (!sb || sb.updating || v.buffered.length === 0) return;
    const start = v.buffered.start(0);
    if (force || v.currentTime - start > KEEP_SECONDS * 1.5) {
      const to = Math.max(start, v.currentTime - KEEP_SECONDS / 2);
      if (to > start) sb.remove(start, to);
    }
  }

  /** For each shown picture: how long after it reached the gateway (same clock: the gateway's machine). */
  watchFrames() {
    const v = this.video;
    if (!v.requestVideoFrameCallback || this.watching) return;
    this.watching = true;
    const onFrame = (now, meta) => {
      this.lastPictureAt = Date.now();
      // Each shown picture's own arrival, found by its presentation time; never one picture's arrival plus media
      // time (a camera's clock and its pictures' arrival drift apart, so that would measure the drift).
      const wall = this.arrivalOf(meta.mediaTime);
      if (wall !== null) {
        this.latencies.push(Date.now() - wall);
        if (this.latencies.length > 200) this.latencies.shift();
      }
      if (this.arrivals.length > 0 && !this.shown) {
        this.shown = true;
        this.onState('playing');
      }
      v.requestVideoFrameCallback(onFrame);
    };
    v.requestVideoFrameCallback(onFrame);
  }

  /** Arrival (ms) of the received picture with this presentation time (s), or null if it is not (or no longer) known. */
  arrivalOf(time) {
    for (let i = this.arrivals.length - 1; i >= 0; i--) {
      if (Math.abs(this.arrivals[i].time - time) < MATCH_SECONDS) return this.arrivals[i].wall;
    }
    return null;
  }
}
