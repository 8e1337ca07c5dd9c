#!/usr/bin/python3
"""RTSP camera simulator for the gateway tests (GStreamer gst-rtsp-server).

Run with Debian's /usr/bin/python3 (needs python3-gi + gir1.2-gst-rtsp-server-1.0).
See README.md next to this file for mounts, options and how the tests use it.
"""
import argparse
import json
import os
import secrets
import signal
import sys
import threading
import time
import warnings

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402

FPS = 25
# 16 bytes, identifies the SEI user-data-unregistered messages planted by --sei.
SEI_UUID = bytes.fromhex("a1c5e7d0b2f34c6e8d9a0b1c2d3e4f50")

DAHUA_PATH = "/cam/realmonitor?channel=1&subtype=0"


def log(msg):
    sys.stderr.write("camera_sim: %s\n" % msg)
    sys.stderr.flush()


# --------------------------------------------------------------------------- pipelines

def h264_video(width, height, kbps, gop, preset, speed=4, name="pay0", pattern="smpte"):
    """Live moving test pattern -> x264 -> RTP.  scenecut=0: otherwise the moving
    smpte pattern makes x264 emit I-frames constantly."""
    return (
        "videotestsrc is-live=true pattern=%s horizontal-speed=%d "
        "! video/x-raw,width=%d,height=%d,framerate=%d/1 "
        "! x264enc tune=zerolatency speed-preset=%s key-int-max=%d bitrate=%d "
        "option-string=scenecut=0 "
        "! capsfilter name=enccaps caps=video/x-h264,stream-format=byte-stream,alignment=au%s "
        "! rtph264pay config-interval=-1 pt=96 name=%s"
        % (pattern, speed, width, height, FPS, preset, gop, kbps,
           ",profile=high" if preset not in ("ultrafast",) else "", name)
    )


ALAW_AUDIO = (
    "audiotestsrc is-live=true wave=sine freq=440 samplesperbuffer=320 "
    "! audio/x-raw,rate=8000,channels=1 ! alawenc ! rtppcmapay pt=8 name=pay1"
)


def h265_video(width, height, kbps, gop):
    return (
        "videotestsrc is-live=true pattern=smpte horizontal-speed=4 "
        "! video/x-raw,width=%d,height=%d,framerate=%d/1,format=I420 "
        "! x265enc tune=zerolatency speed-preset=ultrafast key-int-max=%d bitrate=%d "
        "! video/x-h265,stream-format=byte-stream,alignment=au "
        "! rtph265pay config-interval=-1 pt=96 name=pay0" % (width, height, FPS, gop, kbps)
    )


def replay_video(clip):
    # multifilesrc loop=true re-reads the file forever without EOS/new segment; h264parse
    # derives DTS from the framerate in the caps, so they keep increasing across loops.
    # h264parse leaves PTS unset on non-IDR frames (rtph264pay then repeats the RTP
    # timestamp): a probe on its src pad copies DTS to PTS (the clip has no B-frames).
    # clocksync paces the (non-live) pipeline to real time.  No encoding.
    loc = clip.replace("\\", "\\\\").replace('"', '\\"')
    return (
        'multifilesrc location="%s" loop=true '
        "caps=video/x-h264,stream-format=byte-stream,framerate=%d/1 "
        "! h264parse name=parse ! video/x-h264,stream-format=byte-stream,alignment=au "
        "! clocksync sync=true "
        "! rtph264pay config-interval=-1 pt=96 name=pay0" % (loc, FPS)
    )


def make_clip(path, seconds=60, preset="superfast"):
    Gst.init(None)
    desc = (
        "videotestsrc num-buffers=%d pattern=smpte horizontal-speed=4 "
        "! video/x-raw,width=1920,height=1080,framerate=%d/1 "
        "! x264enc tune=zerolatency speed-preset=%s key-int-max=50 bitrate=4000 "
        "option-string=scenecut=0 "
        "! video/x-h264,profile=high "
        "! h264parse config-interval=-1 "
        "! video/x-h264,stream-format=byte-stream,alignment=au "
        "! filesink name=sink" % (seconds * FPS, FPS, preset)
    )
    pipe = Gst.parse_launch(desc)
    pipe.get_by_name("sink").set_property("location", path)
    pipe.set_state(Gst.State.PLAYING)
    bus = pipe.get_bus()
    msg = bus.timed_pop_filtered(Gst.CLOCK_TIME_NONE, Gst.MessageType.EOS | Gst.MessageType.ERROR)
    pipe.set_state(Gst.State.NULL)
    if msg is None or msg.type == Gst.MessageType.ERROR:
        err = msg.parse_error()[0].message if msg else "no message"
        log("making clip failed: %s" % err)
        return 1
    log("wrote %s (%d bytes)" % (path, os.path.getsize(path)))
    return 0


# --------------------------------------------------------------------------- SEI planting

def _ebsp(payload):
    """Insert emulation-prevention bytes (00 00 0x -> 00 00 03 0x for x <= 3)."""
    out = bytearray()
    zeros = 0
    for b in payload:
        if zeros >= 2 and b <= 3:
            out.append(3)
            zeros = 0
        out.append(b)
        zeros = zeros + 1 if b == 0 else 0
    return bytes(out)


def sei_nal(text):
    body = SEI_UUID + text.encode("utf-8")
    msg = bytearray([5])  # payloadType 5 = user_data_unregistered
    size = len(body)
    while size >= 255:
        msg.append(255)
        size -= 255
    msg.append(size)
    msg += body
    msg.append(0x80)  # rbsp_trailing_bits
    return b"\x00\x00\x00\x01\x06" + _ebsp(bytes(msg))


def first_vcl_offset(data):
    """Offset of the start code of the first VCL NAL (type 1..5) in an Annex-B AU."""
    i = 0
    n = len(data)
    while True:
        i = data.find(b"\x00\x00\x01", i)
        if i < 0 or i + 3 >= n:
            return -1
        nal_type = data[i + 3] & 0x1F
        if 1 <= nal_type <= 5:
            return i - 1 if i > 0 and data[i - 1] == 0 else i
        i += 3


class SeiPlanter:
    """Pad probe on the encoder's output: every keyframe gets an SEI
    user-data-unregistered NAL (SEI_UUID + TEXT) before its first slice.
    Buffers from a probe are not writable from Python, so the probe drops the
    original and chains a rebuilt buffer to the peer pad."""

    def __init__(self, text):
        self.nal = sei_nal(text)

    def attach(self, pad):
        pad.add_probe(Gst.PadProbeType.BUFFER, self._probe)

    def _probe(self, pad, info):
        buf = info.get_buffer()
        if buf is None or buf.has_flags(Gst.BufferFlags.DELTA_UNIT):
            return Gst.PadProbeReturn.OK
        ok, mi = buf.map(Gst.MapFlags.READ)
        if not ok:
            return Gst.PadProbeReturn.OK
        try:
            data = bytes(mi.data)
        finally:
            buf.unmap(mi)
        off = first_vcl_offset(data)
        if off < 0:
            return Gst.PadProbeReturn.OK
        new = Gst.Buffer.new_wrapped(data[:off] + self.nal + data[off:])
        new.pts = buf.pts
        new.dts = buf.dts
        new.duration = buf.duration
        new.offset = buf.offset
        new.offset_end = buf.offset_end
        new.set_flags(buf.get_flags())
        peer = pad.get_peer()
        if peer is None:
            return Gst.PadProbeReturn.OK
        peer.chain(new)
        return Gst.PadProbeReturn.DROP


def _pts_from_dts(_pad, info):
    buf = info.get_buffer()
    if buf is not None and buf.pts == Gst.CLOCK_TIME_NONE:
        buf.pts = buf.dts  # in place: the buffer is not shared at this point
    return Gst.PadProbeReturn.OK


def _not_seekable(_pad, info):
    """Pad probe: answers the SEEKING query with 'not seekable'.  FFmpeg PLAYs with
    'Range: npt=0.000-' and videotestsrc/multifilesrc claim to be seekable, so gst made a
    flushing seek of the *shared* pipeline at every PLAY.  The flush drops the sticky SEGMENT;
    a PLAY reply built before the new one reached rtpbin hit a g_assert in
    gst_rtsp_media_get_rates() and aborted the whole server under connection churn (under load
    the seek could also hang the client thread).  A live camera does not seek either.
    HANDLED makes the query succeed with its defaults (seekable=FALSE); PyGObject cannot
    set_seeking() here, the wrapped query is not writable."""
    query = info.get_query()
    if query is not None and query.type == Gst.QueryType.SEEKING:
        return Gst.PadProbeReturn.HANDLED
    return Gst.PadProbeReturn.OK


# --------------------------------------------------------------------------- server pieces

class MountPoints(GstRtspServer.RTSPMountPoints):
    """Keeps '?query' in the path when it belongs to a mount registered with a query
    (Dahua style); otherwise the query is dropped as gst does by default."""

    def __init__(self):
        super().__init__()
        self.query_mounts = []

    def do_make_path(self, url):
        path = url.abspath or "/"
        if url.query:
            full = path + "?" + url.query
            for m in self.query_mounts:
                if full == m or full.startswith(m + "/"):
                    return full
        return path


class Stats:
    """Counts open RTSP connections, every connection ever accepted (so that one opened
    and closed between two writes is not missed) and, per mount, the connections that
    have SETUP a stream of that mount (and not torn it down). Each snapshot says when it
    was taken, so a test can wait for one taken after its action."""

    def __init__(self, path, mount_paths):
        self.path = path
        self.mounts = sorted(mount_paths, key=len, reverse=True)
        # client wrapper -> set of mounts.  Holding the wrapper keeps PyGObject returning
        # the same Python object for that client in later signals (id() of a fresh
        # wrapper would not match); it is dropped on 'closed'.
        self.clients = {}
        self.total = 0
        self.lock = threading.Lock()

    def mount_of(self, path):
        for m in self.mounts:
            if path == m or path.startswith(m + "/") or m == "/":
                return m
        return None

    def connected(self, client):
        with self.lock:
            self.clients[client] = set()
            self.total += 1

    def closed(self, client):
        with self.lock:
            self.clients.pop(client, None)

    def setup(self, client, mount):
        if mount is None:
            return
        with self.lock:
            self.clients.setdefault(client, set()).add(mount)

    def teardown(self, client, mount):
        with self.lock:
            s = self.clients.get(client)
            if s is not None:
                if mount is None:
                    s.clear()
                else:
                    s.discard(mount)

    def snapshot(self):
        with self.lock:
            per = {m: 0 for m in self.mounts}
            for s in self.clients.values():
                for m in s:
                    per[m] = per.get(m, 0) + 1
            return {"sessions": len(self.clients), "connections_total": self.total,
                    "per_mount": per, "taken_ms": int(time.time() * 1000)}

    def write(self):
        if not self.path:
            return True
        tmp = "%s.tmp.%d" % (self.path, os.getpid())
        try:
            with open(tmp, "w") as f:
                json.dump(self.snapshot(), f, sort_keys=True)
            os.replace(tmp, self.path)
        except OSError as e:
            log("cannot write stats file: %s" % e)
        return True  # keep the GLib timeout running


class Simulator:
    def __init__(self, args):
        self.args = args
        self.server = GstRtspServer.RTSPServer()
        self.server.set_address(args.address)
        self.server.set_service(str(args.port))
        self.mounts = MountPoints()
        self.server.set_mount_points(self.mounts)
        self.factories = {}
        self.sei = SeiPlanter(args.sei) if args.sei else None

        # Auth: anonymous clients get the default token (role "anonymous"), which every
        # factory except the /auth one accepts; admin (Digest) gets role "admin".
        self.auth = GstRtspServer.RTSPAuth()
        self.auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
        self.auth.set_realm("IP Camera")
        anon = GstRtspServer.RTSPToken()
        anon.set_string("media.factory.role", "anonymous")
        self.auth.set_default_token(anon)
        admin = GstRtspServer.RTSPToken()
        admin.set_string("media.factory.role", "admin")
        # No known default: without a password given, /auth/... is locked with a random one.
        password = args.auth_password or secrets.token_urlsafe(24)
        self.auth.add_digest(args.auth_user, password, admin)
        self.server.set_auth(self.auth)

        self._build_mounts()
        self.stats = Stats(args.stats_file, list(self.factories.keys()))
        self.server.connect("client-connected", self._on_client_connected)

    # ---- mounts
    def _add(self, path, launch, protected=False, sei=False, replay=False):
        f = GstRtspServer.RTSPMediaFactory()
        f.set_launch("( %s )" % launch)
        f.set_shared(True)
        f.set_latency(100)
        # gst answers a role without 'access' with 404 and a role with access but
        # without 'construct' with 401 + WWW-Authenticate: anonymous on a protected
        # mount must get the latter, or clients never send their credentials.
        for role, construct in (("admin", True), ("anonymous", not protected)):
            f.add_role_from_structure(Gst.Structure.new_from_string(
                "%s, media.factory.access=(boolean)true, media.factory.construct=(boolean)%s"
                % (role, "true" if construct else "false")))
        f.connect("media-configure", self._live_configure)
        if sei and self.sei is not None:
            f.connect("media-configure", self._sei_configure)
        if replay:
            f.connect("media-configure", self._replay_configure)
        if "?" in path:
            self.mounts.query_mounts.append(path)
        self.mounts.add_factory(path, f)
        self.factories[path] = f

    def _live_configure(self, _factory, media):
        for i in range(media.n_streams()):
            media.get_stream(i).get_srcpad().add_probe(
                Gst.PadProbeType.QUERY_UPSTREAM, _not_seekable)

    def _replay_configure(self, factory, media):
        parse = media.get_element().get_by_name("parse")
        parse.get_static_pad("src").add_probe(Gst.PadProbeType.BUFFER, _pts_from_dts)

    def _sei_configure(self, factory, media):
        caps = media.get_element().get_by_name("enccaps")
        if caps is not None:
            self.sei.attach(caps.get_static_pad("src"))

    def _build_mounts(self):
        a = self.args
        p = a.h264_preset
        hd = h264_video(1920, 1080, 4000, 50, p)
        if not a.no_live:
            self._add("/Streaming/Channels/101", hd + " " + ALAW_AUDIO)
            self._add(DAHUA_PATH, hd)
            self._add("/auth/Streaming/Channels/101", hd, protected=True)
            self._add("/h265", h265_video(1280, 720, 2000, 50))
            self._add("/small", h264_video(640, 360, 500, 25, p, speed=2))
            # Noise: every pixel changes every frame, so a privacy mask's effect is measurable.
            self._add("/noise", h264_video(640, 360, 1500, 25, p, speed=0, pattern="snow"))
            # MJPEG, as older or cheap cameras send: only the transcoder can record it.
            self._add("/mjpeg", "videotestsrc is-live=true pattern=ball "
                                "! video/x-raw,format=I420,width=640,height=360,framerate=%d/1 "
                                "! jpegenc quality=70 ! rtpjpegpay pt=26 name=pay0" % FPS)
            if a.sei:
                self._add("/sei", h264_video(640, 360, 500, 25, p, speed=2), sei=True)
        for i in range(a.replay_cameras):
            self._add("/replay/%d" % i, replay_video(a.replay_clip), replay=True)

    # ---- client tracking
    def _on_client_connected(self, server, client):
        self.stats.connected(client)
        client.connect("closed", self._on_closed)
        client.connect("setup-request", self._on_setup)
        client.connect("teardown-request", self._on_teardown)
        client.connect("send-message", self._on_send_message)
        client.connect("pre-play-request", self._on_pre_play)

    def _on_closed(self, client):
        self.stats.closed(client)

    def _mount_of_ctx(self, ctx):
        try:
            uri = ctx.uri
            if uri is None:
                return None
            return self.stats.mount_of(self.mounts.make_path(uri))
        except Exception:  # pragma: no cover - defensive
            return None

    def _on_setup(self, client, ctx):
        self.stats.setup(client, self._mount_of_ctx(ctx))

    def _on_teardown(self, client, ctx):
        self.stats.teardown(client, self._mount_of_ctx(ctx))

    def _on_pre_play(self, _client, ctx):
        # Safety net for the gst_rtsp_media_get_rates() abort (see _not_seekable): the PLAY
        # reply reads the SEGMENT on each stream's rtpbin send_rtp_sink. Wait (up to 3 s;
        # streaming threads run on their own) until every stream the reply looks at has one,
        # else answer 503 so the client retries instead of the server aborting.
        # PyGObject does pass ctx here (each ctx.request read is a copy, though).
        if ctx is None or ctx.media is None:
            return GstRtsp.RTSPStatusCode.OK
        media, sessmedia = ctx.media, ctx.sessmedia
        pads = []
        for i in range(media.n_streams()):
            stream = media.get_stream(i)
            mine = sessmedia is not None and sessmedia.get_transport(i) is not None
            src = stream.get_srcpad()
            sink = src.get_peer() if src is not None else None  # rtpbin send_rtp_sink
            if sink is not None and (mine or stream.is_complete()):
                pads.append(sink)
        deadline = time.monotonic() + 3.0
        while any(p.get_sticky_event(Gst.EventType.SEGMENT, 0) is None for p in pads):
            if time.monotonic() > deadline:
                log("PLAY answered 503: no SEGMENT on the media's streams after 3 s")
                return GstRtsp.RTSPStatusCode.SERVICE_UNAVAILABLE
            time.sleep(0.01)
        return GstRtsp.RTSPStatusCode.OK

    def _on_send_message(self, client, _ctx, resp):
        # gst answers DESCRIBE of '/cam/realmonitor?channel=1&subtype=0' with
        # 'Content-Base: ...subtype=0/'; FFmpeg then PLAYs that URL and gets
        # '460 Only aggregate operation allowed'.  Strip the trailing '/'.
        # PyGObject cannot marshal the GstRTSPContext argument of this signal (it
        # arrives as None with a GLib warning, silenced in main()); the message
        # argument does arrive as a GstRtsp.RTSPMessage.
        if not isinstance(resp, GstRtsp.RTSPMessage):
            return
        res, value = resp.get_header(GstRtsp.RTSPHeaderField.CONTENT_BASE, 0)
        if res == GstRtsp.RTSPResult.OK and value and "?" in value and value.endswith("/"):
            resp.remove_header(GstRtsp.RTSPHeaderField.CONTENT_BASE, -1)
            resp.add_header(GstRtsp.RTSPHeaderField.CONTENT_BASE, value[:-1])

    # ---- run
    def run(self):
        loop = GLib.MainLoop()
        if self.server.attach(None) == 0:
            log("cannot bind %s:%s (port in use?)" % (self.args.address, self.args.port))
            return 2
        port = self.server.get_bound_port()
        if port <= 0:
            log("server did not bind a port")
            return 2

        def stop(*_):
            loop.quit()
            return GLib.SOURCE_REMOVE

        GLib.unix_signal_add(GLib.PRIORITY_HIGH, signal.SIGTERM, stop)
        GLib.unix_signal_add(GLib.PRIORITY_HIGH, signal.SIGINT, stop)
        if self.args.stats_file:
            self.stats.write()
            GLib.timeout_add(500, self.stats.write)
        sys.stdout.write("READY port=%d\n" % port)
        sys.stdout.flush()
        loop.run()
        self.stats.write()
        return 0


def parse_args(argv):
    ap = argparse.ArgumentParser(description="RTSP surveillance camera simulator")
    ap.add_argument("--port", type=int, help="TCP port (0 = pick a free one)")
    ap.add_argument("--address", default="127.0.0.1",
                    help="address to listen on (default 127.0.0.1). A gateway refuses cameras on its own loopback "
                         "addresses unless allowed (cameraSpecialAddresses), so to try one with its default "
                         "settings give this machine's network address")
    ap.add_argument("--auth-user", default="admin", help="Digest user of /auth/... (default admin)")
    ap.add_argument("--auth-password", default=os.environ.get("CAMERA_SIM_AUTH_PASSWORD"),
                    help="Digest password of /auth/... (default: $CAMERA_SIM_AUTH_PASSWORD, else a random one: "
                         "no password is written into this script)")
    ap.add_argument("--sei", metavar="TEXT",
                    help="add mount /sei whose keyframes carry SEI user-data-unregistered TEXT")
    ap.add_argument("--replay-cameras", type=int, default=0, metavar="N",
                    help="add mounts /replay/0../replay/N-1 looping --replay-clip in real time")
    ap.add_argument("--replay-clip", metavar="PATH", help="H.264 Annex-B clip (see --make-clip)")
    ap.add_argument("--no-live", action="store_true",
                    help="omit the live encoding mounts (only /replay/* then)")
    ap.add_argument("--stats-file", metavar="PATH",
                    help="write {sessions, per_mount} JSON there every 0.5 s")
    ap.add_argument("--h264-preset", default="superfast",
                    help="x264 speed-preset of the live H.264 mounts (default superfast = High profile)")
    ap.add_argument("--make-clip", metavar="PATH",
                    help="write a 60 s 1080p25 4 Mbit/s H.264 High Annex-B clip (GOP 50) and exit")
    ap.add_argument("--clip-seconds", type=int, default=60, help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.make_clip:
        return a
    if a.port is None:
        ap.error("--port is required")
    if not 0 <= a.port <= 65535:
        ap.error("--port out of range")
    if a.replay_cameras < 0:
        ap.error("--replay-cameras must be >= 0")
    if a.replay_cameras > 0:
        if not a.replay_clip:
            ap.error("--replay-cameras needs --replay-clip")
        if not os.path.isfile(a.replay_clip):
            ap.error("--replay-clip %s: no such file" % a.replay_clip)
        a.replay_clip = os.path.abspath(a.replay_clip)
    if a.no_live and a.replay_cameras == 0:
        ap.error("--no-live without --replay-cameras leaves no mount")
    return a


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.make_clip:
        return make_clip(args.make_clip, args.clip_seconds)
    Gst.init(None)
    # See _on_send_message: PyGObject turns the unmarshallable ctx into this warning.
    warnings.filterwarnings("ignore", message=".*G_VALUE_HOLDS_OBJECT.*")
    for el in ("x264enc", "x265enc", "alawenc", "rtph264pay", "rtph265pay", "h264parse",
               "multifilesrc", "clocksync"):
        if Gst.ElementFactory.find(el) is None:
            log("GStreamer element %s missing" % el)
            return 2
    return Simulator(args).run()


if __name__ == "__main__":
    sys.exit(main())
