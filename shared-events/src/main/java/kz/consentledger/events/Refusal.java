package kz.consentledger.events;

/**
 * Why an operator refused a withdrawal ({@code legal-obligation} or
 * {@code unfulfilled-obligation}); {@code detail} is free text and therefore sealed.
 */
public record Refusal(String reason, String detail, String reference) {
}
