/**
 * C2SP signed notes (c2sp.org/signed-note), their Ed25519 signatures (type 0x01), the
 * timestamped Ed25519 cosignatures of c2sp.org/tlog-cosignature (type 0x04) and the
 * checkpoint body of c2sp.org/tlog-checkpoint, in plain Java with the JDK's Ed25519.
 * Every parser is strict: what the specifications do not allow is refused with an
 * {@link java.lang.IllegalArgumentException} that says what is wrong.
 */
package kz.consentledger.proof.note;
