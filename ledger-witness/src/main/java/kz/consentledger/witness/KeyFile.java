package kz.consentledger.witness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;

import kz.consentledger.proof.LedgerKeys;

/**
 * An Ed25519 key in one PEM file (PKCS#8 private key, then SubjectPublicKeyInfo public
 * key), as {@link LedgerKeys} writes them. Created only on request, never overwritten,
 * readable by its owner only.
 */
final class KeyFile {

	private KeyFile() {
	}

	/** Writes {@code pair} to {@code file}; refuses when the file exists. */
	static void create(Path file, KeyPair pair) throws IOException {
		byte[] pem = (LedgerKeys.privateKeyPem(pair.getPrivate()) + LedgerKeys.publicKeyPem(pair.getPublic()))
			.getBytes(StandardCharsets.UTF_8);
		Path parent = file.toAbsolutePath().getParent();
		Files.createDirectories(parent);
		// written in full under a temporary name, then linked: never a half-written key
		// under its name
		Path draft = Files.createTempFile(parent, ".witness-key", ".pem",
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		try {
			Files.write(draft, pem, StandardOpenOption.SYNC);
			Files.createLink(file, draft);
		}
		catch (FileAlreadyExistsException ex) {
			throw new IllegalStateException("the key file " + file + " exists already: it is never overwritten");
		}
		finally {
			Files.delete(draft);
		}
	}

	/**
	 * The key in {@code file}; a missing or unusable file is an error, never a new key.
	 */
	static KeyPair load(Path file) {
		String pem;
		try {
			pem = Files.readString(file);
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot read the key file " + file + " (" + ex
					+ "); create one with: keygen --name NAME --key-file " + file);
		}
		try {
			KeyPair pair = new KeyPair(LedgerKeys.publicKey(pem), LedgerKeys.privateKey(pem));
			byte[] probe = file.toString().getBytes(StandardCharsets.UTF_8);
			if (!LedgerKeys.verify(pair.getPublic(), probe, LedgerKeys.sign(pair.getPrivate(), probe))) {
				throw new IllegalArgumentException("its public key is not its private key's");
			}
			return pair;
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("the key file " + file + " is not an Ed25519 key pair: " + ex.getMessage());
		}
	}

}
