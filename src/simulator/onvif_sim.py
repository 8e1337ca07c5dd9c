#!/usr/bin/python3
"""ONVIF device simulator for the gateway tests: one camera's ONVIF side.

A SOAP-over-HTTP responder (device and media services) and a WS-Discovery (SOAP-over-UDP)
responder on one loopback address, answering like a Hikvision- or Dahua-style firmware, with
stream URIs that point at the RTSP simulator (camera_sim.py). Python standard library only;
run with /usr/bin/python3 like camera_sim.py. See README.md next to this file.
"""
import argparse
import base64
import binascii
import calendar
import hashlib
import hmac
import os
import secrets
import signal
import socket
import struct
import sys
import threading
import time
import uuid
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote

SOAP = "http://www.w3.org/2003/05/soap-envelope"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
DIGEST_TYPE = "#PasswordDigest"
DEVICE = "http://www.onvif.org/ver10/device/wsdl"
MEDIA10 = "http://www.onvif.org/ver10/media/wsdl"
MEDIA20 = "http://www.onvif.org/ver20/media/wsdl"
SCHEMA = "http://www.onvif.org/ver10/schema"
ERRORS = "http://www.onvif.org/ver10/error"
ADDRESSING = "http://schemas.xmlsoap.org/ws/2004/08/addressing"
DISCOVERY = "http://schemas.xmlsoap.org/ws/2005/04/discovery"
NETWORK = "http://www.onvif.org/ver10/network/wsdl"
MULTICAST_GROUP = "239.255.255.250"
# Devices refuse a UsernameToken created further than this from their own clock.
CREATED_TOLERANCE_S = 300
PRE_AUTH = {"GetSystemDateAndTime", "GetServices"}


def log(msg):
    sys.stderr.write("onvif_sim: %s\n" % msg)
    sys.stderr.flush()


# --------------------------------------------------------------------------- personalities
# What differs between the two firmwares, as seen on the wire: envelope prefix and namespace
# layout (Hikvision declares every prefix on the envelope; Dahua's gSOAP puts a default
# namespace on each answer), device identity, media service paths and versions, profile
# names, stream URIs, and the HTTP status of an authentication fault.

PERSONALITIES = {
    "hikvision": {
        "env": "env",
        "manufacturer": "HIKVISION",
        "model": "DS-2CD2143G2-I",
        "firmware": "V5.7.3 build 220112",
        "serial": "DS-2CD2143G2-I20220315AAWRJ12345678",
        "hardware": "88",
        "media": {10: "/onvif/Media", 20: "/onvif/Media2"},
        "default_media": "ver10",
        # token, name, encoding, width, height, RTSP simulator path (as the firmware writes it)
        "profiles": [
            ("Profile_1", "mainStream", "H264", 1920, 1080, "/Streaming/Channels/101?transportmode=unicast&profile=Profile_1"),
            ("Profile_2", "subStream", "H264", 640, 360, "/small"),
        ],
        "auth_status": 401,
    },
    "dahua": {
        "env": "SOAP-ENV",
        "manufacturer": "Dahua",
        "model": "IPC-HDW3441T-ZAS",
        "firmware": "2.840.0000000.14.R, Build Date 2022-03-10",
        "serial": "7E0A1B2PAZ12345",
        "hardware": "1.00",
        "media": {10: "/onvif/media_service", 20: "/onvif/media2_service"},
        "default_media": "both",
        "profiles": [
            ("MediaProfile00", "MainStream", "H264", 1920, 1080, "/cam/realmonitor?channel=1&subtype=0"),
            ("MediaProfile01", "SubStream", "H264", 640, 360, "/small"),
        ],
        "auth_status": 400,
    },
}


def esc(s):
    return (str(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


class Device:
    def __init__(self, args):
        self.args = args
        self.p = PERSONALITIES[args.personality]
        self.password = args.password if args.password is not None else os.environ.get("ONVIF_SIM_PASSWORD")
        if self.password is None:
            self.password = secrets.token_urlsafe(24)  # locked: nothing built in
        self.uuid = args.uuid or str(uuid.uuid4())
        versions = {"ver10": [10], "ver20": [20], "both": [10, 20]}[args.media or self.p["default_media"]]
        self.media_paths = {self.p["media"][v]: v for v in versions}
        self.seen_nonces = set()
        self.lock = threading.Lock()
        self.http_port = None

    # ---- clock and authentication
    def now(self):
        return time.time() + self.args.clock_offset

    def authenticate(self, root, op):
        token = root.find(".//{%s}UsernameToken" % WSSE)
        if token is None:
            return op in PRE_AUTH
        user = token.findtext("{%s}Username" % WSSE)
        password = token.find("{%s}Password" % WSSE)
        nonce = token.findtext("{%s}Nonce" % WSSE)
        created = token.findtext("{%s}Created" % WSU)
        if user is None or password is None or nonce is None or created is None:
            return False
        if not (password.get("Type") or "").endswith(DIGEST_TYPE):
            return False  # plain-text passwords are refused, as current firmware does
        try:
            raw_nonce = base64.b64decode(nonce, validate=True)
            created_at = calendar.timegm(time.strptime(created.strip()[:19], "%Y-%m-%dT%H:%M:%S"))
        except (ValueError, binascii.Error):
            return False
        expected = base64.b64encode(hashlib.sha1(raw_nonce + created.encode() + self.password.encode()).digest()).decode()
        if user != self.args.user or not hmac.compare_digest(expected, (password.text or "").strip()):
            return False
        if abs(created_at - self.now()) > CREATED_TOLERANCE_S:
            return False
        with self.lock:
            if nonce in self.seen_nonces:
                return False  # a replayed token
            self.seen_nonces.add(nonce)
        return True

    # ---- envelopes in the personality's style
    def envelope(self, body, ns, local, fault=False):
        """body: the answer's children, with 'tt:' for schema elements; ns/local: the answer element."""
        env = self.p["env"]
        if env == "env":  # Hikvision: every prefix on the envelope
            return ('<?xml version="1.0" encoding="UTF-8"?>\n<env:Envelope xmlns:env="%s" xmlns:tds="%s" xmlns:trt="%s" '
                    'xmlns:tr2="%s" xmlns:tt="%s" xmlns:ter="%s"><env:Body>%s</env:Body></env:Envelope>'
                    % (SOAP, DEVICE, MEDIA10, MEDIA20, SCHEMA, ERRORS,
                       body if fault else "<%s:%s>%s</%s:%s>" % (self.prefix(ns), local, body, self.prefix(ns), local)))
        # Dahua (gSOAP): a Header, a default namespace on the answer, schema elements under ns2
        inner = body.replace("tt:", "ns2:").replace("ter:", "ns3:")
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<SOAP-ENV:Envelope xmlns:SOAP-ENV="%s" xmlns:ns2="%s" '
                'xmlns:ns3="%s"><SOAP-ENV:Header></SOAP-ENV:Header><SOAP-ENV:Body>%s</SOAP-ENV:Body></SOAP-ENV:Envelope>'
                % (SOAP, SCHEMA, ERRORS, inner if fault else '<%s xmlns="%s">%s</%s>' % (local, ns, inner, local)))

    @staticmethod
    def prefix(ns):
        return {DEVICE: "tds", MEDIA10: "trt", MEDIA20: "tr2"}[ns]

    def fault(self, subcode, reason):
        env = self.p["env"]
        return ('<%s:Fault><%s:Code><%s:Value>%s:Sender</%s:Value><%s:Subcode><%s:Value>ter:%s</%s:Value></%s:Subcode>'
                '</%s:Code><%s:Reason><%s:Text xml:lang="en">%s</%s:Text></%s:Reason></%s:Fault>'
                % (env, env, env, env, env, env, env, subcode, env, env, env, env, env, esc(reason), env, env, env))

    # ---- operations
    def handle(self, path, data):
        """Returns (status, xml)."""
        try:
            root = ET.fromstring(data)
        except ET.ParseError:
            return 400, self.envelope(self.fault("WellFormed", "not well-formed XML"), None, None, fault=True)
        body = root.find("{%s}Body" % SOAP)
        if body is None or len(body) == 0:
            return 400, self.envelope(self.fault("WellFormed", "no SOAP body"), None, None, fault=True)
        request = body[0]
        op = request.tag.split("}", 1)[-1]
        if not self.authenticate(root, op):
            return self.p["auth_status"], self.envelope(self.fault("NotAuthorized", "Sender not Authorized"), None, None, fault=True)
        if path == "/onvif/device_service":
            handler = {"GetSystemDateAndTime": self.date_and_time, "GetDeviceInformation": self.device_information,
                       "GetServices": self.services}.get(op)
        elif path in self.media_paths:
            version = self.media_paths[path]
            handler = {"GetProfiles": lambda r: self.profiles(r, version),
                       "GetStreamUri": lambda r: self.stream_uri(r, version)}.get(op)
        else:
            return 404, self.envelope(self.fault("ActionNotSupported", "no service at " + path), None, None, fault=True)
        if handler is None:
            return 400, self.envelope(self.fault("ActionNotSupported", op + " is not supported"), None, None, fault=True)
        return handler(request)

    def date_and_time(self, _request):
        t = time.gmtime(self.now())
        body = ("<tds:SystemDateAndTime><tt:DateTimeType>NTP</tt:DateTimeType><tt:DaylightSavings>false</tt:DaylightSavings>"
                "<tt:TimeZone><tt:TZ>CET-1CEST,M3.5.0,M10.5.0/3</tt:TZ></tt:TimeZone><tt:UTCDateTime>"
                "<tt:Time><tt:Hour>%d</tt:Hour><tt:Minute>%d</tt:Minute><tt:Second>%d</tt:Second></tt:Time>"
                "<tt:Date><tt:Year>%d</tt:Year><tt:Month>%d</tt:Month><tt:Day>%d</tt:Day></tt:Date>"
                "</tt:UTCDateTime></tds:SystemDateAndTime>"
                % (t.tm_hour, t.tm_min, t.tm_sec, t.tm_year, t.tm_mon, t.tm_mday))
        return 200, self.envelope(self.device_ns(body), DEVICE, "GetSystemDateAndTimeResponse")

    def device_ns(self, body):
        # The device answer's own elements: tds: for Hikvision, the default namespace for Dahua.
        return body if self.p["env"] == "env" else body.replace("tds:", "")

    def device_information(self, _request):
        p = self.p
        body = ("<tds:Manufacturer>%s</tds:Manufacturer><tds:Model>%s</tds:Model><tds:FirmwareVersion>%s</tds:FirmwareVersion>"
                "<tds:SerialNumber>%s</tds:SerialNumber><tds:HardwareId>%s</tds:HardwareId>"
                % (esc(p["manufacturer"]), esc(p["model"]), esc(p["firmware"]), esc(p["serial"]), esc(p["hardware"])))
        return 200, self.envelope(self.device_ns(body), DEVICE, "GetDeviceInformationResponse")

    def base_url(self):
        return "http://%s:%d" % (self.args.address, self.http_port)

    def services(self, _request):
        entries = [(DEVICE, "/onvif/device_service", (2, 40))]
        entries += [(MEDIA10 if v == 10 else MEDIA20, path, (2, 40)) for path, v in sorted(self.media_paths.items())]
        entries.append(("http://www.onvif.org/ver10/events/wsdl", "/onvif/Events" if self.p["env"] == "env" else "/onvif/event_service", (2, 40)))
        body = "".join("<tds:Service><tds:Namespace>%s</tds:Namespace><tds:XAddr>%s%s</tds:XAddr><tds:Version>"
                       "<tt:Major>%d</tt:Major><tt:Minor>%d</tt:Minor></tds:Version></tds:Service>"
                       % (ns, self.base_url(), path, v[0], v[1]) for ns, path, v in entries)
        return 200, self.envelope(self.device_ns(body), DEVICE, "GetServicesResponse")

    def profiles(self, _request, version):
        out = []
        for i, (token, name, enc, w, h, _path) in enumerate(self.p["profiles"]):
            if version == 10:
                out.append('<trt:Profiles token="%s" fixed="true"><tt:Name>%s</tt:Name>'
                           '<tt:VideoEncoderConfiguration token="VideoEncoderToken_%d"><tt:Name>VideoEncoder_%d</tt:Name>'
                           '<tt:UseCount>1</tt:UseCount><tt:Encoding>%s</tt:Encoding><tt:Resolution><tt:Width>%d</tt:Width>'
                           '<tt:Height>%d</tt:Height></tt:Resolution><tt:Quality>3</tt:Quality></tt:VideoEncoderConfiguration>'
                           '</trt:Profiles>' % (token, name, i + 1, i + 1, enc, w, h))
            else:
                out.append('<tr2:Profiles token="%s" fixed="true"><tr2:Name>%s</tr2:Name><tr2:Configurations>'
                           '<tr2:VideoEncoder token="VideoEncoderToken_%d" GovLength="50" Profile="High">'
                           '<tt:Name>VideoEncoder_%d</tt:Name><tt:UseCount>1</tt:UseCount><tt:Encoding>%s</tt:Encoding>'
                           '<tt:Resolution><tt:Width>%d</tt:Width><tt:Height>%d</tt:Height></tt:Resolution>'
                           '</tr2:VideoEncoder></tr2:Configurations></tr2:Profiles>' % (token, name, i + 1, i + 1, enc, w, h))
        return 200, self.media_envelope("".join(out), version, "GetProfilesResponse")

    def media_envelope(self, body, version, local):
        ns = MEDIA10 if version == 10 else MEDIA20
        if self.p["env"] != "env":
            body = body.replace("trt:", "").replace("tr2:", "")
        return self.envelope(body, ns, local)

    def stream_uri(self, request, version):
        token = None
        for el in request.iter():
            if el.tag.split("}", 1)[-1] == "ProfileToken":
                token = (el.text or "").strip()
        for (t, _name, _enc, _w, _h, path) in self.p["profiles"]:
            if t == token:
                uri = "rtsp://%s:%d%s" % (self.args.rtsp_host, self.args.rtsp_port, path)
                if version == 10:
                    body = ("<trt:MediaUri><tt:Uri>%s</tt:Uri><tt:InvalidAfterConnect>false</tt:InvalidAfterConnect>"
                            "<tt:InvalidAfterReboot>false</tt:InvalidAfterReboot><tt:Timeout>PT60S</tt:Timeout></trt:MediaUri>"
                            % esc(uri))
                else:
                    body = "<tr2:Uri>%s</tr2:Uri>" % esc(uri)
                return 200, self.media_envelope(body, version, "GetStreamUriResponse")
        return 400, self.envelope(self.fault("NoProfile", "no profile '%s'" % (token or "")), None, None, fault=True)

    # ---- WS-Discovery
    def probe_matches(self, message_id):
        host = self.args.xaddr_host or self.args.address
        xaddr = "http://%s:%d/onvif/device_service" % (host, self.http_port)
        name = "%s %s" % (self.p["manufacturer"], self.p["model"])
        scopes = " ".join([
            "onvif://www.onvif.org/type/video_encoder", "onvif://www.onvif.org/Profile/Streaming",
            "onvif://www.onvif.org/name/" + quote(name), "onvif://www.onvif.org/hardware/" + quote(self.p["model"]),
            "onvif://www.onvif.org/location/city/Utrecht"])
        if self.p["env"] == "env":
            s, a, d, dn = "env", "wsadis", "d", "dn"
        else:
            s, a, d, dn = "SOAP-ENV", "wsa", "wsdd", "tdn"
        return ('<?xml version="1.0" encoding="UTF-8"?><{s}:Envelope xmlns:{s}="{SOAP}" xmlns:{a}="{ADDR}" xmlns:{d}="{DISC}" '
                'xmlns:{dn}="{NET}"><{s}:Header><{a}:MessageID>urn:uuid:{mid}</{a}:MessageID>'
                '<{a}:RelatesTo>{rel}</{a}:RelatesTo><{a}:To>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous'
                '</{a}:To><{a}:Action>{DISC}/ProbeMatches</{a}:Action></{s}:Header><{s}:Body><{d}:ProbeMatches>'
                '<{d}:ProbeMatch><{a}:EndpointReference><{a}:Address>urn:uuid:{uuid}</{a}:Address></{a}:EndpointReference>'
                '<{d}:Types>{dn}:NetworkVideoTransmitter</{d}:Types><{d}:Scopes>{scopes}</{d}:Scopes>'
                '<{d}:XAddrs>{xaddr}</{d}:XAddrs><{d}:MetadataVersion>1</{d}:MetadataVersion></{d}:ProbeMatch>'
                '</{d}:ProbeMatches></{s}:Body></{s}:Envelope>').format(
            s=s, a=a, d=d, dn=dn, SOAP=SOAP, ADDR=ADDRESSING, DISC=DISCOVERY, NET=NETWORK, mid=uuid.uuid4(),
            rel=esc(message_id), uuid=self.uuid, scopes=esc(scopes), xaddr=esc(xaddr)).encode()

    def answer_probe(self, data):
        """The ProbeMatches for a Probe datagram, or None."""
        try:
            root = ET.fromstring(data)
        except ET.ParseError:
            return None
        if root.find("{%s}Body/{%s}Probe" % (SOAP, DISCOVERY)) is None:
            return None
        message_id = root.findtext("{%s}Header/{%s}MessageID" % (SOAP, ADDRESSING))
        if not message_id:
            return None
        types = root.findtext("{%s}Body/{%s}Probe/{%s}Types" % (SOAP, DISCOVERY, DISCOVERY)) or ""
        if types.strip() and "NetworkVideoTransmitter" not in types:
            return None
        return self.probe_matches(message_id.strip())


def discovery_loop(device, sock, reply_sock):
    while True:
        try:
            data, sender = sock.recvfrom(65535)
        except OSError:
            return
        answer = device.answer_probe(data)
        if answer is not None:
            try:
                reply_sock.sendto(answer, sender)  # from the device's own address, as a camera answers
            except OSError as e:
                log("cannot answer %s: %s" % (sender, e))


def make_handler(device):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            if length > 1 << 20:
                self.send_error(413)
                return
            status, xml = device.handle(self.path, self.rfile.read(length))
            out = xml.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/soap+xml; charset=utf-8")
            self.send_header("Content-Length", str(len(out)))
            if status == 401:
                self.send_header("WWW-Authenticate", 'Digest realm="IP Camera", qop="auth", nonce="%s"' % secrets.token_hex(16))
            self.end_headers()
            self.wfile.write(out)

        def log_message(self, fmt, *args):
            pass  # quiet: the tests read stderr only when something goes wrong

    return Handler


def parse_args(argv):
    ap = argparse.ArgumentParser(description="ONVIF device simulator (SOAP over HTTP + WS-Discovery)")
    ap.add_argument("--address", required=True, help="loopback address to listen on, e.g. 127.31.7.9")
    ap.add_argument("--http-port", type=int, default=0, help="device service port (0 = a free one)")
    ap.add_argument("--discovery-port", type=int, default=3702, help="WS-Discovery UDP port (default 3702)")
    ap.add_argument("--personality", choices=sorted(PERSONALITIES), default="hikvision")
    ap.add_argument("--rtsp-port", type=int, required=True, help="port of the RTSP simulator the stream URIs point at")
    ap.add_argument("--rtsp-host", default="127.0.0.1")
    ap.add_argument("--user", default="admin", help="ONVIF user name (default admin)")
    ap.add_argument("--password", help="ONVIF password (default: $ONVIF_SIM_PASSWORD, else a random one)")
    ap.add_argument("--clock-offset", type=float, default=0.0, help="seconds the device clock is ahead of ours (negative: behind)")
    ap.add_argument("--xaddr-host", help="host to put in the discovery answer's XAddr instead of --address")
    ap.add_argument("--media", choices=["ver10", "ver20", "both"], help="media services offered (default per personality)")
    ap.add_argument("--uuid", help="endpoint UUID (default random)")
    ap.add_argument("--multicast", action="store_true", help="also answer probes sent to 239.255.255.250 (joined on loopback)")
    a = ap.parse_args(argv)
    if not a.address.startswith("127."):
        ap.error("--address must be a loopback address (127.x.y.z): the simulator never listens elsewhere")
    return a


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    device = Device(args)
    try:
        server = ThreadingHTTPServer((args.address, args.http_port), make_handler(device))
        server.daemon_threads = True
        udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        udp.bind((args.address, args.discovery_port))
    except OSError as e:
        log("cannot bind %s: %s" % (args.address, e))
        return 2
    device.http_port = server.server_address[1]
    threading.Thread(target=discovery_loop, args=(device, udp, udp), daemon=True).start()
    if args.multicast:
        try:
            group = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            group.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            group.bind((MULTICAST_GROUP, args.discovery_port))
            group.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP,
                             struct.pack("4s4s", socket.inet_aton(MULTICAST_GROUP), socket.inet_aton("127.0.0.1")))
        except OSError as e:
            log("cannot join %s on loopback: %s" % (MULTICAST_GROUP, e))
            return 2
        threading.Thread(target=discovery_loop, args=(device, group, udp), daemon=True).start()

    def stop(*_):
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    sys.stdout.write("READY http=%d discovery=%d\n" % (device.http_port, udp.getsockname()[1]))
    sys.stdout.flush()
    server.serve_forever(poll_interval=0.2)
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
