package io.jobhook.simulator.internal;

import java.time.Instant;
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
