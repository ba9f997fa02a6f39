package kz.consentledger.events;

/**
 * A third party that receives personal data. {@code kind} is one of the contract's
 * recipient kinds; {@code country} is ISO 3166-1 alpha-2.
 */
public record Recipient(String id, String name, String kind, String country) {
}
