package kz.consentledger.events;

/**
 * Who gave a consent: {@code subject} or {@code legal-representative}. A representative's
 * {@code name} and {@code documentRef} are sealed (null for the subject).
 */
public record GrantedBy(String kind, String name, String documentRef) {
}
