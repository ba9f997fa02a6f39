package kz.consentledger.events;

/**
 * Proof of how a consent was given. {@code ipAddress}, {@code userAgent} and
 * {@code documentRef} are sealed; {@code formId} and {@code noticeSha256} identify what
 * the subject saw and are not personal data.
 */
public record Evidence(String ipAddress, String userAgent, String formId, String documentRef, String noticeSha256) {
}
