package kz.consentledger.proof;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The ledger's Ed25519 keys (the JDK's own implementation), in PEM: PKCS#8 for the
 * private key, X.509 SubjectPublicKeyInfo for the public one, so OpenSSL and any other
 * library read them. The key id is the first 16 hex digits of the SHA-256 of the public
 * key's DER encoding.
 */
public final class LedgerKeys {

	public static final String ALGORITHM = "Ed25519";

	private LedgerKeys() {
	}

	public static KeyPair generate() {
		try {
			return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("the Java runtime has no Ed25519", ex);
		}
	}

	/**
	 * The key pair in {@code file} (a private and a public key PEM block). A service
	 * never creates its key: a new key would sign as if it were the ledger's (issue 26),
	 * so a missing or unreadable file is an error that says how to create one.
	 */
	public static KeyPair load(Path file) {
		String pem;
		try {
			pem = Files.readString(file);
		}
		catch (IOException ex) {
			throw unusable(file, (ex instanceof NoSuchFileException) ? "it does not exist" : ex.toString(), ex);
		}
		KeyPair pair;
		try {
			pair = new KeyPair(publicKey(pem), privateKey(pem));
		}
		catch (IllegalArgumentException ex) {
			throw unusable(file, ex.getMessage(), ex);
		}
		// A public key pasted from another pair would make every signature fail to
		// verify.
		byte[] probe = file.toString().getBytes(StandardCharsets.UTF_8);
		if (!verify(pair.getPublic(), probe, sign(pair.getPrivate(), probe))) {
			throw unusable(file, "its public key is not the private key's", null);
		}
		return pair;
	}

	private static IllegalStateException unusable(Path file, String why, Exception cause) {
		String path = file.toAbsolutePath().toString();
		return new IllegalStateException("the ledger signing key file " + path + " cannot be used: " + why
				+ ". Create one (PKCS#8 private key, then its public key) with: umask 077; openssl genpkey -algorithm"
				+ " ed25519 -out " + path + " && openssl pkey -in " + path + " -pubout >> " + path, cause);
	}

	public static String keyId(PublicKey key) {
		return Hashes.hex(Hashes.sha256(key.getEncoded())).substring(0, 16);
	}

	public static byte[] sign(PrivateKey key, byte[] message) {
		try {
			Signature signature = Signature.getInstance(ALGORITHM);
			signature.initSign(key);
			signature.update(message);
			return signature.sign();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot sign with the ledger key", ex);
		}
	}

	public static boolean verify(PublicKey key, byte[] message, byte[] signatureBytes) {
		try {
			Signature signature = Signature.getInstance(ALGORITHM);
			signature.initVerify(key);
			signature.update(message);
			return signature.verify(signatureBytes);
		}
		catch (GeneralSecurityException ex) {
			return false;
		}
	}

	public static String privateKeyPem(PrivateKey key) {
		return pem("PRIVATE KEY", key.getEncoded());
	}

	public static String publicKeyPem(PublicKey key) {
		return pem("PUBLIC KEY", key.getEncoded());
	}

	public static PrivateKey privateKey(String pem) {
		try {
			return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der(pem, "PRIVATE KEY")));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException("not an Ed25519 private key in PKCS#8 PEM: " + ex.getMessage(), ex);
		}
	}

	public static PublicKey publicKey(String pem) {
		return publicKey(der(pem, "PUBLIC KEY"));
	}

	public static PublicKey publicKey(byte[] der) {
		try {
			return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException("not an Ed25519 public key: " + ex.getMessage(), ex);
		}
	}

	private static String pem(String label, byte[] der) {
		return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der)
				+ "\n-----END " + label + "-----\n";
	}

	private static byte[] der(String pem, String label) {
		String begin = "-----BEGIN " + label + "-----";
		String end = "-----END " + label + "-----";
		int from = pem.indexOf(begin);
		int to = pem.indexOf(end);
		if (from < 0 || to < from) {
			throw new IllegalArgumentException("no " + begin + " block");
		}
		try {
			return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("the " + label + " block is not base64: " + ex.getMessage(), ex);
		}
	}

}
