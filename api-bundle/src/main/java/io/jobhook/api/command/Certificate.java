package io.jobhook.api.command;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A certificate ({@code GET /Certificates/{id}}), the subject of a management or reenrollment job's
 * {@code CertificateId}.
 *
 * @param id Command's id
 * @param thumbprint the SHA-1 thumbprint, hex
 * @param serialNumber the serial number, hex
 * @param issuedDN the subject
 * @param issuedCN the subject's common name
 * @param issuerDN the issuer
 * @param notBefore start of validity, or null
 * @param notAfter end of validity, or null
 * @param certState Command's number for its state
 * @param keySizeInBits the key size
 * @param keyType the key type's name, e.g. {@code RSA}, or null
 * @param metadata its metadata fields, by name
 * @param locations the stores that hold it
 */
public record Certificate(int id, String thumbprint, String serialNumber, String issuedDN, String issuedCN,
        String issuerDN, Instant notBefore, Instant notAfter, int certState, int keySizeInBits, String keyType,
        Map<String, String> metadata, List<Location> locations) {

    public Certificate {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        locations = locations == null ? List.of() : List.copyOf(locations);
    }

    /**
     * A store that holds the certificate.
     *
     * @param certStoreId the store's GUID
     * @param storeMachine the store's target host
     * @param storePath the store's path
     * @param storeType the store type's integer id
     * @param alias the entry's alias, or null
     */
    public record Location(UUID certStoreId, String storeMachine, String storePath, int storeType, String alias) {
    }
}
