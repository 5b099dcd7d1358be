package dev.cachette.web.security;

import java.security.PrivateKey;
import java.time.Instant;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Bearer tokens for the API of {@link SecuredApplication}: JWTs signed with Nimbus (which
 * Spring Security's resource server verifies them with), kept out of {@link Browser} so
 * that the other modules can use it without Nimbus.
 */
final class BearerTokens {

	private BearerTokens() {
	}

	/**
	 * A JWT for a user, RS256-signed with the given key, valid for ten minutes.
	 * @param subject the user
	 * @param key the signing key
	 * @return the serialized token
	 */
	static String forUser(String subject, PrivateKey key) {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject)
			.issueTime(new Date())
			.expirationTime(Date.from(Instant.now().plusSeconds(600)))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
		try {
			jwt.sign(new RSASSASigner(key));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

}
