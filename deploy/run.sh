#!/usr/bin/env bash
# Runs the whole consent ledger on this machine: PostgreSQL, a single-node Kafka broker, a witness (8083), the command
# service (8081) and the query service (8082). Works on a fresh machine: it installs/starts PostgreSQL and builds the jars if needed.
#
#   ./deploy/run.sh [--demo]             in the foreground; Ctrl-C (or SIGTERM) stops everything
#   ./deploy/run.sh --detach [--demo]    returns once everything is up and leaves it running
#   ./deploy/run.sh stop                 stops what a detached run started
#
# --demo loads the contract's example story (docs/contract/examples, or LEDGER_EXAMPLES_DIR), the DPO's week
# (docs/demo/dpo-week, or LEDGER_DPO_WEEK_DIR; docs/dpo-week.md) and 3000 synthetic subjects (LEDGER_DEMO_SUBJECTS,
# LEDGER_DEMO_SEED).
# State lives in .run/ (git-ignored): Kafka's data, the master key, the ledger's and the witness's keys, the witness's
# state, logs and pid files.
set -euo pipefail
# shellcheck source=lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

COMMAND_PORT=8081
QUERY_PORT=8082
WITNESS_PORT=8083
SAMPLE_URL="http://localhost:$QUERY_PORT/api/v1/operators/180440011034/subjects/user-000417/consents"

usage() {
	sed -n '2,11s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2
	exit 2
}

demo=0
detach=0
for arg in "$@"; do
	case $arg in
	--demo) demo=1 ;;
	--detach) detach=1 ;;
	stop)
		stop_all "$LEDGER_RUN_DIR"
		log "stopped everything recorded in $LEDGER_RUN_DIR"
		exit 0
		;;
	*) usage ;;
	esac
done

for name in ledger-witness consent-command consent-query; do
	if pid="$(running_pid "$LEDGER_RUN_DIR/$name.pid")"; then
		die "$name already runs (pid $pid): stop it first with ./deploy/run.sh stop"
	fi
done
for port in $WITNESS_PORT $COMMAND_PORT $QUERY_PORT; do
	if port_open localhost "$port"; then
		die "port $port is taken by another process: stop it first"
	fi
done
# Checked before anything starts: a demo without the story would lack the README's sample subject.
if [[ $demo == 1 && ! -d $LEDGER_EXAMPLES_DIR ]]; then
	die "no examples directory $LEDGER_EXAMPLES_DIR (LEDGER_EXAMPLES_DIR; the project's own is docs/contract/examples)"
fi
mkdir -p "$LEDGER_RUN_DIR"

# Whatever goes wrong before the end of start-up, and any exit of a foreground run, stops what was started.
started=0
cleanup() {
	if [[ $detach == 1 && $started == 1 ]]; then
		return
	fi
	trap - EXIT INT TERM
	log "shutting down"
	stop_all "$LEDGER_RUN_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ensure_postgres
ensure_built
start_kafka "$LEDGER_RUN_DIR"

# Created up front (auto-creation would also do) so that the DLT exists and both topics get 6 partitions. Both hold
# the producers' CloudEvents as sent, personal fields in plaintext, which an erasure cannot reach: they are kept 7 days
# and no longer (docs/security.md, "Personal data on the Kafka topics"; a topic created before keeps its setting).
for topic in "$LEDGER_TOPIC" "$LEDGER_TOPIC.dlt"; do
	run_java_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$LEDGER_KAFKA_BOOTSTRAP" --create \
		--if-not-exists --topic "$topic" --partitions 6 --replication-factor 1 --config retention.ms=604800000 2>&1 |
		grep -v -e '^WARNING: Due to' >&2 || true
done

# The master key that seals personal data in the ledger: generated once, kept across runs, readable by root only.
key_file=$LEDGER_RUN_DIR/master.key
if [[ ! -s $key_file ]]; then
	(
		umask 077
		if command -v openssl >/dev/null; then
			openssl rand -base64 32 >"$key_file"
		else
			head -c 32 /dev/urandom | base64 >"$key_file"
		fi
	)
	log "generated a master key in $key_file (keep it: without it sealed data cannot be read)"
fi

command_jar="$(newest_jar 'consent-command/target/consent-command-*-exec.jar')"
query_jar="$(newest_jar 'consent-query/target/consent-query-*-exec.jar')"

# Exported rather than passed on the command line, so that the key does not show in `ps`.
export LEDGER_DB_URL="jdbc:postgresql://localhost:$LEDGER_PG_PORT/ledger"
# Migrations run as the owner `ledger`, the services as `ledger_app`, which may read and append but not rewrite the
# evidence (ensure_postgres creates both; docs/security.md, "Database roles").
export LEDGER_DB_OWNER_USER=ledger LEDGER_DB_OWNER_PASSWORD=ledger LEDGER_DB_USER=ledger_app LEDGER_DB_PASSWORD=ledger_app
export LEDGER_KAFKA_BOOTSTRAP
LEDGER_MASTER_KEY="$(cat "$key_file")"
export LEDGER_MASTER_KEY
# The Ed25519 key that signs checkpoints and export bundles: created here once (services never create one), kept.
export LEDGER_SIGNING_KEY_FILE="$LEDGER_RUN_DIR/ledger-signing-key.pem"
ensure_signing_key "$LEDGER_SIGNING_KEY_FILE"
# The ledger's origin (the first line of its checkpoints, the name of its note key) and its note vkey, computed from
# the key file; the witness and the verifiers trust this vkey, never a key the database holds.
export LEDGER_ORIGIN="${LEDGER_ORIGIN:-consent-ledger.local/ledger}"
witness_jar="$(newest_jar 'ledger-witness/target/ledger-witness.jar')"
LEDGER_LEDGER_VKEY="$("$LEDGER_JAVA" -jar "$witness_jar" vkey --note --name "$LEDGER_ORIGIN" --key-file "$LEDGER_SIGNING_KEY_FILE")"
export LEDGER_LEDGER_VKEY
# The ledger key's vkey as first created is the trust anchor of the witness and of the ledger's own verification: a key
# swapped into the key file later is trusted by neither (the command service refuses to start with it); a rotation is
# (docs/tamper-evidence.md, "Keys").
anchor=$LEDGER_RUN_DIR/ledger.vkey
[[ -s $anchor ]] || echo "$LEDGER_LEDGER_VKEY" >"$anchor"
LEDGER_PROOF_TRUSTEDKEYS_0="$(cat "$anchor")"
export LEDGER_PROOF_TRUSTEDKEYS_0
# One witness (docs/witness.md) with its own key and state, both created on the first run only: a state directory
# created again would forget what the witness cosigned, so a missing one stops the witness instead.
witness_name="${LEDGER_WITNESS_NAME:-consent-ledger.local/witness}"
witness_key=$LEDGER_RUN_DIR/witness-key.pem
witness_state=$LEDGER_RUN_DIR/witness
if [[ ! -e $witness_key ]]; then
	[[ ! -e $witness_state ]] || die "$witness_state exists but $witness_key does not: restore the witness key"
	"$LEDGER_JAVA" -jar "$witness_jar" keygen --name "$witness_name" --key-file "$witness_key" >/dev/null
	mkdir -m 700 "$witness_state"
	log "generated the witness key in $witness_key and its state in $witness_state (keep both)"
fi
LEDGER_WITNESS_VKEY="$("$LEDGER_JAVA" -jar "$witness_jar" vkey --name "$witness_name" --key-file "$witness_key")"
export LEDGER_WITNESS_URL="http://localhost:$WITNESS_PORT" LEDGER_WITNESS_VKEY
export LEDGER_PROOF_WITNESSES_0_URL="$LEDGER_WITNESS_URL" LEDGER_PROOF_WITNESSES_0_VKEY="$LEDGER_WITNESS_VKEY"
# After a key rotation (docs/tamper-evidence.md, "Keys") the witness must trust the new key too: when the key file
# is not the anchor, its vkey is added; the command service itself accepts it only through a rotation statement.
witness_rotated_logs=()
if [[ $LEDGER_LEDGER_VKEY != "$LEDGER_PROOF_TRUSTEDKEYS_0" ]]; then
	witness_rotated_logs=(--log "$LEDGER_LEDGER_VKEY")
fi
start_service ledger-witness "$LEDGER_RUN_DIR/ledger-witness.log" "$LEDGER_JAVA" -jar "$witness_jar" serve \
	--name "$witness_name" --key-file "$witness_key" --state-dir "$witness_state" --log "$LEDGER_PROOF_TRUSTEDKEYS_0" ${witness_rotated_logs[@]+"${witness_rotated_logs[@]}"} \
	--port $WITNESS_PORT
for ((i = 0; i < 60; i++)); do
	curl -fsS --max-time 2 "$LEDGER_WITNESS_URL/health" >/dev/null 2>&1 && break
	running_pid "$LEDGER_RUN_DIR/ledger-witness.pid" >/dev/null ||
		die "the witness exited during start-up: see $LEDGER_RUN_DIR/ledger-witness.log"
	sleep 0.5
done
# Local mode: the ready-made demo accounts (README). Production signs in with JWTs instead (docs/security.md).
export SPRING_CONFIG_ADDITIONAL_LOCATION="$LEDGER_ROOT/deploy/local-accounts.yml"
# LEDGER_JAVA_OPTS: extra JVM options for both services (e.g. -Xmx1g), word-split on purpose.
# shellcheck disable=SC2086
start_service consent-command "$LEDGER_RUN_DIR/consent-command.log" \
	env SERVER_PORT=$COMMAND_PORT "$LEDGER_JAVA" ${LEDGER_JAVA_OPTS:-} -jar "$command_jar"
# shellcheck disable=SC2086
start_service consent-query "$LEDGER_RUN_DIR/consent-query.log" \
	env SERVER_PORT=$QUERY_PORT "$LEDGER_JAVA" ${LEDGER_JAVA_OPTS:-} -jar "$query_jar"
wait_healthy consent-command $COMMAND_PORT "$LEDGER_RUN_DIR/consent-command.log"
wait_healthy consent-query $QUERY_PORT "$LEDGER_RUN_DIR/consent-query.log"

if [[ $detach == 1 ]]; then
	stop_hint="./deploy/run.sh stop"
else
	stop_hint="Ctrl-C (or: kill $$)"
fi
cat <<EOF

  Consent ledger is running
  -------------------------
  Command service, HTTP ingestion   POST http://localhost:$COMMAND_PORT/api/v1/events
                                    (Content-Type: application/cloudevents+json; try ./deploy/post-examples.sh)
  DPO dashboard                     http://localhost:$QUERY_PORT/ (sign in as dpo-kinoqazaqsha / dpo-demo)
  Query API                         http://localhost:$QUERY_PORT/api/v1/...
  Demo accounts (local mode)        ingest/ingest-demo, dpo-kinoqazaqsha/dpo-demo, dpo-ipsm/dpo-demo,
                                    dpo-aitu/dpo-demo, regulator/regulator-demo, admin/admin-demo
                                    (deploy/local-accounts.yml; HTTP Basic for the APIs)
  Regulator export, as of           http://localhost:$QUERY_PORT/api/v1/operators/{bin}/subjects/{subject}/export
                                    .../as-of?at=2026-11-05 (both need an X-Access-Reason header or ?reason=)
  Ledger checkpoint, keys, proofs   http://localhost:$COMMAND_PORT/api/v1/ledger/checkpoint, .../vkey, .../proofs/inclusion
  Offline verifier                  java -jar ledger-verifier/target/ledger-verifier.jar verify --bundle ... \\
                                      --ledger-key "\$(cat $LEDGER_RUN_DIR/ledger.vkey)" --witness "$LEDGER_WITNESS_VKEY"
  Witness                           $LEDGER_WITNESS_URL/latest?origin=$LEDGER_ORIGIN (docs/witness.md)
                                    witness vkey $LEDGER_WITNESS_VKEY
                                    ledger vkey  $LEDGER_LEDGER_VKEY
  Swagger UI                        http://localhost:$QUERY_PORT/swagger-ui.html
  OpenAPI                           http://localhost:$QUERY_PORT/v3/api-docs
  Kafka                             $LEDGER_KAFKA_BOOTSTRAP, topic $LEDGER_TOPIC, dead letters $LEDGER_TOPIC.dlt
                                    (send the examples: ./deploy/produce-examples.sh)
  PostgreSQL                        $LEDGER_DB_URL (services ledger_app/ledger_app, owner ledger/ledger)
  Logs                              $LEDGER_RUN_DIR/{consent-command,consent-query,ledger-witness,kafka}.log
  Stop                              $stop_hint

EOF

if [[ $demo == 1 ]]; then
	log "loading demo data into $LEDGER_TOPIC: the story of $LEDGER_EXAMPLES_DIR, the DPO's week, then synthetic subjects"
	LEDGER_EXTRA_CP="$(newest_jar 'deploy/target/deploy-*.jar')" run_java_tool kz.consentledger.deploy.DemoLoader \
		--bootstrap "$LEDGER_KAFKA_BOOTSTRAP" --topic "$LEDGER_TOPIC" --examples "$LEDGER_EXAMPLES_DIR" \
		--week "${LEDGER_DPO_WEEK_DIR:-$LEDGER_ROOT/docs/demo/dpo-week}" \
		--subjects "${LEDGER_DEMO_SUBJECTS:-3000}" --seed "${LEDGER_DEMO_SEED:-42}"
	# The ledger consumes asynchronously: give it a moment before pointing at the story's subject.
	for ((i = 0; i < 60; i++)); do
		curl -fsS -o /dev/null --max-time 2 -u dpo-kinoqazaqsha:dpo-demo "$SAMPLE_URL" 2>/dev/null && break
		sleep 1
	done
	echo
	echo "  Sample query (the story's subject at KinoQazaqsha): curl -u dpo-kinoqazaqsha:dpo-demo $SAMPLE_URL"
	echo
fi

started=1
if [[ $detach == 1 ]]; then
	log "running in the background; stop with ./deploy/run.sh stop"
	exit 0
fi

log "running; press Ctrl-C to stop"
while true; do
	for name in kafka ledger-witness consent-command consent-query; do
		if ! running_pid "$LEDGER_RUN_DIR/$name.pid" >/dev/null; then
			die "$name stopped unexpectedly: see $LEDGER_RUN_DIR/$name.log (stopping the rest)"
		fi
	done
	# Waiting on a background sleep keeps the traps responsive to Ctrl-C and SIGTERM.
	sleep 2 &
	wait $! || true
done
