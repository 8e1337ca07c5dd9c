// Live player: the gateway's WebSocket (/api/v1/cameras/{id}/live) into Media Source Extensions.
// Each binary message starts with 8 bytes: the wall-clock time (ms) the picture reached the gateway (0 for
// the init segment), then an fMP4 init segment or a one-picture fragment. Text messages are JSON:
// {type:'init', codec, width, height} before each init segment, {type:'ended'} (camera reconnecting),
// {type:'removed'}. The player keeps close to the live edge and measures how late each shown picture is.

const MAX_QUEUE = 100; // appends waiting for the SourceBuffer; beyond this we start over at the next keyframe
const KEEP_SECONDS = 20; // buffered video kept behind the playhead
const TARGET_BEHIND = 0.12; // seconds between the playhead and the newest picture: three pictures at 25 fps
const FAR_BEHIND = 0.5; // beyond this, seek instead of catching up by playing faster

/** Decode time (s) of a one-sample fragment: tfdt, version 1 (64 bit) as our muxer writes it. */
function decodeTime(bytes) {
  for (let i = 8; i + 20 <= bytes.length && i < 200; i++) {
    if (bytes[i] === 0x74 && bytes[i + 1] === 0x66 && bytes[i + 2] === 0x64 && bytes[i + 3] === 0x74) {
      const v = new DataView(bytes.buffer, bytes.byteOffset + i + 4, 12);
      const t = v.getUint8(0) === 1 ? Number(v.getBigUint64(4)) : v.getUint32(4);
      return t / 90000;
    }
  }
  return null;
}

/**
 * Whether a one-sample fragment holds a keyframe: the first sample's flags in trun (our muxer writes
 * duration, size, flags and composition offset per sample) have sample_is_non_sync_sample clear.
 */
function isKeyframe(bytes) {
  for (let i = 8; i + 28 <= bytes.length && i < 200; i++) {
    if (bytes[i] === 0x74 && bytes[i + 1] === 0x72 && bytes[i + 2] === 0x75 && bytes[i + 3] === 0x6e) {
      const v = new DataView(bytes.buffer, bytes.byteOffset + i, 28);
      return (v.getUint32(24) & 0x00010000) === 0;
    }
  }
  return false;
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
    this.latencies = []; // ms from arrival at the gateway to display, last 200 pictures
    this.stopped = false;
    this.codec = null;
    this.anchor = null; // {media, wall}: maps media time to arrival time
    this.skips = 0; // jumps to the live edge: seeks forward and queues dropped (for the latency harness)
  }

  start() {
    this.stopped = false;
    this.onState('connecting');
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const ws = new WebSocket(`${scheme}://${location.host}/api/v1/cameras/${encodeURIComponent(this.camera)}/live`
      + (this.query ? `?${this.query}` : ''));
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
    this.anchor = null;
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
    if (wall !== 0 && this.anchor === null) {
      const t = decodeTime(bytes);
      if (t !== null) this.anchor = { media: t, wall };
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
      if (this.anchor) {
        const wall = this.anchor.wall + (meta.mediaTime - this.anchor.media) * 1000;
        this.latencies.push(Date.now() - wall);
        if (this.latencies.length > 200) this.latencies.shift();
        if (!this.shown) {
          this.shown = true;
          this.onState('playing');
        }
      }
      v.requestVideoFrameCallback(onFrame);
    };
    v.requestVideoFrameCallback(onFrame);
  }
}
