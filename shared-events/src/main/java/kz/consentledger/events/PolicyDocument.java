package kz.consentledger.events;

/** One language version of a published privacy policy, pinned by its SHA-256. */
public record PolicyDocument(String language, String url, String sha256) {
}
