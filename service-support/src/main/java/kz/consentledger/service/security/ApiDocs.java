package kz.consentledger.service.security;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

/**
 * The sign-in of both services in their OpenAPI descriptions, so that clients and Swagger
 * UI's "Authorize" know it: a JWT bearer token, or a local account over HTTP Basic. Which
 * endpoints each role may call is in docs/security.md.
 */
public final class ApiDocs {

	private ApiDocs() {
	}

	/** {@code api} with both schemes, either of which satisfies every operation. */
	public static OpenAPI withSignIn(OpenAPI api) {
		return api
			.components(new Components()
				.addSecuritySchemes("bearer",
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("bearer")
							.bearerFormat("JWT")
							.description("A token of the organisation's identity provider: roles and operators "
									+ "in its claims"))
				.addSecuritySchemes("basic",
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("basic")
							.description("A local account (ledger.security.accounts)")))
			.addSecurityItem(new SecurityRequirement().addList("bearer"))
			.addSecurityItem(new SecurityRequirement().addList("basic"));
	}

}
