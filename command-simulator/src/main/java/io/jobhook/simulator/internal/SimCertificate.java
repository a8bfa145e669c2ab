package io.jobhook.simulator.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A certificate. {@code certState} 1 is Active; {@code keyType} 1 is RSA.
 */
public record SimCertificate(int id, String thumbprint, String serialNumber, String issuedDN, String issuedCN,
        String issuerDN, Instant importDate, Instant notBefore, Instant notAfter, int certState, int keySizeInBits,
        int keyType, Map<String, String> metadata, List<Location> locations) {

    public SimCertificate {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        locations = locations == null ? List.of() : List.copyOf(locations);
    }

    /**
     * A certificate of the lab's issuing CA, with a thumbprint and serial number derived from the seed and its id.
     */
    public static SimCertificate issued(long seed, int id, String cn, Instant issued, List<Location> locations) {
        byte[] h = sha256(seed + "|certificate|" + id);
        String thumb = HexFormat.of().withUpperCase().formatHex(h, 0, 20);
        String serial = HexFormat.of().withUpperCase().formatHex(h, 20, 32);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("Owner", "web-team");
        metadata.put("Environment", "Lab");
        return new SimCertificate(id, thumb, serial, "CN=" + cn, cn, "CN=KFTRAIN Issuing CA, DC=kftrain, DC=lab",
                issued, issued, issued.plus(Duration.ofDays(365)), 1, 2048, 1, metadata, locations);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** A store that holds the certificate. */
    public record Location(UUID certStoreId, String storeMachine, String storePath, int storeType, String alias) {
    }

    public SimCertificate withLocations(List<Location> newLocations) {
        return new SimCertificate(id, thumbprint, serialNumber, issuedDN, issuedCN, issuerDN, importDate, notBefore,
                notAfter, certState, keySizeInBits, keyType, metadata, newLocations);
    }

    public String keyTypeName() {
        return switch (keyType) {
            case 1 -> "RSA";
            case 2 -> "DSA";
            case 3 -> "ECC";
            case 4 -> "DH";
            default -> "Unknown";
        };
    }

    public String certStateName() {
        return switch (certState) {
            case 1 -> "Active";
            case 2 -> "Revoked";
            case 3 -> "Denied";
            case 4 -> "Failed";
            case 5 -> "Pending";
            case 6 -> "Certificate Authority";
            case 7 -> "Parent Certificate Authority";
            case 8 -> "External Validation";
            default -> "Unknown";
        };
    }
}
