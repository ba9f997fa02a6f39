#!/usr/bin/env bash
# Sends the contract's example events to Kafka in the story order of docs/contract/examples/README.md, with
# Kafka's own console producer, as an upstream service would (structured CloudEvents, keyed operator:subject).
#
#   ./deploy/produce-examples.sh [--upto N] [EXAMPLES_DIR]
#
# Environment: LEDGER_KAFKA_BOOTSTRAP (localhost:9092), LEDGER_TOPIC (consent.events.v1), LEDGER_LIB_DIR.
set -euo pipefail
# shellcheck source=lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

story_files "$@"
command -v python3 >/dev/null || die "python3 is needed to compact the JSON files"
port_open "${LEDGER_KAFKA_BOOTSTRAP%:*}" "${LEDGER_KAFKA_BOOTSTRAP##*:}" ||
	die "Kafka does not answer on $LEDGER_KAFKA_BOOTSTRAP (start it with ./deploy/run.sh)"

# One line per event: "content-type header<TAB>key<TAB>compact CloudEvent JSON". The header makes the record a
# structured-mode CloudEvent by the Kafka binding (the ledger would also take the JSON value without it).
lines="$(mktemp)"
trap 'rm -f "$lines"' EXIT
count=0
for file in "${STORY_FILES[@]}"; do
	name=$(basename "$file" .json)
	python3 - "$file" >>"$lines" <<-'PY'
		import json, sys
		event = json.load(open(sys.argv[1], encoding="utf-8"))
		data = event["data"]
		# Key operator:subject (policy events: operator) keeps one subject's events in one partition, in order.
		key = data["operator"] + (":" + event["subject"] if "subject" in event else "")
		value = json.dumps(event, separators=(",", ":"), ensure_ascii=False)
		print("content-type:application/cloudevents+json; charset=UTF-8\t" + key + "\t" + value)
	PY
	log "queued $name.json ($(cut -f2 <"$lines" | tail -n 1))"
	count=$((count + 1))
done

run_java_tool org.apache.kafka.tools.ConsoleProducer --bootstrap-server "$LEDGER_KAFKA_BOOTSTRAP" \
	--topic "$LEDGER_TOPIC" --request-required-acks all --sync \
	--reader-property parse.headers=true --reader-property parse.key=true \
	--reader-property "key.separator=$(printf '\t')" --reader-property "headers.delimiter=$(printf '\t')" <"$lines"
log "sent $count example event(s) to $LEDGER_TOPIC on $LEDGER_KAFKA_BOOTSTRAP"
