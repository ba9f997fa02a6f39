package kz.consentledger.proof.note;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * Published examples of c2sp.org/signed-note, tlog-checkpoint, tlog-cosignature and Go's
 * sumdb/note.
 */
final class NoteVectors {

	/** signed-note.md, "Verifier keys": the example key and note. */
	static final String SPEC_VKEY = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";

	static final String SPEC_NOTE = "This is an example message.\n\n"
			+ "— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";

	/** golang.org/x/mod/sumdb/note, package documentation and note_test.go. */
	static final String PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";

	static final String PETER_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";

	static final String ENOCH_VKEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";

	static final String GO_TEXT = "If you think cryptography is the answer to your problem,\n"
			+ "then you don't know what your problem is.\n";

	static final String PETER_LINE = "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=";

	static final String ENOCH_LINE = "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=";

	static final String SUMDB_VKEY = "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8";

	/**
	 * transparency-dev/formats note_cosigv1_test.go: a 0x01 key with '+' in its base64, a
	 * 0x04 key.
	 */
	static final String PLUS_VKEY = "TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6";

	static final String REMORA_VKEY = "remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2";

	/** ... and its cosignature whose timestamp is 1727964367. */
	static final String FORMATS_COSIGNATURE = "ZGhGuQAAAABm/qTPeyKXD+R2rzyQsxPiP8mXum7qq/iF0u4vanlqJyocWODBt97w9uL+8qT7S5gxEHWWOworDcFiEBYJXORmnFBOBA==";

	/**
	 * tlog-checkpoint.md / tlog-cosignature.md: the example checkpoint, its log signature
	 * and a cosignature.
	 */
	static final String SOFA_BODY = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

	static final String SOFA_NOTE = SOFA_BODY + "\n"
			+ "— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n"
			+ "— witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n";

	private NoteVectors() {
	}

	/** The Go private key PRIVATE+KEY+name+id+base64(0x01 || seed) as a JDK key pair. */
	static KeyPair goKeyPair(String skey, String vkey) throws Exception {
		byte[] material = Base64.getDecoder().decode(skey.split("\\+", 5)[4]);
		byte[] pkcs8 = { 0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04,
				0x20 };
		byte[] der = Arrays.copyOf(pkcs8, pkcs8.length + 32);
		System.arraycopy(material, 1, der, pkcs8.length, 32);
		PrivateKey privateKey = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
		return new KeyPair(NoteVerifier.parse(vkey).publicKeyObject(), privateKey);
	}

}
