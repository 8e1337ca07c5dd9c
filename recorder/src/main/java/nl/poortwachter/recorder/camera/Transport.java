package nl.poortwachter.recorder.camera;

/** How RTP travels from the camera: interleaved in the RTSP TCP connection (default, firewall-friendly) or over UDP. */
public enum Transport {
    tcp, udp
}
