package nl.poortwachter.recorder.camera;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv4 or IPv6 network such as {@code 10.20.0.0/16}, for the optional allow-list of camera networks. */
public record Cidr(byte[] network, int prefix, String text) {

    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + text + "' is not a CIDR network (expected address/prefix)");
        }
        String addressPart = text.substring(0, slash);
        if (!addressPart.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("'" + text + "' must use a numeric address");
        }
        byte[] bytes;
        int prefix;
        try {
            bytes = InetAddress.getByName(addressPart).getAddress();
            prefix = Integer.parseInt(text.substring(slash + 1));
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a CIDR network: " + e.getMessage());
        }
        if (prefix < 0 || prefix > bytes.length * 8) {
            throw new IllegalArgumentException("'" + text + "' has a prefix outside 0.." + bytes.length * 8);
        }
        return new Cidr(bytes, prefix, text);
    }

    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        int fullBytes = prefix / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int remainingBits = prefix % 8;
        if (remainingBits == 0) {
            return true;
        }
        int mask = 0xff << (8 - remainingBits) & 0xff;
        return (candidate[fullBytes] & mask) == (network[fullBytes] & mask);
    }

    /** Whether this whole network lies inside {@code outer}. */
    public boolean within(Cidr outer) {
        if (network.length != outer.network.length || prefix < outer.prefix) {
            return false;
        }
        try {
            return outer.contains(InetAddress.getByAddress(network));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
