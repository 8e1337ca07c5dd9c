package nl.poortwachter.recorder.onvif;

import java.net.URI;
import java.util.List;

/**
 * Everything the gateway asks an ONVIF device when it is added: identity (for the register), its clock, and its
 * profiles with their stream URIs.
 *
 * @param mediaService the media service used and {@code mediaVersion} its version (10 or 20: ver20 "Media2" is
 *                     preferred when offered, as only it describes H.265)
 */
public record DeviceReport(URI deviceService, DeviceInformation information, ClockReading clock, URI mediaService,
                           int mediaVersion, List<MediaProfile> profiles) {
}
