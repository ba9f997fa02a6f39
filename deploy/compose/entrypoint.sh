#!/bin/sh
# Compose mounts secrets as files (/run/secrets/...), while the services read the master key and the database
# passwords from environment variables: for each of these, NAME_FILE names a file whose content becomes NAME, so
# that no secret is written into compose.yaml, .env or `docker inspect`. (Kubernetes sets them from Secrets.)
set -eu
for name in LEDGER_MASTER_KEY LEDGER_DB_PASSWORD LEDGER_DB_OWNER_PASSWORD; do
	eval "file=\${${name}_FILE:-}"
	if [ -n "$file" ]; then
		value="$(cat "$file")"
		export "$name=$value"
		unset "${name}_FILE"
	fi
done
exec java ${JAVA_OPTS:-} -jar /app/app.jar "$@"
