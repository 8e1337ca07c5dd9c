// One live tile (grid or single camera page): a LivePlayer plus what the operator must see instead of a
// black picture: connecting, reconnecting, offline with the reason, or that this browser cannot show the codec.
import { LivePlayer } from './player.js';
import { t } from './i18n.js';

/** 'streaming' | 'degraded' | 'reconnecting' | 'offline' | 'disabled', from the camera's status in the API. */
export function cameraState(camera) {
  if (camera.recording === false) return 'disabled';
  const s = camera.status ? camera.status.state : 'connecting';
  if (s === 'streaming') return 'streaming';
  // Streaming, but the gateway falls behind or records key frames only (overload): the reason is in the status.
  if (s === 'degraded') return 'degraded';
  if (s === 'failed' || (s === 'backoff' && camera.status.lastError)) return 'offline';
  return 'reconnecting';
}

/** Why a degraded camera is degraded, in the words of the recorder (an integrator's detail; English). */
export function degradedReason(camera) {
  const load = camera.status && camera.status.load;
  return t('live.degraded', { reason: load && load.degradedReason ? load.degradedReason : '' });
}

export class LiveTile {
  /**
   * @param query  the view's purpose as query parameters (purpose.js), '' for the gateway's default
   * @param stream which of the camera's streams to ask for ({@link setStream})
   */
  constructor(figure, video, overlay, camera, query = '', stream = 'main') {
    this.figure = figure;
    this.video = video;
    this.overlay = overlay;
    this.player = new LivePlayer(video, camera.id, (state, detail) => {
      this.playerState = state;
      this.detail = detail;
      this.render();
    }, query);
    this.player.stream = stream;
    this.update(camera);
  }

  /**
   * Which of the camera's streams to ask for: 'sub' (its smaller sub-stream, where it has one) in grids of 9 and 16
   * tiles, 'main' otherwise (D89). A change restarts a running view.
   */
  setStream(stream) {
    if (this.player.stream === stream) return;
    this.player.stream = stream;
    this.player.served = null;
    if (!this.running) return;
    this.player.stop();
    this.player.start();
  }

  /** Ends the running view and starts a new one with another purpose (each view is logged with its own). */
  restart(query) {
    this.player.query = query;
    if (!this.running) return;
    this.player.stop();
    this.player.start();
  }

  /** New status from the API (polled). Starts or stops the player as the camera comes and goes. */
  update(camera) {
    this.camera = camera;
    const state = cameraState(camera);
    if (state === 'disabled') {
      if (this.running) this.player.stop();
      this.running = false;
    } else if (!this.running) {
      this.running = true;
      this.player.start();
    }
    this.render();
  }

  stop() {
    this.player.stop();
    this.running = false;
  }

  text() {
    const state = cameraState(this.camera);
    const p = this.playerState;
    if (p === 'unsupported') return t('live.unsupported', { codec: this.detail || '' });
    if (p === 'denied') return t('live.denied');
    if (p === 'removed') return t('live.removed');
    if (state === 'disabled') return t('live.disabled');
    if (state === 'offline') {
      // The first clause of the recorder's message ("camera unreachable (connection refused or no route)"); the
      // FFmpeg detail after it is for integrators, on the camera's API.
      const error = this.camera.status && this.camera.status.lastError;
      return t('live.offline', { reason: error ? error.split(':')[0] : t('live.noReason') });
    }
    // Pictures arriving prove the camera streams even when the polled status still says it is connecting.
    if (p === 'playing' && (state === 'streaming' || state === 'degraded' || this.player.fresh())) return null;
    if (state === 'reconnecting' || p === 'reconnecting') return t('live.reconnecting');
    return t('live.connecting');
  }

  render() {
    const state = cameraState(this.camera);
    this.figure.dataset.state = state;
    this.figure.title = state === 'degraded' ? degradedReason(this.camera) : '';
    this.figure.dataset.player = this.playerState || 'connecting';
    const text = this.text();
    this.overlay.hidden = text === null;
    this.overlay.textContent = text || '';
    this.video.setAttribute('aria-label', t('live.videoLabel', { name: this.camera.name || this.camera.id }));
    // Which stream the tile plays, once the gateway said so: a badge in the caption where the page has one.
    this.figure.dataset.stream = this.player.served || '';
    const badge = this.figure.querySelector('.stream');
    if (badge) {
      badge.hidden = this.player.served !== 'sub';
      badge.textContent = t('live.subBadge');
      badge.title = t('live.subTitle');
    }
  }
}
