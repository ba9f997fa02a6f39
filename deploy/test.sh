#!/usr/bin/env bash
# Runs the whole test suite against real PostgreSQL and real Kafka: `./mvnw -B verify` plus any arguments given.
#
#   ./deploy/test.sh [MAVEN ARGS...]      e.g. ./deploy/test.sh -pl consent-command -am
#
# With a Docker engine the tests start PostgreSQL and Kafka through Testcontainers. Without one (this machine, most
# CI runners here) they use the local PostgreSQL, installed and started on demand, through the role `ledger`, which
# may create a fresh database per test class, with the services as role `ledger_app`; Kafka is then a KRaft broker
# inside the test JVM. A database given in LEDGER_TEST_PG_URL (with LEDGER_TEST_PG_USER and LEDGER_TEST_PG_PASSWORD,
# LEDGER_TEST_PG_APP_USER and LEDGER_TEST_PG_APP_PASSWORD) is used as it is, and restarted by the fault
# tests only with a command given in LEDGER_TEST_PG_RESTART. Debian's Chromium and
# ChromeDriver are installed when missing (the dashboard's browser tests).
set -euo pipefail
# shellcheck source=lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$LEDGER_ROOT"

if command -v docker >/dev/null && docker info >/dev/null 2>&1; then
	log "Docker engine found: the tests start PostgreSQL and Kafka with Testcontainers"
elif [[ -n ${LEDGER_TEST_PG_URL:-} ]]; then
	log "using the test database server given in LEDGER_TEST_PG_URL ($LEDGER_TEST_PG_URL)"
else
	log "no Docker engine: the tests use the local PostgreSQL and an in-JVM Kafka broker"
	ensure_postgres
	export LEDGER_TEST_PG_URL="jdbc:postgresql://localhost:$LEDGER_PG_PORT/postgres"
	# The owner creates a database per test class and runs the migrations; the services run as the app role.
	export LEDGER_TEST_PG_USER=ledger LEDGER_TEST_PG_PASSWORD=ledger
	export LEDGER_TEST_PG_APP_USER=ledger_app LEDGER_TEST_PG_APP_PASSWORD=ledger_app
	# The fault tests restart this cluster, which the script manages (a server given in LEDGER_TEST_PG_URL is left
	# alone); without root or passwordless sudo they are skipped, saying so.
	if [[ $EUID -eq 0 ]]; then
		export LEDGER_TEST_PG_RESTART="pg_ctlcluster $LEDGER_PG_CLUSTER restart"
	elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
		export LEDGER_TEST_PG_RESTART="sudo -n pg_ctlcluster $LEDGER_PG_CLUSTER restart"
	fi
fi

# The dashboard's browser tests drive the system's Chromium.
ensure_chromium

log "running ./mvnw -B verify $*"
exec ./mvnw -B verify "$@"
