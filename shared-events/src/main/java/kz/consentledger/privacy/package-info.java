/**
 * Crypto-shredding of personal data inside stored events. Each subject has its own
 * AES-256 key, kept (wrapped by the ledger's master key) outside the event table; sealed
 * fields are AES-GCM ciphertexts bound to the subject. Destroying the subject's key
 * erases those fields in every stored event without touching the append-only event table.
 */
package kz.consentledger.privacy;
