package kz.consentledger.privacy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM sealing of single string fields and of subject keys. A sealed field is
 * {@code sealed:v1:} followed by base64url(nonce || ciphertext || tag); the associated
 * data binds it to its context (the subject), so a ciphertext copied to another subject
 * does not open.
 */
public final class FieldSealer {

	public static final String PREFIX = "sealed:v1:";

	/**
	 * What stands for a personal field once the subject's key is destroyed: shown by
	 * every view instead of a sealed value, and stored instead of a field that arrives
	 * after the erasure (ADR 0025).
	 */
	public static final String ERASED = "[erased]";

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	/**
	 * One cipher per thread, initialised afresh for every value: looking up the provider
	 * for each value was a tenth of ingestion's allocations.
	 */
	private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
		try {
			return Cipher.getInstance("AES/GCM/NoPadding");
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is not available in this JVM", ex);
		}
	});

	private final SecureRandom random;

	public FieldSealer(SecureRandom random) {
		this.random = random;
	}

	public SecretKey newKey() {
		try {
			KeyGenerator generator = KeyGenerator.getInstance("AES");
			generator.init(256, this.random);
			return generator.generateKey();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-256 is not available in this JVM", ex);
		}
	}

	/** Seals {@code plaintext}; {@code null} stays {@code null}. */
	public String seal(SecretKey key, String plaintext, String context) {
		if (plaintext == null) {
			return null;
		}
		return PREFIX + Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(encrypt(key, plaintext.getBytes(StandardCharsets.UTF_8), context));
	}

	/**
	 * Opens a value made by {@link #seal}; fails if it was altered or belongs to another
	 * context.
	 */
	public static String open(SecretKey key, String sealed, String context) {
		if (!isSealed(sealed)) {
			throw new IllegalArgumentException("not a sealed field");
		}
		byte[] blob = Base64.getUrlDecoder().decode(sealed.substring(PREFIX.length()));
		return new String(decrypt(key, blob, context), StandardCharsets.UTF_8);
	}

	public static boolean isSealed(String value) {
		return value != null && value.startsWith(PREFIX);
	}

	/** Wraps a subject key under the master key, bound to the subject. */
	public byte[] wrap(SecretKey master, SecretKey subjectKey, String context) {
		return encrypt(master, subjectKey.getEncoded(), context);
	}

	public static SecretKey unwrap(SecretKey master, byte[] wrapped, String context) {
		return new SecretKeySpec(decrypt(master, wrapped, context), "AES");
	}

	public static SecretKey masterKey(String base64) {
		byte[] raw = Base64.getDecoder().decode(base64.trim());
		if (raw.length != 32) {
			throw new IllegalArgumentException("the master key must be 32 bytes (base64), got " + raw.length);
		}
		return new SecretKeySpec(raw, "AES");
	}

	private byte[] encrypt(SecretKey key, byte[] plaintext, String context) {
		byte[] nonce = new byte[NONCE_BYTES];
		this.random.nextBytes(nonce);
		try {
			Cipher cipher = CIPHERS.get();
			cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
			cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
			byte[] sealed = cipher.doFinal(plaintext);
			byte[] blob = new byte[NONCE_BYTES + sealed.length];
			System.arraycopy(nonce, 0, blob, 0, NONCE_BYTES);
			System.arraycopy(sealed, 0, blob, NONCE_BYTES, sealed.length);
			return blob;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM encryption failed", ex);
		}
	}

	private static byte[] decrypt(SecretKey key, byte[] blob, String context) {
		try {
			Cipher cipher = CIPHERS.get();
			cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, blob, 0, NONCE_BYTES));
			cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
			return cipher.doFinal(blob, NONCE_BYTES, blob.length - NONCE_BYTES);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException("sealed value does not open with this key and context", ex);
		}
	}

}
