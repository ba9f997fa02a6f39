/**
 * Proofs both services serve from the stored chain: checkpoints with their cosignatures,
 * RFC 9162 inclusion and consistency proofs, stream-head proofs.
 */
package kz.consentledger.service.proof;
